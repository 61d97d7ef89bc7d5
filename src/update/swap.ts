/**
 * @module The swap of containers (decision 13) as one explicit state machine:
 *
 *   planned → prepared → set-aside → stopped → replacement-created → started → [verifying →] committed
 *
 * with a rollback edge from every state before `started` (→ rolled-back, or restore-failed when the
 * daemon keeps refusing), and from `verifying`: under `--auto-rollback` the original stays aside
 * while the replacement is watched through its window (verify-unit.ts), and a unit whose
 * replacement fails is rolled back whole (a dependent was created against its parent's
 * replacement). Each step is recorded in the daemon before the next destructive one: the
 * replacement is created at `prepared` with labels naming the original (swap-record.ts), and the
 * original is renamed aside (a name carrying its own ID and whether it ran) before it is stopped.
 * Crash recovery (recovery.ts) replays these records through the same rollback (restore.ts).
 *
 * Containers linked by dependencies form a unit: taken down in reverse order, brought up in
 * dependency order; everything else is swapped alone, so each downtime is its own stop + start.
 */
import { shortId } from "../util/image-reference.ts";
import type { Logger } from "pino";
import type { CallOptions, DockerClient } from "../docker/types.ts";
import { NotFoundError } from "../docker/errors.ts";
import type { Container } from "../container/container.ts";
import { isRunning } from "../container/container.ts";
import { pinnedReason } from "../util/image-reference.ts";
import { LABELS } from "../container/labels.ts";
import { runHook } from "../lifecycle/hooks.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { asideName, keeperName, replacementName } from "./aside-names.ts";
import { recreatePlan, type RecreatePlan } from "./recreate-config.ts";
import { restoreOriginal, type RestoreResult } from "./restore.ts";
import { recordLabels, withoutRecord, type SwapRecord } from "./swap-record.ts";
import { eventContainer, type SessionEmitter } from "./events/emitter.ts";
import type { EventContainer } from "./events/session-events.ts";

/** The steps a test may interrupt (called after each one is done and recorded). */
export const SWAP_STEPS = [
  "prepared",
  "set-aside",
  "stopped",
  "replacement-created",
  "started",
  "verifying",
  "committed",
] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

export const SWAP_PHASES = ["planned", ...SWAP_STEPS, "rolled-back", "restore-failed"] as const;
export type SwapPhase = (typeof SWAP_PHASES)[number];

const ROLLBACK = ["rolled-back", "restore-failed"] as const;

/** The legal transitions; anything else is a bug in this module. */
export const TRANSITIONS: Readonly<Record<SwapPhase, readonly SwapPhase[]>> = {
  planned: ["prepared", ...ROLLBACK],
  prepared: ["set-aside", ...ROLLBACK],
  // A stopped original or Bosun's own container is not stopped.
  "set-aside": ["stopped", "replacement-created", ...ROLLBACK],
  stopped: ["replacement-created", ...ROLLBACK],
  // Under --no-restart the replacement is not started.
  "replacement-created": ["started", "committed", ...ROLLBACK],
  started: ["verifying", "committed"],
  verifying: ["committed", ...ROLLBACK],
  committed: [],
  "rolled-back": [],
  "restore-failed": [],
};

export interface SwapDeps {
  docker: DockerClient;
  log: Logger;
  /** The session's events: each step, as it happens. */
  events: SessionEmitter;
  /** Identifies this session and this Bosun process in the records. */
  session: string;
  instance: string;
  hooks: boolean;
  removeVolumes: boolean;
  clock?: Clock | undefined;
  /** Per-call timeout of the swap's Docker calls (tests shorten it). */
  callTimeoutMs?: number | undefined;
  /** Test-only fault injection: called after each completed step. */
  onStep?: ((step: SwapStep, name: string) => Promise<void> | void) | undefined;
  /**
   * Watches the started replacements of a unit (in dependency order); the first failure, if any.
   * `quickLook`: one inspect each, no waiting (the unit goes back anyway: who is to blame).
   */
  verify?:
    | ((started: readonly StartedReplacement[], quickLook: boolean) => Promise<VerifyFailure | undefined>)
    | undefined;
}

