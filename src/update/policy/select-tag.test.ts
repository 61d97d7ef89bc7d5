import { describe, expect, it } from "vitest";
import { selectTag } from "./select-tag.ts";
import type { SemverPolicy } from "./tag-policy.ts";

/** The tags the e2e registry gets, plus the shapes a real repository mixes in. */
const TAGS = [
  "latest",
  "stable",
  "1",
  "1.2",
  "1.3",
  "1.2.3",
  "1.2.4",
  "1.2.10",
  "1.3.0",
  "1.3.1-rc1",
  "1.4.0-rc1",
  "2.0.0",
  "2.1.0-beta",
  "v1.2.5",
  "v3.0.0",
  "1.2.3-alpine",
  "1.2.9-alpine",
  "1.3.0-alpine",
  "1.4.0-rc1-alpine",
];

describe("selectTag", () => {
  it.each<[string, SemverPolicy, string | undefined]>([
    ["1.2.3", "semver:patch", "1.2.10"],
    ["1.2.3", "semver:minor", "1.3.0"],
    ["1.2.3", "semver:major", "2.0.0"],
    ["1.2.10", "semver:patch", undefined],
    ["2.0.0", "semver:major", undefined],
    ["1.3.0", "semver:minor", undefined],
    // the `v` style is kept
    ["v1.2.3", "semver:patch", "v1.2.5"],
    ["v1.2.3", "semver:major", "v3.0.0"],
    // two-component tags move among two-component tags
    ["1.2", "semver:minor", "1.3"],
    ["1.2", "semver:patch", undefined],
    // suffix families
    ["1.2.3-alpine", "semver:patch", "1.2.9-alpine"],
    ["1.2.3-alpine", "semver:major", "1.3.0-alpine"],
    // pre-releases only from a pre-release, and a release beats its pre-releases
    ["1.4.0-rc1", "semver:minor", undefined],
    ["1.3.1-rc1", "semver:patch", undefined],
    ["1.3.0", "semver:major", "2.0.0"],
    ["2.1.0-beta", "semver:major", undefined],
    ["1.4.0-rc1-alpine", "semver:minor", undefined],
    // tags that are not versions keep the digest rule
    ["latest", "semver:major", undefined],
    ["1", "semver:major", undefined],
  ])("%s under %s → %s", (current, policy, expected) => {
    expect(selectTag(current, TAGS, policy)).toBe(expected);
  });

  it("moves a pre-release to a higher pre-release or release", () => {
    expect(selectTag("1.4.0-rc1", ["1.4.0-rc2", "1.4.0-rc10"], "semver:patch")).toBe("1.4.0-rc10");
    expect(selectTag("1.4.0-rc1", ["1.4.0-rc2", "1.4.0"], "semver:patch")).toBe("1.4.0");
    expect(selectTag("1.4.0-rc1", ["1.5.0-beta", "1.4.0-rc2"], "semver:minor")).toBe("1.5.0-beta");
  });

  it.each<[string, RegExp | undefined, RegExp | undefined, string | undefined]>([
    ["only 1.2.x allowed by include", /^1\.2\./, undefined, "1.2.10"],
    ["exclude the newest", undefined, /^2\./, "1.3.0"],
    ["exclude everything", undefined, /./, undefined],
    ["include and exclude", /^1\./, /^1\.3/, "1.2.10"],
  ])("%s", (_name, include, exclude, expected) => {
    const accepts = (tag: string) =>
      (include === undefined || include.test(tag)) && (exclude === undefined || !exclude.test(tag));
    expect(selectTag("1.2.3", TAGS, "semver:major", accepts)).toBe(expected);
  });
});
