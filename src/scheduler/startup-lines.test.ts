import { describe, expect, it } from "vitest";
import { formatGoTime, humanizeDuration, startupScheduleLines } from "./startup-lines.ts";

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe("humanizeDuration", () => {
  it.each([
    [0, "0 seconds"],
    [400, "0 seconds"],
    [1 * S, "1 second"],
    [59 * S, "59 seconds"],
    [1 * M, "1 minute"],
    [1 * M + 1 * S, "1 minute, 1 second"],
    [5 * M + 30 * S + 999, "5 minutes, 30 seconds"],
    [1 * H, "1 hour"],
    [1 * H + 30 * S, "1 hour, 30 seconds"],
    [2 * H + 1 * M, "2 hours, 1 minute"],
    [23 * H + 59 * M + 59 * S, "23 hours, 59 minutes, 59 seconds"],
    [49 * H, "49 hours"],
    [-5 * S, "0 seconds"],
  ])("%d ms → %s", (ms, expected) => {
    expect(humanizeDuration(ms)).toBe(expected);
  });
});

describe("formatGoTime", () => {
  it.each([
    ["2026-01-02T15:04:05Z", "UTC", "2026-01-02 15:04:05 +0000 UTC"],
    ["2026-01-02T15:04:05Z", "Europe/Berlin", "2026-01-02 16:04:05 +0100 CET"],
    ["2026-07-02T15:04:05Z", "Europe/Berlin", "2026-07-02 17:04:05 +0200 CEST"],
    ["2026-07-02T15:04:05Z", "America/New_York", "2026-07-02 11:04:05 -0400 EDT"],
    ["2026-01-02T00:30:00Z", "America/Los_Angeles", "2026-01-01 16:30:00 -0800 PST"],
    ["2026-01-02T15:04:05Z", "Asia/Kolkata", "2026-01-02 20:34:05 +0530 +0530"],
    ["2026-01-02T23:59:59Z", "Asia/Dubai", "2026-01-03 03:59:59 +0400 GST"],
  ])("%s in %s → %s", (instant, tz, expected) => {
    expect(formatGoTime(new Date(instant), tz)).toBe(expected);
  });

  it.runIf(new Date().toString().endsWith("(Coordinated Universal Time)"))(
    "prints a UTC system zone as the UTC zone (read without Intl)",
    () => {
      for (const instant of ["2026-01-02T15:04:05Z", "0999-12-31T23:59:59Z", "2026-07-02T00:00:00Z"]) {
        expect(formatGoTime(new Date(instant), undefined)).toBe(formatGoTime(new Date(instant), "UTC"));
      }
    },
  );

  it("uses the system zone without a TZ", () => {
    expect(formatGoTime(new Date("2026-01-02T15:04:05Z"), undefined)).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \S+$/,
    );
  });
});

describe("startupScheduleLines", () => {
  it("announces the first run and the wait", () => {
    const now = new Date("2026-01-02T00:00:01Z");
    expect(startupScheduleLines(new Date("2026-01-03T00:00:00Z"), now, "UTC")).toEqual([
      "Scheduling first run: 2026-01-03 00:00:00 +0000 UTC",
      "Note that the first check will be performed in 23 hours, 59 minutes, 59 seconds",
    ]);
  });

  it("says periodic runs are off when nothing is scheduled", () => {
    expect(startupScheduleLines(undefined, new Date(0), "UTC")).toEqual(["Periodic runs are not enabled."]);
  });
});
