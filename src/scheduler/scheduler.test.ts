import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { reportOf } from "../../test/support/reports.ts";
import type { Clock } from "../util/clock.ts";
import type { ScheduledTick } from "./coordinator.ts";
import { everyNextRun, nextRunFromSpec } from "./next-run.ts";
import { MAX_SLEEP_MS, startScheduler } from "./scheduler.ts";

interface Sleeper {
  at: number;
  resolve(): void;
}

/** A clock that only moves when the test advances it; records every sleep. */
function fakeClock(start: number): Clock & { advance(ms: number): Promise<void>; slept: number[] } {
  let now = start;
  let sleepers: Sleeper[] = [];
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep(ms, signal) {
      slept.push(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted === true) {
          reject(new Error("aborted"));
          return;
        }
        const sleeper: Sleeper = { at: now + ms, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener("abort", () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(new Error("aborted"));
        });
      });
    },
    async advance(ms) {
      const target = now + ms;
      for (let guard = 0; guard < 10_000; guard++) {
        const due = sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        now = Math.max(now, due.at);
        sleepers = sleepers.filter((s) => s !== due);
        due.resolve();
        for (let i = 0; i < 20; i++) await Promise.resolve();
      }
      now = target;
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
  };
}

function fakeCoordinator(mergedAnswers: boolean[] = []): {
  ticks: number[];
  coordinator: { scheduledTick(): ScheduledTick };
  clockRef: { clock?: Clock };
} {
  const ticks: number[] = [];
  const clockRef: { clock?: Clock } = {};
  return {
    ticks,
    clockRef,
    coordinator: {
      scheduledTick() {
        ticks.push(clockRef.clock?.now() ?? -1);
        return { merged: mergedAnswers.shift() ?? false, report: Promise.resolve(reportOf([])) };
      },
    },
  };
}

const logger = pino({ level: "silent" });
const T0 = Date.parse("2026-03-01T10:00:00Z");

describe("startScheduler", () => {
  it("computes the first run and ticks at every due time", async () => {
    const clock = fakeClock(T0);
    const { ticks, coordinator, clockRef } = fakeCoordinator();
    clockRef.clock = clock;
    const scheduler = startScheduler({
      nextRun: everyNextRun(60_000),
      coordinator,
      clock,
      logger,
      updateOnStart: false,
    });
    expect(scheduler.firstRun?.toISOString()).toBe("2026-03-01T10:01:00.000Z");
    expect(scheduler.nextRun).toEqual(scheduler.firstRun);
    await clock.advance(59_999);
    expect(ticks).toEqual([]);
    await clock.advance(1);
    expect(ticks).toEqual([T0 + 60_000]);
    expect(scheduler.nextRun?.toISOString()).toBe("2026-03-01T10:02:00.000Z");
    await clock.advance(120_000);
    expect(ticks).toEqual([T0 + 60_000, T0 + 120_000, T0 + 180_000]);
    expect(scheduler.nextRun?.toISOString()).toBe("2026-03-01T10:04:00.000Z");
    await scheduler.stop();
    expect(scheduler.nextRun).toBeUndefined();
  });

  it("follows a cron schedule in its time zone", async () => {
    const clock = fakeClock(Date.parse("2026-01-10T12:00:00Z"));
    const { ticks, coordinator, clockRef } = fakeCoordinator();
    clockRef.clock = clock;
    const scheduler = startScheduler({
      nextRun: nextRunFromSpec("0 0 4 * * *", "Europe/Amsterdam"),
      coordinator,
      clock,
      logger,
      updateOnStart: false,
    });
    expect(scheduler.firstRun?.toISOString()).toBe("2026-01-11T03:00:00.000Z");
    await clock.advance(2 * 86_400_000);
    expect(ticks.map((t) => new Date(t).toISOString())).toEqual([
      "2026-01-11T03:00:00.000Z",
      "2026-01-12T03:00:00.000Z",
    ]);
    await scheduler.stop();
  });

  it("runs at once with updateOnStart, then on schedule", async () => {
    const clock = fakeClock(T0);
    const { ticks, coordinator, clockRef } = fakeCoordinator();
    clockRef.clock = clock;
    const scheduler = startScheduler({
      nextRun: everyNextRun(60_000),
      coordinator,
      clock,
      logger,
      updateOnStart: true,
    });
    await clock.advance(0);
    expect(ticks).toEqual([T0]);
    await clock.advance(60_000);
    expect(ticks).toEqual([T0, T0 + 60_000]);
    await scheduler.stop();
  });

  it("reports a tick merged into a pending full run as skipped", async () => {
    const clock = fakeClock(T0);
    const { coordinator } = fakeCoordinator([false, true, false]);
    let skipped = 0;
    const scheduler = startScheduler({
      nextRun: everyNextRun(1000),
      coordinator,
      clock,
      logger,
      updateOnStart: false,
      onSkipped: () => {
        skipped++;
      },
    });
    await clock.advance(3000);
    expect(skipped).toBe(1);
    await scheduler.stop();
  });

  it("sleeps in bounded steps for a far-away run", async () => {
    const clock = fakeClock(Date.parse("2026-03-04T10:20:00Z"));
    const { ticks, coordinator, clockRef } = fakeCoordinator();
    clockRef.clock = clock;
    const scheduler = startScheduler({
      nextRun: nextRunFromSpec("@yearly", "UTC"),
      coordinator,
      clock,
      logger,
      updateOnStart: false,
    });
    await clock.advance(Date.parse("2027-01-01T00:00:00Z") - clock.now());
    expect(ticks.map((t) => new Date(t).toISOString())).toEqual(["2027-01-01T00:00:00.000Z"]);
    expect(Math.max(...clock.slept)).toBeLessThanOrEqual(MAX_SLEEP_MS);
    await scheduler.stop();
  });

  it("stop ends the loop: no more ticks", async () => {
    const clock = fakeClock(T0);
    const { ticks, coordinator } = fakeCoordinator();
    const scheduler = startScheduler({
      nextRun: everyNextRun(1000),
      coordinator,
      clock,
      logger,
      updateOnStart: false,
    });
    await clock.advance(1000);
    expect(ticks).toHaveLength(1);
    await scheduler.stop();
    await clock.advance(10_000);
    expect(ticks).toHaveLength(1);
  });
});
