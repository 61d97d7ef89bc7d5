/**
 * @module Follows a service's rolling update through its `UpdateStatus` until Swarm ends it:
 * `completed` is success; `rollback_completed`, `paused` and `rollback_paused` are failures with
 * Swarm's reason; past the timeout Bosun stops following and leaves the update to Swarm.
 */
import { NotFoundError } from "../../docker/errors.ts";
import type { SwarmService } from "../../docker/types.ts";
import type { Clock } from "../../util/clock.ts";
import { errorMessage } from "../../util/errors.ts";

export type FollowResult = { ok: true } | { ok: false; error: string };

export interface FollowDeps {
  inspect: () => Promise<SwarmService>;
  clock: Clock;
}

export interface FollowOptions {
  /** The spec version the update was posted at: a read at or below it predates the update. */
  postedVersion: number;
  timeoutMs: number;
  pollMs: number;
  signal?: AbortSignal | undefined;
}

/** Swarm's own word on a failure is its message; a rollback's final one only says "rollback completed". */
function failure(state: string, message: string | undefined, reason: string | undefined): string | undefined {
  const said = message === undefined || message === "" ? state : message;
  switch (state) {
    case "rollback_completed":
      return `Swarm rolled the update back: ${reason ?? said}`;
    case "paused":
      return `Swarm paused the update: ${said}`;
    case "rollback_paused":
      return `Swarm paused the rollback of the update: ${reason ?? said}`;
    default:
      return undefined;
  }
}

export async function followUpdate(deps: FollowDeps, options: FollowOptions): Promise<FollowResult> {
  const deadline = deps.clock.now() + options.timeoutMs;
  let last = "not started";
  // The message of `rollback_started` says why (the failed task); it is gone once the rollback ends.
  let reason: string | undefined;
  let lastError: string | undefined;
  for (;;) {
    try {
      const service = await deps.inspect();
      lastError = undefined;
      const status = service.UpdateStatus;
      // Swarm clears UpdateStatus when the spec changes; until its updater starts, there is none.
      if (service.Version.Index > options.postedVersion && status?.State !== undefined) {
        last = status.State;
        if (status.State === "completed") return { ok: true };
        if (status.State === "rollback_started" && status.Message !== undefined) reason = status.Message;
        const failed = failure(status.State, status.Message, reason);
        if (failed !== undefined) return { ok: false, error: failed };
      }
    } catch (error) {
      if (error instanceof NotFoundError)
        return { ok: false, error: "the service was removed during its update" };
      if (options.signal?.aborted === true)
        return { ok: false, error: `following the update stopped: ${errorMessage(error)}` };
      lastError = errorMessage(error);
    }
    if (deps.clock.now() + options.pollMs > deadline) break;
    try {
      await deps.clock.sleep(options.pollMs, options.signal);
    } catch {
      return {
        ok: false,
        error: `following the update stopped (last state: ${last}); Swarm goes on with it`,
      };
    }
  }
  const error = lastError === undefined ? "" : `, last error: ${lastError}`;
  return {
    ok: false,
    error: `the rolling update did not end within ${Math.round(options.timeoutMs / 1000)}s (last state: ${last}${error}); Swarm goes on with it`,
  };
}
