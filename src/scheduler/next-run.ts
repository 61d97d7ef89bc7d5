/**
 * @module When the next scheduled run is due: `@every <duration>` counts from the previous run (as
 * robfig/cron's constant-delay schedule, in whole seconds); cron patterns and `@hourly`-style
 * descriptors are evaluated by croner in the configured time zone.
 */
import { Cron } from "croner";
import { parseSchedule, type ScheduleSpec } from "../config/schedule.ts";

export interface NextRun {
  /** The first run strictly after `after`, or undefined when the schedule never fires again. */
  next(after: Date): Date | undefined;
}

/** A constant delay: the previous instant truncated to the second, plus `ms` (robfig/cron `@every`). */
export function everyNextRun(ms: number): NextRun {
  return {
    next(after) {
      return new Date(Math.floor(after.getTime() / 1000) * 1000 + ms);
    },
  };
}

/** A 6-field (seconds first) croner pattern evaluated in `tz` (undefined = the system zone). */
export function cronNextRun(pattern: string, tz: string | undefined): NextRun {
  const job = new Cron(pattern, {
    paused: true,
    mode: "6-part",
    ...(tz === undefined ? {} : { timezone: tz }),
  });
  return {
    next(after) {
      return job.nextRun(after) ?? undefined;
    },
  };
}

/** The NextRun of an already parsed schedule. */
export function nextRunFromSchedule(schedule: ScheduleSpec, tz: string | undefined): NextRun {
  return schedule.kind === "every" ? everyNextRun(schedule.ms) : cronNextRun(schedule.pattern, tz);
}

/** Parses `spec` (see src/config/schedule.ts; throws ConfigError) and returns its NextRun in `tz`. */
export function nextRunFromSpec(spec: string, tz: string | undefined): NextRun {
  return nextRunFromSchedule(parseSchedule(spec, tz), tz);
}
