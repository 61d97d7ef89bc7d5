import { describe, expect, it } from "vitest";
import { hookTimeoutMs, labelOrFlag, parseBool } from "./labels.ts";

const KEY = "com.centurylinklabs.watchtower.monitor-only";

describe("parseBool (Go strconv.ParseBool)", () => {
  it.each(["1", "t", "T", "TRUE", "true", "True"])("%j is true", (value) => {
    expect(parseBool(value)).toBe(true);
  });
  it.each(["0", "f", "F", "FALSE", "false", "False"])("%j is false", (value) => {
    expect(parseBool(value)).toBe(false);
  });
  it.each([undefined, "", "yes", "no", "tRUE", " true", "2", "on"])("%j is unparseable", (value) => {
    expect(parseBool(value)).toBeUndefined();
  });
});

describe("labelOrFlag", () => {
  // label value (undefined = no label) × flag × label-take-precedence → result
  it.each<[string | undefined, boolean, boolean, boolean]>([
    [undefined, false, false, false],
    [undefined, true, false, true],
    [undefined, false, true, false],
    [undefined, true, true, true],
    ["true", false, false, true],
    ["true", true, false, true],
    ["true", false, true, true],
    ["true", true, true, true],
    ["false", false, false, false],
    ["false", true, false, true],
    ["false", false, true, false],
    ["false", true, true, false],
    ["garbage", false, false, false],
    ["garbage", true, false, true],
    ["garbage", false, true, false],
    ["garbage", true, true, true],
  ])("label %j, flag %s, take-precedence %s: %s", (label, flag, precedence, expected) => {
    const labels = label === undefined ? {} : { [KEY]: label };
    expect(labelOrFlag(labels, KEY, flag, precedence)).toBe(expected);
  });
});

describe("hookTimeoutMs", () => {
  it.each<[string | undefined, number]>([
    [undefined, 60_000],
    ["", 60_000],
    ["abc", 60_000],
    ["-1", 60_000],
    ["1.5", 60_000],
    ["0", 0],
    ["5", 300_000],
    [" 2 ", 120_000],
  ])("%j is %d ms", (value, expected) => {
    expect(hookTimeoutMs(value)).toBe(expected);
  });
});
