import { describe, expect, it } from "vitest";
import { compareVersions, parseVersion, sameShape, type TagVersion } from "./version.ts";

function version(tag: string): TagVersion {
  const parsed = parseVersion(tag);
  if (parsed === undefined) throw new Error(`${tag} is not a version`);
  return parsed;
}

describe("parseVersion", () => {
  it.each([
    ["1.2.3", { prefix: "", release: [1, 2, 3], prerelease: undefined, family: "" }],
    ["v1.2.3", { prefix: "v", release: [1, 2, 3], prerelease: undefined, family: "" }],
    ["1.2", { prefix: "", release: [1, 2], prerelease: undefined, family: "" }],
    ["16.2", { prefix: "", release: [16, 2], prerelease: undefined, family: "" }],
    ["1.3.0-alpine", { prefix: "", release: [1, 3, 0], prerelease: undefined, family: "alpine" }],
    ["1.3.0-alpine3.19", { prefix: "", release: [1, 3, 0], prerelease: undefined, family: "alpine3.19" }],
    ["1.25-bookworm-slim", { prefix: "", release: [1, 25], prerelease: undefined, family: "bookworm-slim" }],
    ["1.4.0-rc1", { prefix: "", release: [1, 4, 0], prerelease: "rc1", family: "" }],
    ["1.4.0-rc.2", { prefix: "", release: [1, 4, 0], prerelease: "rc.2", family: "" }],
    ["2.0.0-beta", { prefix: "", release: [2, 0, 0], prerelease: "beta", family: "" }],
    ["2.0.0-RC1", { prefix: "", release: [2, 0, 0], prerelease: "RC1", family: "" }],
    ["1.4.0-rc1-alpine", { prefix: "", release: [1, 4, 0], prerelease: "rc1", family: "alpine" }],
    ["v0.10.7", { prefix: "v", release: [0, 10, 7], prerelease: undefined, family: "" }],
  ])("%s", (tag, expected) => {
    expect(parseVersion(tag)).toEqual({ tag, ...expected });
  });

  it.each([
    "latest",
    "stable",
    "edge",
    "16",
    "v2",
    "1.2.3.4",
    "1.2.",
    ".1.2",
    "1.2.3-",
    "1.2.3_x",
    "V1.2.3",
    "x1.2.3",
  ])("%s is not a version", (tag) => {
    expect(parseVersion(tag)).toBeUndefined();
  });
});

describe("compareVersions", () => {
  it.each([
    ["1.2.4", "1.2.3", 1],
    ["1.10.0", "1.9.9", 1],
    ["2.0.0", "1.99.99", 1],
    ["1.2.3", "1.2.3", 0],
    ["v1.2.3", "1.2.3", 0],
    ["1.3", "1.2", 1],
    ["1.4.0", "1.4.0-rc1", 1],
    ["1.4.0-rc2", "1.4.0-rc1", 1],
    ["1.4.0-rc10", "1.4.0-rc9", 1],
    ["1.4.0-beta", "1.4.0-alpha", 1],
    ["1.4.0-rc1", "1.4.0-beta.3", 1],
    ["1.4.0-rc.2", "1.4.0-rc.1", 1],
    ["1.4.0-rc1", "1.3.9", 1],
  ])("%s vs %s → %i", (a, b, expected) => {
    expect(compareVersions(version(a), version(b))).toBe(expected);
    expect(compareVersions(version(b), version(a))).toBe(-expected || 0);
  });
});

describe("sameShape", () => {
  it.each([
    ["1.2.3", "1.3.0", true],
    ["1.2.3", "v1.3.0", false],
    ["1.2.3", "1.3", false],
    ["1.2.3-alpine", "1.3.0-alpine", true],
    ["1.2.3-alpine", "1.3.0", false],
    ["1.2.3", "1.3.0-alpine", false],
    ["1.2.3-alpine", "1.3.0-rc1-alpine", true],
    ["1.2.3", "1.3.0-rc1", true],
  ])("%s and %s → %s", (a, b, expected) => {
    expect(sameShape(version(a), version(b))).toBe(expected);
  });
});