export interface StartedReplacement {
  /** The container's name, with its leading slash. */
  name: string;
  /** The swapped container, as the events name it. */
  container: EventContainer;
  id: string;
  /** Clock time of the start. */
  startedAt: number;
  windowMs: number;
}

export interface VerifyFailure {
  /** Index into the started replacements. */
  index: number;
  reason: string;
  /** The image of the failed replacement (remembered as rejected). */
  imageId?: string | undefined;
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
  /** `--auto-rollback`: the replacement is watched this long (ms) before the original goes. */
  verifyWindowMs?: number | undefined;
  /** The image the replacement runs (default: the container's own, as for a restarted dependent). */
  imageId?: string | undefined;
}

export interface SwapOutcome {
  container: Container;
  ok: boolean;
  newId?: string;
  error?: string;
  /** Not attempted (Bosun is shutting down): why. */
  skipped?: string;
  /** The unit was rolled back after a replacement failed its verification. */
  rolledBack?: { rejectedImageId?: string | undefined };
}

interface Swap {
  target: SwapTarget;
  phase: SwapPhase;
  record: SwapRecord;
  newId?: string;
  /** A never-started copy of a `--rm` original that could not get an early replacement. */
  keeperId?: string;
  /** The stop request was sent (it may still be under way if it failed or timed out). */
  stopSent: boolean;
  /** Clock time the replacement was started. */
  startedAt?: number;
  outcome?: SwapOutcome;
}

