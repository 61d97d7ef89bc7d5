import { describe, expect, it } from "vitest";
import { DockerConfigError } from "./errors.ts";
import { compareApiVersions, negotiateApiVersion, supportsApiVersion } from "./version.ts";

describe("negotiateApiVersion", () => {
  it.each<[string | undefined, string]>([
    ["1.41", "1.41"],
    ["1.52", "1.52"],
    ["1.53", "1.52"],
    ["2.0", "1.52"],
    ["1.24", "1.24"],
    ["1.9", "1.24"],
    ["1.12", "1.24"],
    [undefined, "1.24"],
    ["garbage", "1.24"],
    ["1.41.0", "1.24"],
  ])("daemon %j → %s", (daemon, expected) => {
    expect(negotiateApiVersion(daemon)).toBe(expected);
  });
});

describe("compareApiVersions", () => {
  it.each([
    ["1.9", "1.41", -1],
    ["1.41", "1.41", 0],
    ["1.42", "1.41", 1],
    ["2.1", "1.99", 1],
  ])("%s vs %s", (a, b, sign) => {
    expect(Math.sign(compareApiVersions(a, b))).toBe(sign);
  });

  it("rejects a malformed version", () => {
    expect(() => compareApiVersions("v1.41", "1.41")).toThrow(DockerConfigError);
  });
});

describe("supportsApiVersion", () => {
  it.each([
    ["1.41", "1.42", false],
    ["1.42", "1.42", true],
    ["1.52", "1.42", true],
  ])("%s supports %s: %s", (version, required, expected) => {
    expect(supportsApiVersion(version, required)).toBe(expected);
  });
});
