/**
 * @module The rollback edge of a swap, shared by the session's own rollback and crash recovery:
 * bring the original back under its name, in its earlier running state. It converges rather than
 * replays: every attempt inspects what the daemon really did (a call that timed out may still have
 * happened), takes the next step, and retries daemon errors with backoff within a bound. The
 * durable record (the set-aside name, the replacement's labels) is dropped last, so a restore that
 * finally fails is finished by the next session.
 */
import { shortId } from "../util/image-reference.ts";
import type { Logger } from "pino";
import type { CallOptions, ContainerInspect, DockerClient } from "../docker/types.ts";
import { NotFoundError } from "../docker/errors.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { BosunError, errorMessage } from "../util/errors.ts";
import { replacementName } from "./aside-names.ts";
import type { RecreatePlan } from "./recreate-config.ts";
import type { SessionEmitter } from "./events/emitter.ts";
import type { NoticeCode } from "./events/notice-codes.ts";
import { logEvents } from "./events/publisher.ts";

export interface RestoreDeps {
  docker: DockerClient;
  log: Logger;
  clock?: Clock | undefined;
  /** Per-call timeout (tests shorten it). */
  callTimeoutMs?: number | undefined;
  /** The session's events (default: outside a session, straight to the log). */
  events?: SessionEmitter | undefined;
}

export interface RestoreTarget {
  originalId: string;
  /** Without the leading slash. */
  name: string;
  wasRunning: boolean;
  /** Replacements of this swap (IDs); removed once the original is back. */
  replacements: readonly string[];
  /** A stop may be in flight: a running original is stopped first, so it cannot exit after the restore. */
  mayBeStopping: boolean;
  /** Bosun's own container: never stopped or started here. */
  self: boolean;
  stopSignal?: string | undefined;
  stopTimeoutSeconds: number;
  /** How to recreate the original if Docker removed it (AutoRemove). */
  originalPlan?: RecreatePlan | undefined;
}

export interface RestoreResult {
  restored: boolean;
  /** The original's ID (a new one when it had to be recreated). */
  id: string;
  /** Where the container stands now, in words, for the log and the report. */
  state: string;
  error?: string;
}

const ATTEMPTS = 6;
const FIRST_BACKOFF_MS = 500;

/** Marks a container Bosun recreated from the record, so a create that timed out is recognized. */
export const RESTORED_FROM_LABEL = "bosun.swap.restored-from";

/** A restore that no retry can finish (the original is gone and nothing records how to recreate it). */
export class RestoreError extends BosunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("RESTORE", message, options);
  }
}

function describe(current: ContainerInspect | undefined): string {
  if (current === undefined) return "no longer exists";
  const status = current.State.Running ? "running" : current.State.Status;
  return `${status} under the name ${current.Name.replace(/^\//, "")}`;
}