function bareName(container: Container): string {
  return container.name.replace(/^\//, "");
}

export function stopSignal(container: Container): string {
  const label = container.labels[LABELS.stopSignal];
  if (label !== undefined && label !== "") return label;
  const own = container.inspect.Config.StopSignal;
  return own !== undefined && own !== "" ? own : "SIGTERM";
}

export function stopTimeoutSeconds(container: Container, fallbackMs: number): number {
  const own = container.inspect.Config.StopTimeout;
  if (typeof own === "number" && own >= 0) return own;
  return Math.ceil(fallbackMs / 1000);
}

/**
 * Recreated by image ID, the original would no longer follow its tag: the Zodiac label, which Bosun
 * follows as "the reference to follow", keeps the tag (a label the user set wins, spread after).
 */
function followedRef(inspect: Container["inspect"]): Record<string, string> {
  const ref = inspect.Config.Image ?? "";
  if (ref === "" || ref === inspect.Image || pinnedReason(ref) !== undefined) return {};
  return { [LABELS.zodiacImage]: ref };
}

/** What it takes to recreate a `--rm` original exactly (its own image by ID), should the stop remove it. */
function originalPlan(target: SwapTarget, apiVersion: string): RecreatePlan | undefined {
  const { inspect } = target.container;
  if (inspect.HostConfig.AutoRemove !== true) return undefined;
  const plan = recreatePlan(inspect, undefined, {
    imageRef: inspect.Image,
    apiVersion,
    networkMode: target.plan.body.HostConfig?.NetworkMode ?? inspect.HostConfig.NetworkMode ?? "default",
  });
  plan.body.Labels = { ...followedRef(inspect), ...withoutRecord(plan.body.Labels) };
  return plan;
}

function newSwap(deps: SwapDeps, target: SwapTarget): Swap {
  const { container } = target;
  const plan = originalPlan(target, deps.docker.apiVersion);
  return {
    target,
    phase: "planned",
    stopSent: false,
    record: {
      originalId: container.id,
      originalName: bareName(container),
      wasRunning: isRunning(container),
      start: target.start,
      session: deps.session,
      instance: deps.instance,
      ...(plan !== undefined && { originalPlan: plan }),
    },
  };
}

async function advance(deps: SwapDeps, swap: Swap, to: SwapPhase): Promise<void> {
  if (!TRANSITIONS[swap.phase].includes(to)) {
    throw new Error(`swap of ${swap.target.container.name}: illegal transition ${swap.phase} → ${to}`);
  }
  swap.phase = to;
  if ((SWAP_STEPS as readonly SwapPhase[]).includes(to)) {
    await deps.onStep?.(to as SwapStep, swap.target.container.name);
  }
}

function call(deps: SwapDeps, timeoutMs = deps.callTimeoutMs ?? 60_000): CallOptions {
  return { timeoutMs };
}

/** Creates a container from `plan` whose labels record the swap; returns its ID. */
async function createRecorded(deps: SwapDeps, swap: Swap, plan: RecreatePlan, name: string): Promise<string> {
  const body = {
    ...plan.body,
    Labels: { ...withoutRecord(plan.body.Labels), ...recordLabels(swap.record) },
  };
  const id = await deps.docker.createContainer(name, body, call(deps));
  for (const { network, endpoint } of plan.connectAfter) {
    await deps.docker.connectNetwork(network, id, endpoint, call(deps));
  }
  return id;
}

async function createReplacement(deps: SwapDeps, swap: Swap, name: string): Promise<void> {
  swap.newId = await createRecorded(deps, swap, swap.target.plan, name);
}

/**
 * planned → prepared: the replacement exists under a temporary name while the old one still runs.
 * When it cannot (a dependency is swapped too: links resolve at create), a `--rm` original gets a
 * keeper instead: a never-started copy of it that carries the record and keeps its anonymous
 * volumes in use, so Docker's removal on stop cannot take them.
 */
async function prepare(deps: SwapDeps, swap: Swap): Promise<void> {
  const { target, record } = swap;
  const { container } = target;
  if (target.precreate && target.self !== true) {
    await createReplacement(deps, swap, replacementName(container.name, container.id));
  } else if (record.originalPlan !== undefined && target.self !== true) {
    swap.keeperId = await createRecorded(
      deps,
      swap,
      record.originalPlan,
      keeperName(container.name, container.id),
    );
  }
  await advance(deps, swap, "prepared");
}

/** prepared → set-aside → stopped: renamed aside first, so a stop in flight is on record. */
async function takeDown(deps: SwapDeps, swap: Swap): Promise<void> {
  const { container } = swap.target;
  await deps.docker.renameContainer(
    container.id,
    asideName(container.name, container.id, swap.record.wasRunning),
    call(deps),
  );
  await advance(deps, swap, "set-aside");
  if (swap.target.self === true || !swap.record.wasRunning) return;
  const signal = stopSignal(container);
  const timeoutSeconds = stopTimeoutSeconds(container, swap.target.stopTimeoutMs);
  deps.events.emit({ type: "container-stopping", container: eventContainer(container), signal });
  swap.stopSent = true;
  await deps.docker.stopContainer(
    container.id,
    { signal, timeoutSeconds },
    call(deps, (timeoutSeconds + 60) * 1000),
  );
  await advance(deps, swap, "stopped");
}

/** → replacement-created → started: the replacement takes the original name and starts. */
async function bringUp(deps: SwapDeps, swap: Swap): Promise<string> {
  const name = bareName(swap.target.container);
  if (swap.newId === undefined) {
    await createReplacement(deps, swap, name);
  } else {
    await deps.docker.renameContainer(swap.newId, name, call(deps));
  }
  const newId = swap.newId;
  if (newId === undefined) throw new Error("replacement was not created");
  const container = eventContainer(swap.target.container);
  deps.events.emit({ type: "container-created", container, newId });
  await advance(deps, swap, "replacement-created");
  if (swap.target.start) {
    await deps.docker.startContainer(newId, call(deps));
    swap.startedAt = (deps.clock ?? systemClock).now();
    deps.events.emit({ type: "container-started", container, newId });
    await advance(deps, swap, "started");
  }
  return newId;
}

/** → committed: the old container goes (Docker may have removed a `--rm` one already). */
async function commit(deps: SwapDeps, swap: Swap): Promise<void> {
  if (swap.target.self !== true) {
    await deps.docker
      .removeContainer(swap.target.container.id, { force: true }, call(deps))
      .catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });
  }
  const { keeperId } = swap;
  if (keeperId !== undefined) {
    await deps.docker.removeContainer(keeperId, { force: true }, call(deps)).catch((error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
    });
  }
  await advance(deps, swap, "committed");
  if (deps.removeVolumes) await removeUnusedVolumes(deps, swap.target.container);
}

/**
 * Any state before `started` → rolled-back | restore-failed, through the same restore as recovery.
 * `verified`: the unit goes back after a verification (`container-rolled-back`), not a failed step.
 */
