import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/errors.ts";
import { everyNextRun, nextRunFromSpec } from "./next-run.ts";

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

describe("nextRunFromSpec", () => {
  it.each([
    // @every counts from the previous instant truncated to the second.
    ["@every 30s", "UTC", "2026-03-01T10:00:00.750Z", "2026-03-01T10:00:30.000Z"],
    ["@every 1h30m", "UTC", "2026-03-01T10:00:00Z", "2026-03-01T11:30:00.000Z"],
    ["@every 86400s", "UTC", "2026-03-01T10:00:05Z", "2026-03-02T10:00:05.000Z"],
    ["@every 300s", "Europe/Amsterdam", "2026-03-01T10:00:00Z", "2026-03-01T10:05:00.000Z"],
    // 6 fields, seconds first (Watchtower).
    ["0 0 4 * * *", "UTC", "2026-03-01T10:00:00Z", "2026-03-02T04:00:00.000Z"],
    ["*/30 * * * * *", "UTC", "2026-03-01T10:00:10Z", "2026-03-01T10:00:30.000Z"],
    ["0 0 9 * * MON-FRI", "UTC", "2026-02-27T10:00:00Z", "2026-03-02T09:00:00.000Z"], // Friday → Monday
    // 5 fields: standard cron, minute first.
    ["0 4 * * *", "UTC", "2026-03-01T10:00:00Z", "2026-03-02T04:00:00.000Z"],
    ["*/5 * * * *", "UTC", "2026-03-01T10:01:00Z", "2026-03-01T10:05:00.000Z"],
    // Descriptors.
    ["@hourly", "UTC", "2026-03-01T10:20:00Z", "2026-03-01T11:00:00.000Z"],
    ["@daily", "UTC", "2026-03-01T10:20:00Z", "2026-03-02T00:00:00.000Z"],
    ["@midnight", "UTC", "2026-03-01T10:20:00Z", "2026-03-02T00:00:00.000Z"],
    ["@weekly", "UTC", "2026-03-04T10:20:00Z", "2026-03-08T00:00:00.000Z"], // next Sunday
    ["@monthly", "UTC", "2026-03-04T10:20:00Z", "2026-04-01T00:00:00.000Z"],
    ["@yearly", "UTC", "2026-03-04T10:20:00Z", "2027-01-01T00:00:00.000Z"],
    // Time zones: 04:00 in Amsterdam is 03:00Z in winter, 02:00Z in summer; New York is -5/-4.
    ["0 0 4 * * *", "Europe/Amsterdam", "2026-01-10T12:00:00Z", "2026-01-11T03:00:00.000Z"],
    ["0 0 4 * * *", "Europe/Amsterdam", "2026-07-10T12:00:00Z", "2026-07-11T02:00:00.000Z"],
    ["0 4 * * *", "America/New_York", "2026-01-10T12:00:00Z", "2026-01-11T09:00:00.000Z"],
    ["@daily", "Asia/Kolkata", "2026-01-10T12:00:00Z", "2026-01-10T18:30:00.000Z"],
  ])("%s in %s after %s → %s", (spec, tz, after, expected) => {
    expect(iso(nextRunFromSpec(spec, tz).next(new Date(after)))).toBe(expected);
  });

  it("is strictly after the given instant", () => {
    const next = nextRunFromSpec("0 0 4 * * *", "UTC");
    expect(iso(next.next(new Date("2026-03-02T04:00:00Z")))).toBe("2026-03-03T04:00:00.000Z");
  });

  it("rejects an invalid spec with a ConfigError", () => {
    expect(() => nextRunFromSpec("61 * * * * *", "UTC")).toThrow(ConfigError);
    expect(() => nextRunFromSpec("@fortnightly", "UTC")).toThrow(ConfigError);
  });

  it("everyNextRun chains from each run", () => {
    const every = everyNextRun(60_000);
    const first = every.next(new Date("2026-03-01T10:00:00.400Z"));
    expect(iso(first)).toBe("2026-03-01T10:01:00.000Z");
    expect(iso(first === undefined ? undefined : every.next(first))).toBe("2026-03-01T10:02:00.000Z");
  });
});
