/**
 * @module Watches one started replacement through its rollback window: inspects it every poll
 * until `judge` decides (a healthy one at once, a quiet one at the end of the window). Bounded by
 * the window; a shutdown ends the watch early and accepts what ran so far.
 */
import type { DockerClient } from "../docker/types.ts";
import { NotFoundError } from "../docker/errors.ts";
import type { Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { judge, observe, type Observation } from "./verify.ts";

export interface WatchDeps {
  docker: DockerClient;
  clock: Clock;
  /** Milliseconds between inspects (default 500). */
  pollMs?: number | undefined;
  callTimeoutMs?: number | undefined;
}

export type WatchResult =
  { ok: true; cutShort: boolean } | { ok: false; reason: string; imageId: string | undefined };

/** `startedAt`: the clock time of the replacement's start; `once`: one inspect, a failure or not. */
export async function watchReplacement(
  deps: WatchDeps,
  id: string,
  startedAt: number,
  windowMs: number,
  signal?: AbortSignal,
  once = false,
): Promise<WatchResult> {
  const { docker, clock } = deps;
  const pollMs = deps.pollMs ?? 500;
  const call = { timeoutMs: deps.callTimeoutMs ?? 30_000 };
  let baseline: number | undefined;
  let imageId: string | undefined;
  let lastError = "not inspected yet";
  // Bounded: one inspect per poll until the window is over, then one last verdict.
  for (;;) {
    if (signal?.aborted === true) return { ok: true, cutShort: true };
    let observation: Observation | undefined;
    try {
      const inspect = await docker.inspectContainer(id, call);
      imageId = inspect.Image;
      observation = observe(inspect);
    } catch (error) {
      if (error instanceof NotFoundError)
        return { ok: false, reason: "the new container was removed", imageId };
      lastError = errorMessage(error);
    }
    const elapsedMs = clock.now() - startedAt;
    if (observation !== undefined) {
      // A fresh container starts at 0; the first look is the baseline should the daemon differ.
      baseline ??= observation.restartCount;
      const verdict = judge(observation, { baselineRestarts: baseline, elapsedMs, windowMs });
      if (verdict.kind === "proven") return { ok: true, cutShort: false };
      if (verdict.kind === "failed") return { ok: false, reason: verdict.reason, imageId };
    } else if (elapsedMs >= windowMs && !once) {
      return { ok: false, reason: `could not be inspected: ${lastError}`, imageId };
    }
    if (once) return { ok: true, cutShort: true };
    try {
      await clock.sleep(Math.min(pollMs, Math.max(1, windowMs - elapsedMs)), signal);
    } catch {
      return { ok: true, cutShort: true };
    }
  }
}