async function rollback(deps: SwapDeps, swap: Swap, cause: unknown, verified = false): Promise<SwapOutcome> {
  const { container } = swap.target;
  const result: RestoreResult = await restoreOriginal(deps, {
    originalId: container.id,
    name: bareName(container),
    wasRunning: swap.record.wasRunning,
    replacements: [swap.newId, swap.keeperId].filter((id) => id !== undefined),
    mayBeStopping: swap.stopSent,
    self: swap.target.self === true,
    stopSignal: stopSignal(container),
    stopTimeoutSeconds: stopTimeoutSeconds(container, swap.target.stopTimeoutMs),
    originalPlan: swap.record.originalPlan,
  });
  swap.phase = result.restored ? "rolled-back" : "restore-failed";
  const message = result.restored
    ? errorMessage(cause)
    : `${errorMessage(cause)} (restore failed: ${result.error ?? "unknown"}; the old container is ${result.state}; the next session retries)`;
  const subject = eventContainer(container);
  if (result.restored && verified) {
    deps.events.emit({ type: "container-rolled-back", container: subject, reason: message });
  } else {
    deps.events.emit({
      type: "container-failed",
      container: subject,
      error: message,
      restored: result.restored,
    });
  }
  swap.outcome = { container, ok: false, error: message };
  return swap.outcome;
}

/**
 * Swaps one unit (targets in dependency order). Returns one outcome per target. `started` is
 * called once every replacement is up, before the verification wait, so other units may go on.
 */
export async function swapUnit(
  deps: SwapDeps,
  targets: readonly SwapTarget[],
  started?: () => void,
): Promise<SwapOutcome[]> {
  const swaps = targets.map((target) => newSwap(deps, target));
  const live = async (swap: Swap, step: () => Promise<void>): Promise<void> => {
    if (swap.outcome !== undefined) return;
    try {
      await step();
    } catch (error) {
      await rollback(deps, swap, error);
    }
  };
  for (const swap of swaps) await live(swap, () => prepare(deps, swap));
  for (const swap of [...swaps].reverse()) {
    await live(swap, async () => {
      const { container } = swap.target;
      if (deps.hooks && swap.record.wasRunning && !container.inspect.State.Restarting) {
        const hook = await runHook(deps.docker, "pre-update", container);
        if (hook.kind === "failed") throw new Error(hook.error);
      }
      await takeDown(deps, swap);
    });
  }
  // Under --auto-rollback a unit goes back whole: a failed start (a dependent joining a parent
  // that already exited) stops the bring-up and is rolled back with the rest of the unit.
  const whole = deps.verify !== undefined && targets.some((target) => target.verifyWindowMs !== undefined);
  let broken: Broken | undefined;
  for (const swap of swaps) {
    if (broken !== undefined) break;
    if (swap.outcome !== undefined) continue;
    try {
      const newId = await bringUp(deps, swap);
      swap.outcome = { container: swap.target.container, ok: true, newId };
      if (deps.hooks && swap.target.start) await postUpdate(deps.docker, deps.events, newId);
    } catch (error) {
      if (whole) broken = { swap, error };
      else await rollback(deps, swap, error);
    }
  }
  started?.();
  await verifyUnit(deps, swaps, broken);
  for (const swap of [...swaps].reverse()) {
    if (swap.outcome?.ok !== true) continue;
    const { container, imageId } = swap.target;
    try {
      await commit(deps, swap);
    } catch (error) {
      // The replacement runs; the set-aside original is removed by the next session's recovery.
      deps.events.emit({
        type: "notice",
        code: "old-container-removal-failed",
        level: "warn",
        message: "Could not remove the old container",
        fields: { container: container.name, err: errorMessage(error) },
      });
    }
    deps.events.emit({
      type: "container-updated",
      container: eventContainer(container),
      newId: swap.outcome.newId ?? "",
      newImageId: imageId ?? container.inspect.Image,
    });
  }
  return swaps.map(
    (swap) => swap.outcome ?? { container: swap.target.container, ok: false, error: "not swapped" },
  );
}

/** A replacement of a verified unit that could not be brought up. */
interface Broken {
  swap: Swap;
  error: unknown;
}

