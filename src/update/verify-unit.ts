/**
 * @module `--auto-rollback`'s verification of one unit's started replacements, in dependency
 * order: a dependent is judged only once its parent is proven (a parent's crash would take its
 * dependents down with it, and only the parent's image is to blame). Each window runs from the
 * replacement's own start, so a unit still waits about one window, and units verify side by side.
 */
import type { Logger } from "pino";
import type { DockerClient } from "../docker/types.ts";
import type { Clock } from "../util/clock.ts";
import type { SessionEmitter } from "./events/emitter.ts";
import type { StartedReplacement, VerifyFailure } from "./swap.ts";
import { watchReplacement } from "./verify-watch.ts";

export interface VerifyDeps {
  docker: DockerClient;
  log: Logger;
  /** The session's events: each watch, and its verdict. */
  events: SessionEmitter;
  clock: Clock;
  /** A shutdown ends the watch: what ran so far is accepted (the swap finishes, decision 4). */
  shutdown?: AbortSignal | undefined;
  pollMs?: number | undefined;
  callTimeoutMs?: number | undefined;
}

export function createUnitVerifier(
  deps: VerifyDeps,
): (started: readonly StartedReplacement[], quickLook: boolean) => Promise<VerifyFailure | undefined> {
  return async (started, quickLook) => {
    for (const [index, replacement] of started.entries()) {
      const { container, id: newId } = replacement;
      if (!quickLook)
        deps.events.emit({ type: "container-verifying", container, newId, windowMs: replacement.windowMs });
      const result = await watchReplacement(
        deps,
        replacement.id,
        replacement.startedAt,
        replacement.windowMs,
        deps.shutdown,
        quickLook,
      );
      if (!result.ok) {
        deps.log.warn(
          { container: replacement.name, reason: result.reason },
          "The new container failed its verification",
        );
        return { index, reason: result.reason, imageId: result.imageId };
      }
      if (result.cutShort && !quickLook) {
        deps.log.warn({ container: replacement.name }, "Verification cut short by the shutdown");
      } else if (!quickLook) {
        deps.events.emit({ type: "container-verified", container, newId });
      }
    }
    return undefined;
  };
}
