/**
 * @module The periodic schedule: sleeps on the injected clock until the next run is due, then
 * hands a full-run trigger to the run coordinator (which never overlaps runs and never drops one).
 * The next run is computed from the moment the tick fired, as robfig/cron does.
 */
import type { Logger } from "pino";
import type { Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import type { RunCoordinator } from "./coordinator.ts";
import type { NextRun } from "./next-run.ts";

export { formatGoTime, humanizeDuration, startupScheduleLines } from "./startup-lines.ts";

/** Longest single sleep, so long schedules stay under the timer limit and follow wall-clock jumps. */
export const MAX_SLEEP_MS = 60 * 60 * 1000;

export interface SchedulerOptions {
  nextRun: NextRun;
  coordinator: Pick<RunCoordinator, "scheduledTick">;
  clock: Clock;
  logger: Logger;
  /** Trigger a full run at once, before the first scheduled one. */
  updateOnStart: boolean;
  /** Called when a tick found a full run already pending (Watchtower's skipped scan). */
  onSkipped?: () => void;
}

export interface Scheduler {
  /** When the first scheduled run is due; undefined when the schedule never fires. */
  readonly firstRun: Date | undefined;
  /** When the next scheduled run is due; undefined once the schedule is stopped or has no more runs. */
  readonly nextRun: Date | undefined;
  /** Stops the schedule (the run in progress is the coordinator's business) and waits for the loop to end. */
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { nextRun, coordinator, clock, logger } = options;
  const controller = new AbortController();
  const signal = controller.signal;
  const firstRun = nextRun.next(new Date(clock.now()));
  let due = firstRun;

  function tick(reason: string): void {
    const { merged, report } = coordinator.scheduledTick();
    if (merged) {
      logger.debug({ reason }, "Skipped a scheduled run: a full run is already pending");
      options.onSkipped?.();
    } else {
      logger.debug({ reason }, "Scheduled run triggered");
    }
    // The session runner logs failures; the schedule just goes on.
    report.catch((error: unknown) => {
      logger.debug({ err: errorMessage(error) }, "Scheduled run did not complete");
    });
  }

  /** Resolves true when `due` is reached, false when the scheduler was stopped first. */
  async function sleepUntil(due: Date): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      const remaining = due.getTime() - clock.now();
      if (remaining <= 0) return true;
      try {
        await clock.sleep(Math.min(remaining, MAX_SLEEP_MS), signal);
      } catch {
        return false;
      }
    }
  }

  async function loop(): Promise<void> {
    if (options.updateOnStart) tick("update on start");
    while (due !== undefined) {
      if (!(await sleepUntil(due))) {
        due = undefined;
        return;
      }
      tick("schedule");
      const now = Math.max(clock.now(), due.getTime());
      due = nextRun.next(new Date(now));
      if (due !== undefined) logger.debug({ next: due.toISOString() }, "Scheduled next run");
    }
    logger.info({ notify: "no" }, "The schedule has no further runs");
  }

  const done = loop().catch((error: unknown) => {
    logger.error({ notify: "no", err: errorMessage(error) }, "The schedule stopped unexpectedly");
  });

  return {
    firstRun,
    get nextRun() {
      return due;
    },
    async stop() {
      controller.abort(new Error("scheduler stopped"));
      await done;
    },
  };
}
