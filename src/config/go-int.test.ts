import { describe, expect, it } from "vitest";
import { parseGoInt, trimZeroDecimal } from "./go-int.ts";

describe("parseGoInt (strconv.ParseInt(s, 0, 64))", () => {
  it.each<[string, number | undefined]>([
    ["30", 30],
    ["+30", 30],
    ["-5", -5],
    ["0", 0],
    ["030", 24],
    ["0o30", 24],
    ["0x1F", 31],
    ["0X1f", 31],
    ["0b101", 5],
    ["1_000", 1000],
    ["0x_1f", 31],
    ["0_17", 15],
    ["08", undefined],
    ["1__0", undefined],
    ["_10", undefined],
    ["10_", undefined],
    ["0x", undefined],
    ["", undefined],
    ["-", undefined],
    [" 30", undefined],
    ["30 ", undefined],
    ["3e2", undefined],
    ["10.0", undefined],
    ["abc", undefined],
    ["9223372036854775808", undefined],
  ])("%j → %s", (text, expected) => {
    expect(parseGoInt(text)).toBe(expected);
  });
});

describe("trimZeroDecimal (spf13/cast)", () => {
  it.each([
    ["10.0", "10"],
    ["10.00", "10"],
    ["100", "100"],
    ["10.", "10."],
    ["10.5", "10.5"],
    ["0.0", "0"],
  ])("%j → %j", (text, expected) => {
    expect(trimZeroDecimal(text)).toBe(expected);
  });
});
