import { describe, expect, it } from "vitest";
import { buildFilter, containerScope, type FilterOptions } from "./filter.ts";

const ENABLE = "com.centurylinklabs.watchtower.enable";
const SCOPE = "com.centurylinklabs.watchtower.scope";

const NONE: FilterOptions = { names: [], disableContainers: [], labelEnable: false, scope: undefined };

function matches(options: Partial<FilterOptions>, name: string, labels: Record<string, string> = {}) {
  return buildFilter({ ...NONE, ...options }).matches({ name, labels });
}

describe("buildFilter: names", () => {
  it.each<[string, string, boolean]>([
    ["app", "/app", true],
    ["/app", "/app", true],
    // The original's quirk: one trailing character may be left out of a regex match.
    ["app", "/app2", true],
    ["app", "/app12", false],
    ["app2", "/app", false],
    ["web-.*", "/web-1", true],
    ["web-\\d+", "/web-12", true],
    ["^/app$", "/app", true],
    // The match must span the whole name, except the leading `/` and one trailing character.
    ["ap", "/app", true],
    ["a", "/app", false],
    ["pp", "/app", false],
    ["web", "/my-web", false],
    ["web", "/web-server", false],
    ["/ap", "/app", true],
    ["[", "/[", true],
    ["[", "/x[", false],
    ["(unclosed", "/x", false],
  ])("pattern %j vs %j: %s", (pattern, name, expected) => {
    expect(matches({ names: [pattern] }, name)).toBe(expected);
  });

  it("any of several names is enough; empty names are ignored", () => {
    expect(matches({ names: ["db", "web"] }, "/web")).toBe(true);
    expect(matches({ names: ["db", "web"] }, "/cache")).toBe(false);
    expect(matches({ names: [""] }, "/anything")).toBe(true);
  });
});

describe("buildFilter: the other filters", () => {
  it.each<[string, Partial<FilterOptions>, string, Record<string, string>, boolean]>([
    ["no options: everything", {}, "/a", {}, true],
    ["disabled by exact name", { disableContainers: ["/a"] }, "/a", {}, false],
    ["disabled by name without slash", { disableContainers: ["a"] }, "/a", {}, false],
    ["disable names are not regexes", { disableContainers: ["a.*"] }, "/abc", {}, true],
    ["disable wins over names", { names: ["a"], disableContainers: ["a"] }, "/a", {}, false],
    ["enable=false always excluded", {}, "/a", { [ENABLE]: "false" }, false],
    ["enable=0 always excluded", {}, "/a", { [ENABLE]: "0" }, false],
    ["enable=false excluded even when named", { names: ["a"] }, "/a", { [ENABLE]: "false" }, false],
    ["enable=garbage without label-enable: included", {}, "/a", { [ENABLE]: "yes" }, true],
    ["label-enable needs the label", { labelEnable: true }, "/a", {}, false],
    ["label-enable with enable=true", { labelEnable: true }, "/a", { [ENABLE]: "true" }, true],
    ["label-enable with enable=T", { labelEnable: true }, "/a", { [ENABLE]: "T" }, true],
    ["label-enable with enable=false", { labelEnable: true }, "/a", { [ENABLE]: "false" }, false],
    ["label-enable with unparseable value", { labelEnable: true }, "/a", { [ENABLE]: "yes" }, false],
    ["no scope flag sees scoped containers", {}, "/a", { [SCOPE]: "x" }, true],
    ["scope x sees scope x", { scope: "x" }, "/a", { [SCOPE]: "x" }, true],
    ["scope x does not see scope y", { scope: "x" }, "/a", { [SCOPE]: "y" }, false],
    ["scope x does not see unscoped", { scope: "x" }, "/a", {}, false],
    ["scope none sees unscoped", { scope: "none" }, "/a", {}, true],
    ["scope none sees an empty scope label", { scope: "none" }, "/a", { [SCOPE]: "" }, true],
    ["scope none does not see scope x", { scope: "none" }, "/a", { [SCOPE]: "x" }, false],
    ["scope none sees a literal none scope", { scope: "none" }, "/a", { [SCOPE]: "none" }, true],
  ])("%s", (_, options, name, labels, expected) => {
    expect(matches(options, name, labels)).toBe(expected);
  });
});

describe("containerScope", () => {
  it.each<[Record<string, string>, string]>([
    [{}, "none"],
    [{ [SCOPE]: "" }, "none"],
    [{ [SCOPE]: "prod" }, "prod"],
  ])("%j is %s", (labels, expected) => {
    expect(containerScope(labels)).toBe(expected);
  });
});

describe("filter description", () => {
  it.each<[Partial<FilterOptions>, string]>([
    [{}, "Checking all containers (except explicitly disabled with label)"],
    [{ names: ["a", "b"] }, 'Only checking containers which name matches "a" or "b"'],
    [{ disableContainers: ["x"] }, 'Only checking containers not named "x"'],
    [{ labelEnable: true }, "Only checking containers using enable label"],
    [{ scope: "prod" }, 'Only checking containers in scope "prod"'],
    [
      { names: ["a", "b"], labelEnable: true, scope: "x" },
      'Only checking containers which name matches "a" or "b", using enable label, in scope "x"',
    ],
    [
      { names: [""], disableContainers: [""] },
      "Checking all containers (except explicitly disabled with label)",
    ],
  ])("%j", (options, expected) => {
    expect(buildFilter({ ...NONE, ...options }).description).toBe(expected);
  });
});