export async function restoreOriginal(deps: RestoreDeps, target: RestoreTarget): Promise<RestoreResult> {
  const { docker } = deps;
  const events = deps.events ?? logEvents(deps.log);
  const notice = (
    code: NoticeCode,
    level: "debug" | "info" | "error",
    message: string,
    fields: Record<string, unknown>,
  ) => {
    events.emit({ type: "notice", code, level, message, fields });
  };
  const clock = deps.clock ?? systemClock;
  const call = (timeoutMs = deps.callTimeoutMs ?? 60_000): CallOptions => ({ timeoutMs });
  const inspect = (id: string) =>
    docker.inspectContainer(id, call()).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
  let id = target.originalId;
  /** No stop of the earlier swap can be in flight any more (seen stopped, or stopped by us). */
  let settled = !target.mayBeStopping || target.self;
  const replacements = new Set(target.replacements);

  const moveReplacementsAside = async () => {
    for (const replacement of replacements) {
      const current = await inspect(replacement);
      if (current === undefined) replacements.delete(replacement);
      else if (current.Name.replace(/^\//, "") === target.name) {
        if (current.State.Running)
          await docker.stopContainer(replacement, { timeoutSeconds: 10 }, call(70_000));
        // Renamed, not removed: it still carries the record (and holds anonymous volumes).
        await docker.renameContainer(replacement, replacementName(target.name, target.originalId), call());
      }
    }
  };

  const recreate = async (current: ContainerInspect | undefined) => {
    const plan = target.originalPlan;
    if (plan === undefined)
      throw new RestoreError("the old container is gone and no record of its configuration exists");
    // A container being removed by AutoRemove: wait until it is gone, its name free.
    if (current !== undefined) await docker.waitContainer(id, "removed", call(30_000)).catch(() => undefined);
    await moveReplacementsAside();
    const existing = await inspect(target.name);
    if (existing?.Config.Labels?.[RESTORED_FROM_LABEL] === target.originalId) {
      id = existing.Id;
      return;
    }
    const body = {
      ...plan.body,
      Labels: { ...(plan.body.Labels ?? {}), [RESTORED_FROM_LABEL]: target.originalId },
    };
    id = await docker.createContainer(target.name, body, call());
    for (const { network, endpoint } of plan.connectAfter) {
      await docker.connectNetwork(network, id, endpoint, call());
    }
  };

  /** One step towards the goal; true once an inspect shows it reached. */
  const attempt = async (): Promise<boolean> => {
    let current = await inspect(id);
    const autoRemoving =
      current?.HostConfig.AutoRemove === true && !current.State.Running && current.State.Status !== "created";
    if (current === undefined || autoRemoving) {
      await recreate(current);
      current = await inspect(id);
      if (current === undefined) return false;
    }
    const named = current.Name.replace(/^\//, "") === target.name;
    if (!current.State.Running) settled = true;
    if (!settled && !named) {
      // The earlier stop may still be under way: let it end now, so the start below is the last word.
      await docker.stopContainer(
        id,
        {
          ...(target.stopSignal !== undefined && { signal: target.stopSignal }),
          timeoutSeconds: target.stopTimeoutSeconds,
        },
        call((target.stopTimeoutSeconds + 60) * 1000),
      );
      settled = true;
      return false;
    }
    if (!target.self && target.wasRunning && !current.State.Running) {
      // Started before it gets its name back: until then the set-aside name keeps the record.
      await docker.startContainer(id, call());
      return false;
    }
    if (!named) {
      await moveReplacementsAside();
      await docker.renameContainer(id, target.name, call());
      return false;
    }
    if (target.wasRunning && !target.self && !current.State.Running) return false;
    for (const replacement of replacements) {
      await docker.removeContainer(replacement, { force: true }, call()).catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });
      replacements.delete(replacement);
    }
    return true;
  };

  let lastError: string | undefined;
  let backoff = FIRST_BACKOFF_MS;
  for (let round = 0; round < ATTEMPTS * 4; round++) {
    try {
      if (await attempt()) {
        const current = await inspect(id);
        notice("container-restored", "info", "Restored the old container", {
          container: `/${target.name}`,
          id: shortId(id),
        });
        return { restored: true, id, state: describe(current) };
      }
      continue;
    } catch (error) {
      lastError = errorMessage(error);
      if (error instanceof RestoreError || backoff > FIRST_BACKOFF_MS * 2 ** (ATTEMPTS - 1)) break;
      notice("restore-step-failed", "debug", "Restore step failed", {
        container: `/${target.name}`,
        err: lastError,
        retryInMs: backoff,
      });
      await clock.sleep(backoff);
      backoff *= 2;
    }
  }
  const current = await inspect(id).catch(() => undefined);
  const state = describe(current);
  notice("restore-failed", "error", "Could not restore the old container; the next session retries", {
    container: `/${target.name}`,
    id: shortId(id),
    state,
    err: lastError ?? "did not converge",
  });
  return { restored: false, id, state, error: lastError ?? "did not converge" };
}
