import { describe, expect, it } from "vitest";
import { tagFilter } from "./tag-filters.ts";
import { containerTagPolicy, TAG_POLICIES } from "./tag-policy.ts";
import { OPTIONS } from "../../config/options-table.ts";

describe("tagFilter", () => {
  it.each<[string, Record<string, string>, string[], string[]]>([
    ["no labels", {}, ["1.2.3", "anything"], []],
    ["include", { "bosun.tag-include": "^1\\.2\\." }, ["1.2.4"], ["1.3.0", "v1.2.4"]],
    ["exclude", { "bosun.tag-exclude": "-rc|beta" }, ["1.3.0"], ["1.4.0-rc1", "2.0.0-beta"]],
    ["both", { "bosun.tag-include": "^1\\.", "bosun.tag-exclude": "^1\\.3" }, ["1.2.4"], ["1.3.0", "2.0.0"]],
    ["empty labels mean none", { "bosun.tag-include": "", "bosun.tag-exclude": "" }, ["1.3.0"], []],
  ])("%s", (_name, labels, accepted, refused) => {
    const filter = tagFilter(labels);
    if (!filter.ok) throw new Error(filter.reason);
    for (const tag of accepted) expect(filter.accepts(tag), tag).toBe(true);
    for (const tag of refused) expect(filter.accepts(tag), tag).toBe(false);
  });

  it.each([
    ["bosun.tag-include", "^1.(2"],
    ["bosun.tag-exclude", "[z-a]"],
  ])("an invalid %s is a reason naming the label", (label, source) => {
    const filter = tagFilter({ [label]: source });
    expect(filter.ok).toBe(false);
    expect(!filter.ok && filter.reason).toMatch(
      new RegExp(`^label ${label.replace(".", "\\.")} is not a valid regular expression: .+`),
    );
  });
});

describe("containerTagPolicy", () => {
  it.each([
    [{}, "digest", { ok: true, policy: "digest" }],
    [{}, "semver:minor", { ok: true, policy: "semver:minor" }],
    [{ "bosun.tag-policy": "semver:patch" }, "digest", { ok: true, policy: "semver:patch" }],
    [{ "bosun.tag-policy": " SemVer:Major " }, "digest", { ok: true, policy: "semver:major" }],
    [{ "bosun.tag-policy": "digest" }, "semver:minor", { ok: true, policy: "digest" }],
    [{ "bosun.tag-policy": "" }, "semver:minor", { ok: true, policy: "semver:minor" }],
    [
      { "bosun.tag-policy": "semver" },
      "digest",
      {
        ok: false,
        reason:
          'label bosun.tag-policy="semver" is not one of digest, semver:patch, semver:minor, semver:major',
      },
    ],
  ] as const)("%j with default %s", (labels, fallback, expected) => {
    expect(containerTagPolicy(labels, fallback)).toEqual(expected);
  });

  it("offers the same policies as --tag-policy", () => {
    expect(OPTIONS.find((option) => option.long === "tag-policy")?.choices).toEqual(TAG_POLICIES);
  });
});
