import { describe, expect, it } from "vitest";
import { ConfigError } from "./errors.ts";
import { parseSchedule, stripQuotes } from "./schedule.ts";

describe("parseSchedule", () => {
  it.each([
    ["0 0 4 * * *", { kind: "cron", pattern: "0 0 4 * * *" }],
    ["*/30 * * * * *", { kind: "cron", pattern: "*/30 * * * * *" }],
    ["0 4 * * *", { kind: "cron", pattern: "0 0 4 * * *" }],
    ["*/5 * * * *", { kind: "cron", pattern: "0 */5 * * * *" }],
    ["0 0 9 * * MON-FRI", { kind: "cron", pattern: "0 0 9 * * MON-FRI" }],
    ["'0 0 4 * * *'", { kind: "cron", pattern: "0 0 4 * * *" }],
    ['"@daily"', { kind: "cron", pattern: "0 0 0 * * *" }],
    ["@hourly", { kind: "cron", pattern: "0 0 * * * *" }],
    ["@midnight", { kind: "cron", pattern: "0 0 0 * * *" }],
    ["@weekly", { kind: "cron", pattern: "0 0 0 * * 0" }],
    ["@monthly", { kind: "cron", pattern: "0 0 0 1 * *" }],
    ["@yearly", { kind: "cron", pattern: "0 0 0 1 1 *" }],
    ["@annually", { kind: "cron", pattern: "0 0 0 1 1 *" }],
    ["@every 86400s", { kind: "every", ms: 86_400_000 }],
    ["@every 1h30m", { kind: "every", ms: 5_400_000 }],
    ["@every 1500ms", { kind: "every", ms: 1000 }],
    ["@every 100ms", { kind: "every", ms: 1000 }],
  ])("%j → %j", (spec, expected) => {
    expect(parseSchedule(spec)).toEqual(expected);
  });

  it("checks the pattern in the given time zone", () => {
    expect(parseSchedule("0 30 2 * * *", "Europe/Amsterdam")).toEqual({
      kind: "cron",
      pattern: "0 30 2 * * *",
    });
  });

  it.each([
    "",
    "60 * * * * *",
    "* 60 * * * *",
    "* * 25 * * *",
    "0 0 0 30 2 *",
    "a b c d e",
    "* * * *",
    "0 0 0 * * * 2030",
    "@every",
    "@every 10",
    "@every -5m",
    "@fortnightly",
  ])("%j is a ConfigError naming the value", (spec) => {
    expect(() => parseSchedule(spec)).toThrow(ConfigError);
    expect(() => parseSchedule(spec)).toThrow(`"${spec}"`);
  });
});

describe("stripQuotes", () => {
  it.each([
    ["'a b'", "a b"],
    ['"a b"', "a b"],
    ["  'a'  ", "a"],
    ["'a\"", "'a\""],
    ["'", "'"],
  ])("%j → %j", (input, output) => {
    expect(stripQuotes(input)).toBe(output);
  });
});
