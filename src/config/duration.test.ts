import { describe, expect, it } from "vitest";
import { parseGoBool } from "./bool.ts";
import { parseDurationSetting, parseGoDuration } from "./duration.ts";

describe("parseGoDuration", () => {
  it.each([
    ["0", 0],
    ["1s", 1000],
    ["1m30s", 90_000],
    ["1h2m3s", 3_723_000],
    ["500ms", 500],
    ["1.5h", 5_400_000],
    [".5s", 500],
    ["1000us", 1],
    ["2000000ns", 2],
    ["-1s", -1000],
    ["+2s", 2000],
  ])("%j is %d ms", (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 6);
  });
  it.each(["", "1", "s", "1x", "1s2", "1 s", "--1s", ".s", "abc"])("%j is not a Go duration", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe("parseDurationSetting", () => {
  it.each([
    ["30", 30_000],
    ["2.5", 2500],
    ["-1", -1000],
    ["1m30s", 90_000],
    ["1ns", 0],
    [" 10s ", 10_000],
  ])("%j is %d ms", (text, ms) => {
    expect(parseDurationSetting(text)).toBe(ms);
  });
  it("rejects garbage", () => {
    expect(parseDurationSetting("ten")).toBeUndefined();
  });
});

describe("parseGoBool", () => {
  it.each([
    ["1", true],
    ["t", true],
    ["T", true],
    ["TRUE", true],
    ["true", true],
    ["True", true],
    ["0", false],
    ["f", false],
    ["F", false],
    ["FALSE", false],
    ["false", false],
    ["False", false],
    ["yes", undefined],
    ["", undefined],
    ["tRuE", undefined],
  ])("%j → %j", (text, value) => {
    expect(parseGoBool(text)).toBe(value);
  });
});
