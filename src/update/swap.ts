/**
 * @module The safe swap of one container (decision 13): the replacement is created (before the
 * stop when it has no restarting dependency), the old container is renamed aside and stopped, the
 * replacement takes the original name and starts, and only then is the old one removed. Any
 * failure removes the replacement and brings the old container back under its name.
 */
import type { Logger } from "pino";
import type { CallOptions, DockerClient } from "../docker/types.ts";
import type { Container } from "../container/container.ts";
import { isRunning } from "../container/container.ts";
import { LABELS } from "../container/labels.ts";
import { errorMessage } from "../util/errors.ts";
import { asideName, replacementName } from "./aside-names.ts";
import type { RecreatePlan } from "./recreate-config.ts";

export const SWAP_STEPS = [
  "created",
  "renamed-aside",
  "stopped",
  "renamed-new",
  "started",
  "removed",
] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

export interface SwapDeps {
  docker: DockerClient;
  log: Logger;
  /** Test-only fault injection: called after each completed step. */
  onStep?: ((step: SwapStep, name: string) => Promise<void> | void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface SwapTarget {
  container: Container;
  plan: RecreatePlan;
  /** Start the replacement (false under --no-restart, or for a stopped one without --revive-stopped). */
  start: boolean;
  /** Create the replacement before stopping the old one (no dependency of it is being swapped). */
  precreate: boolean;
  stopTimeoutMs: number;
  /** Bosun's own container: never stopped; the new instance removes the old one. */
  self?: boolean;
}

export interface SwapState {
  target: SwapTarget;
  wasRunning: boolean;
  newId?: string;
  aside?: boolean;
  newNamed?: boolean;
}

function call(deps: SwapDeps, timeoutMs = 60_000): CallOptions {
  return { ...(deps.signal && { signal: deps.signal }), timeoutMs };
}

async function step(deps: SwapDeps, name: SwapStep, target: SwapTarget): Promise<void> {
  await deps.onStep?.(name, target.container.name);
}

export function stopSignal(container: Container): string {
  const label = container.labels[LABELS.stopSignal];
  if (label !== undefined && label !== "") return label;
  const own = container.inspect.Config.StopSignal;
  return own !== undefined && own !== "" ? own : "SIGTERM";
}

function stopTimeoutSeconds(target: SwapTarget): number {
  const own = target.container.inspect.Config.StopTimeout;
  if (typeof own === "number" && own >= 0) return own;
  return Math.ceil(target.stopTimeoutMs / 1000);
}

async function createReplacement(deps: SwapDeps, state: SwapState, name: string): Promise<void> {
  const { plan } = state.target;
  state.newId = await deps.docker.createContainer(name, plan.body, call(deps));
  for (const { network, endpoint } of plan.connectAfter) {
    await deps.docker.connectNetwork(network, state.newId, endpoint, call(deps));
  }
  await step(deps, "created", state.target);
}

/** Creates the replacement under a temporary name while the old container still runs. */
export async function prepare(deps: SwapDeps, state: SwapState): Promise<void> {
  const { target } = state;
  if (target.precreate && target.self !== true) {
    await createReplacement(deps, state, replacementName(target.container.name, target.container.id));
  }
}

export function newSwapState(target: SwapTarget): SwapState {
  return { target, wasRunning: isRunning(target.container) };
}

/** Renames the old container aside, then stops it. */
export async function takeDown(deps: SwapDeps, state: SwapState): Promise<void> {
  const { container } = state.target;
  const { docker } = deps;
  await docker.renameContainer(
    container.id,
    asideName(container.name, container.id, state.wasRunning),
    call(deps),
  );
  state.aside = true;
  await step(deps, "renamed-aside", state.target);
  if (state.target.self === true || !state.wasRunning) return;
  const signal = stopSignal(container);
  const timeoutSeconds = stopTimeoutSeconds(state.target);
  deps.log.info({ container: container.name, id: container.id.slice(0, 12), signal }, "Stopping container");
  await docker.stopContainer(
    container.id,
    { signal, timeoutSeconds },
    call(deps, (timeoutSeconds + 60) * 1000),
  );
  await step(deps, "stopped", state.target);
}

/** Gives the replacement the original name and starts it; returns its ID. */
export async function bringUp(deps: SwapDeps, state: SwapState): Promise<string> {
  const name = state.target.container.name.replace(/^\//, "");
  deps.log.info({ container: state.target.container.name }, "Creating container");
  if (state.newId === undefined) {
    await createReplacement(deps, state, name);
  } else {
    await deps.docker.renameContainer(state.newId, name, call(deps));
  }
  state.newNamed = true;
  await step(deps, "renamed-new", state.target);
  const newId = state.newId;
  if (newId === undefined) throw new Error("replacement was not created");
  if (state.target.start) {
    await deps.docker.startContainer(newId, call(deps));
    await step(deps, "started", state.target);
  }
  return newId;
}

/** Removes the old container once its replacement runs. */
export async function finish(deps: SwapDeps, state: SwapState): Promise<void> {
  if (state.target.self === true) return;
  await deps.docker.removeContainer(state.target.container.id, { force: true }, call(deps));
  await step(deps, "removed", state.target);
}

/** Undoes a swap: the replacement goes, the old container gets its name back and runs again. */
export async function rollback(deps: SwapDeps, state: SwapState): Promise<string[]> {
  const problems: string[] = [];
  const { container } = state.target;
  const attempt = async (what: string, action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      problems.push(`${what}: ${errorMessage(error)}`);
    }
  };
  const newId = state.newId;
  if (newId !== undefined) {
    await attempt("remove replacement", () =>
      deps.docker.removeContainer(newId, { force: true }, call(deps)),
    );
  }
  if (state.aside === true) {
    await attempt("rename back", () =>
      deps.docker.renameContainer(container.id, container.name.replace(/^\//, ""), call(deps)),
    );
  }
  if (state.wasRunning && state.target.self !== true) {
    await attempt("restart old container", async () => {
      const current = await deps.docker.inspectContainer(container.id, call(deps));
      if (!current.State.Running) await deps.docker.startContainer(container.id, call(deps));
    });
  }
  if (problems.length > 0) {
    deps.log.error({ container: container.name, problems }, "Could not fully restore the old container");
  }
  return problems;
}