/**
 * `verifying`: the unit's started replacements are watched; one failure, or a member that could
 * not start (`broken`: then one look tells whether a parent that already failed is to blame),
 * rolls the whole unit back.
 */
async function verifyUnit(deps: SwapDeps, swaps: readonly Swap[], broken: Broken | undefined): Promise<void> {
  const watched = swaps.filter(
    (swap) =>
      swap.outcome?.ok === true && swap.startedAt !== undefined && swap.target.verifyWindowMs !== undefined,
  );
  if (deps.verify === undefined || (watched.length === 0 && broken === undefined)) return;
  for (const swap of watched) await advance(deps, swap, "verifying");
  const started = watched.map((swap) => ({
    name: swap.target.container.name,
    container: eventContainer(swap.target.container),
    id: swap.newId ?? "",
    startedAt: swap.startedAt ?? 0,
    windowMs: swap.target.verifyWindowMs ?? 0,
  }));
  const failure = watched.length === 0 ? undefined : await deps.verify(started, broken !== undefined);
  const failed = failure === undefined ? undefined : watched[failure.index];
  const culprit = failed ?? broken?.swap;
  if (culprit === undefined) return;
  const cause = failure !== undefined ? `rolled back: ${failure.reason}` : errorMessage(broken?.error);
  const up = swaps.filter((swap) => swap.outcome === undefined || swap.outcome.ok);
  // The replacements stop first (dependents first), so no port or namespace is held when the
  // originals start again, parents first.
  for (const swap of [...up].reverse()) {
    const { container, stopTimeoutMs } = swap.target;
    if (swap.newId === undefined) continue;
    await deps.docker
      .stopContainer(
        swap.newId,
        { signal: stopSignal(container), timeoutSeconds: stopTimeoutSeconds(container, stopTimeoutMs) },
        call(deps, (stopTimeoutSeconds(container, stopTimeoutMs) + 60) * 1000),
      )
      .catch((error: unknown) => {
        deps.events.emit({
          type: "notice",
          code: "new-container-stop-failed",
          level: "debug",
          message: "Could not stop the new container",
          fields: { container: container.name, err: errorMessage(error) },
        });
      });
  }
  for (const swap of up) {
    const own = swap === culprit;
    const reason = own ? cause : `rolled back with ${culprit.target.container.name}: ${cause}`;
    const outcome = await rollback(deps, swap, new Error(reason), !own || failed !== undefined);
    if (!own) outcome.rolledBack = {};
    else if (failed !== undefined) outcome.rolledBack = { rejectedImageId: failure?.imageId };
  }
}

/** Runs the post-update hook; its failures are only told, never undo the swap. */
async function postUpdate(docker: DockerClient, events: SessionEmitter, newId: string): Promise<void> {
  const failed = (container: string, err: string) => {
    events.emit({
      type: "notice",
      code: "post-update-hook-failed",
      level: "warn",
      message: "post-update hook failed",
      fields: { container, err },
    });
  };
  try {
    // The label is read from the new container, so the new image's hook applies.
    const inspect = await docker.inspectContainer(newId, { timeoutMs: 30_000 });
    const hook = await runHook(docker, "post-update", { id: newId, labels: inspect.Config.Labels ?? {} });
    if (hook.kind === "failed") failed(inspect.Name, hook.error);
  } catch (error) {
    failed(shortId(newId), errorMessage(error));
  }
}

/** `--remove-volumes`: the old container's anonymous volumes, once no container uses them. */
async function removeUnusedVolumes(deps: SwapDeps, container: Container): Promise<void> {
  const options = { timeoutMs: 30_000 };
  for (const mount of container.inspect.Mounts) {
    const name = mount.Name ?? "";
    if (mount.Type !== "volume" || !/^[0-9a-f]{64}$/.test(name)) continue;
    const users = await deps.docker.listContainers({ ...options, all: true, filters: { volume: [name] } });
    if (users.length > 0) continue;
    await deps.docker.removeVolume(name, options).catch((error: unknown) => {
      const fields = { volume: name, err: errorMessage(error) };
      deps.events.emit({
        type: "notice",
        code: "volume-removal-failed",
        level: "warn",
        message: "Could not remove volume",
        fields,
      });
    });
  }
}
