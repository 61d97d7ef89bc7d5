/**
 * @module The run coordinator (decision 10): the one place update sessions start. Runs never
 * overlap; a trigger that arrives while a run is in progress waits for the next run; pending
 * triggers merge (a full trigger makes the next run full, targeted ones add their images); every
 * waiting caller receives the report of the run that covered it. Nothing is ever dropped.
 */
import type { Logger } from "pino";
import type { SessionReport } from "../update/report-types.ts";
import type { Clock } from "../util/clock.ts";
import { BosunError, errorMessage } from "../util/errors.ts";

/** The coordinator was stopped before the run that would have covered a trigger could start. */
export class CoordinatorStoppedError extends BosunError {
  constructor() {
    super("COORDINATOR_STOPPED", "Bosun is shutting down: the update was not run");
  }
}

/** Starts one update session; `images` undefined means every selected container. */
export type RunSession = (images: string[] | undefined, signal: AbortSignal) => Promise<SessionReport>;

export interface RunCoordinatorOptions {
  runSession: RunSession;
  logger: Logger;
  clock: Clock;
  /** Passed to every session; the coordinator itself never aborts a run (never stop mid-swap). */
  signal?: AbortSignal;
}

export interface ScheduledTick {
  /** True when a full run was already pending: this tick caused no extra run (a skipped scan). */
  merged: boolean;
  /** The report of the run that covers the tick. */
  report: Promise<SessionReport>;
}

export interface RunCoordinator {
  /**
   * Asks for a run of `images` (undefined or empty = all containers) and resolves with the report
   * of the run that covered the request; rejects with the run's error, or with
   * CoordinatorStoppedError when the coordinator stops before that run starts.
   */
  request(images?: readonly string[]): Promise<SessionReport>;
  /** A full run for the schedule; merges into a pending full run. */
  scheduledTick(): ScheduledTick;
  /** True while a session is in progress. */
  readonly busy: boolean;
  /** Starts no more runs, rejects pending callers, and waits for the run in progress to end. */
  stop(): Promise<void>;
}

interface Waiter {
  resolve(report: SessionReport): void;
  reject(error: unknown): void;
}

interface Batch {
  full: boolean;
  images: Set<string>;
  waiters: Waiter[];
}

export function createRunCoordinator(options: RunCoordinatorOptions): RunCoordinator {
  const { runSession, logger, clock } = options;
  const signal = options.signal ?? new AbortController().signal;
  let pending: Batch | undefined;
  let current: Promise<void> | undefined;
  let startQueued = false;
  let stopped = false;

  /** Adds a trigger to the pending batch; resolves with the report of the run that covers it. */
  function enqueue(images: readonly string[] | undefined): {
    merged: boolean;
    report: Promise<SessionReport>;
  } {
    if (stopped) return { merged: false, report: Promise.reject(new CoordinatorStoppedError()) };
    const full = images === undefined || images.length === 0;
    const merged =
      pending !== undefined && (pending.full || (!full && images.every((i) => pending?.images.has(i))));
    const batch: Batch = pending ?? { full: false, images: new Set(), waiters: [] };
    pending = batch;
    if (full) {
      batch.full = true;
      batch.images.clear();
    } else if (!batch.full) {
      for (const image of images) batch.images.add(image);
    }
    const report = new Promise<SessionReport>((resolve, reject) => {
      batch.waiters.push({ resolve, reject });
    });
    logger.debug(
      {
        full: batch.full,
        images: [...batch.images],
        waiting: batch.waiters.length,
        running: current !== undefined,
      },
      "Update run queued",
    );
    scheduleStart();
    return { merged, report };
  }

  /** Starts the pending batch after the current microtasks, so simultaneous triggers share a run. */
  function scheduleStart(): void {
    if (startQueued || current !== undefined) return;
    startQueued = true;
    queueMicrotask(() => {
      startQueued = false;
      startNext();
    });
  }

  function startNext(): void {
    if (stopped || current !== undefined || pending === undefined) return;
    const batch = pending;
    pending = undefined;
    current = run(batch).finally(() => {
      current = undefined;
      startNext();
    });
  }

  async function run(batch: Batch): Promise<void> {
    const images = batch.full ? undefined : [...batch.images].sort();
    const started = clock.now();
    logger.debug({ images: images ?? "all", waiting: batch.waiters.length }, "Update run started");
    try {
      const report = await runSession(images, signal);
      logger.debug({ durationMs: clock.now() - started }, "Update run finished");
      for (const waiter of batch.waiters) waiter.resolve(report);
    } catch (error) {
      logger.debug({ durationMs: clock.now() - started, err: errorMessage(error) }, "Update run failed");
      for (const waiter of batch.waiters) waiter.reject(error);
    }
  }

  return {
    request(images) {
      return enqueue(images).report;
    },
    scheduledTick() {
      return enqueue(undefined);
    },
    get busy() {
      return current !== undefined;
    },
    async stop() {
      stopped = true;
      if (pending !== undefined) {
        const waiters = pending.waiters;
        pending = undefined;
        logger.debug({ waiting: waiters.length }, "Pending update runs cancelled by shutdown");
        for (const waiter of waiters) waiter.reject(new CoordinatorStoppedError());
      }
      if (current !== undefined) await current;
    },
  };
}
