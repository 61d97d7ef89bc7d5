/**
 * @module Runs the swaps of one session: containers linked by dependencies form a unit that is
 * taken down in reverse order and brought up in dependency order; everything else is swapped alone,
 * so each container's downtime is its own stop + start.
 */
import type { Logger } from "pino";
import type { DockerClient } from "../docker/types.ts";
import type { Container } from "../container/container.ts";
import { runHook } from "../lifecycle/hooks.ts";
import { errorMessage } from "../util/errors.ts";
import {
  bringUp,
  finish,
  newSwapState,
  prepare,
  rollback,
  takeDown,
  type SwapDeps,
  type SwapState,
  type SwapTarget,
} from "./swap.ts";

export interface SwapOutcome {
  container: Container;
  ok: boolean;
  newId?: string;
  error?: string;
}

export interface ApplyDeps extends SwapDeps {
  hooks: boolean;
  removeVolumes: boolean;
}

async function withRollback(deps: ApplyDeps, state: SwapState, error: unknown): Promise<SwapOutcome> {
  const problems = await rollback(deps, state);
  const restore = problems.length === 0 ? "" : ` (restore incomplete: ${problems.join("; ")})`;
  const message = `${errorMessage(error)}${restore}`;
  deps.log.error(
    { container: state.target.container.name, err: message },
    "Unable to update container, restored the old one",
  );
  return { container: state.target.container, ok: false, error: message };
}

/** Swaps one unit (targets in dependency order). Returns one outcome per target. */
export async function swapUnit(deps: ApplyDeps, targets: readonly SwapTarget[]): Promise<SwapOutcome[]> {
  const outcomes = new Map<string, SwapOutcome>();
  const live: SwapState[] = [];
  for (const target of targets) {
    const state = newSwapState(target);
    try {
      await prepare(deps, state);
      live.push(state);
    } catch (error) {
      outcomes.set(target.container.id, await withRollback(deps, state, error));
    }
  }
  const down: SwapState[] = [];
  for (const state of [...live].reverse()) {
    const { container } = state.target;
    if (deps.hooks && state.wasRunning && !container.inspect.State.Restarting) {
      const hook = await runHook(deps.docker, "pre-update", container, deps.signal);
      if (hook.kind === "failed") {
        outcomes.set(container.id, await withRollback(deps, state, hook.error));
        continue;
      }
    }
    try {
      await takeDown(deps, state);
      down.unshift(state);
    } catch (error) {
      outcomes.set(container.id, await withRollback(deps, state, error));
    }
  }
  const up: SwapState[] = [];
  for (const state of down) {
    const { container } = state.target;
    try {
      const newId = await bringUp(deps, state);
      outcomes.set(container.id, { container, ok: true, newId });
      up.push(state);
      if (deps.hooks && state.target.start) await postUpdate(deps.docker, deps.log, newId, deps.signal);
    } catch (error) {
      outcomes.set(container.id, await withRollback(deps, state, error));
    }
  }
  for (const state of [...up].reverse()) {
    try {
      await finish(deps, state);
      if (deps.removeVolumes) await removeUnusedVolumes(deps, state.target.container);
    } catch (error) {
      deps.log.warn(
        { container: state.target.container.name, err: errorMessage(error) },
        "Could not remove the old container",
      );
    }
  }
  return targets.map(
    (target) =>
      outcomes.get(target.container.id) ?? { container: target.container, ok: false, error: "not swapped" },
  );
}

/** Runs the post-update hook; its failures are only logged, never undo the swap. */
async function postUpdate(
  docker: DockerClient,
  log: Logger,
  newId: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    // The label is read from the new container, so the new image's hook applies.
    const inspect = await docker.inspectContainer(newId, { ...(signal && { signal }), timeoutMs: 30_000 });
    const hook = await runHook(
      docker,
      "post-update",
      { id: newId, labels: inspect.Config.Labels ?? {} },
      signal,
    );
    if (hook.kind === "failed")
      log.warn({ container: inspect.Name, err: hook.error }, "post-update hook failed");
  } catch (error) {
    log.warn({ container: newId.slice(0, 12), err: errorMessage(error) }, "post-update hook failed");
  }
}

/** `--remove-volumes`: the old container's anonymous volumes, once no container uses them. */
async function removeUnusedVolumes(deps: ApplyDeps, container: Container): Promise<void> {
  const call = { ...(deps.signal && { signal: deps.signal }), timeoutMs: 30_000 };
  for (const mount of container.inspect.Mounts) {
    const name = mount.Name ?? "";
    if (mount.Type !== "volume" || !/^[0-9a-f]{64}$/.test(name)) continue;
    const users = await deps.docker.listContainers({ ...call, all: true, filters: { volume: [name] } });
    if (users.length > 0) continue;
    await deps.docker.removeVolume(name, call).catch((error: unknown) => {
      deps.log.warn({ volume: name, err: errorMessage(error) }, "Could not remove volume");
    });
  }
}
