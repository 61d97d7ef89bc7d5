/**
 * @module Crash recovery: replays the records of swaps a previous Bosun left unfinished (swap.ts).
 * Bosun's artifacts are found only through those records: a replacement carries labels naming its
 * original (swap-record.ts); a set-aside original carries its own ID in its name. A swap whose
 * replacement took the name and was started (or was not meant to start) is complete: only the
 * set-aside original is left to remove. Any other swap is rolled back through the same restore as
 * the session's own rollback, which puts the original back under its name in its earlier running
 * state (a stop still under way is waited for first), or recreates a `--rm` original that Docker
 * removed from its recorded configuration.
 */
import { primaryName } from "../container/list.ts";
import type { Logger } from "pino";
import type { CallOptions, ContainerSummary, DockerClient } from "../docker/types.ts";
import { NotFoundError } from "../docker/errors.ts";
import { isInstance } from "../container/container.ts";
import type { Filterable } from "../container/filter.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { parseAsideName } from "./aside-names.ts";
import { RESTORED_FROM_LABEL, restoreOriginal } from "./restore.ts";
import { isStalledReplacement } from "./stalled-replacement.ts";
import { parseRecord, type SwapRecord } from "./swap-record.ts";
import { liveLockHolders } from "./writer-lock.ts";
import type { SessionEmitter } from "./events/emitter.ts";
import { logEvents } from "./events/publisher.ts";
import { shortId } from "../util/image-reference.ts";

export interface RecoveryOptions {
  /** Only swaps whose original name and labels pass this are touched. */
  matches: (container: Filterable) => boolean;
  /** The stop timeout for originals without their own (milliseconds). */
  stopTimeoutMs?: number | undefined;
  clock?: Clock | undefined;
  callTimeoutMs?: number | undefined;
  /**
   * This process's instance ID (its writer lock's). A swap recorded by another instance that holds
   * a lock within its lease is still in progress: it is never touched.
   */
  instance?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Every container (`all: true`), when the caller just listed them; else listed here. */
  listed?: readonly ContainerSummary[] | undefined;
  /** The session's events (default: outside a session, straight to the log). */
  events?: SessionEmitter | undefined;
}

export interface RecoveryAction {
  name: string;
  action: "restored" | "removed-aside" | "removed-replacement" | "started-replacement";
  error?: string;
}

/** One unfinished swap, keyed by the original's ID. */
interface Interrupted {
  originalId: string;
  name: string;
  wasRunning: boolean;
  record?: SwapRecord;
  original?: ContainerSummary;
  replacements: ContainerSummary[];
}

function nameOf(summary: ContainerSummary): string {
  return primaryName(summary).replace(/^\//, "");
}

function labelsOf(summary: ContainerSummary): Record<string, string> {
  return summary.Labels ?? {};
}

/** Groups the records found in the daemon by the swap they belong to. */
export function findInterrupted(all: readonly ContainerSummary[]): Interrupted[] {
  const byId = new Map(all.map((summary) => [summary.Id, summary]));
  const swaps = new Map<string, Interrupted>();
  const asideIds = new Set<string>();
  for (const summary of all) {
    const aside = parseAsideName(nameOf(summary), summary.Id);
    if (aside === undefined) continue;
    asideIds.add(summary.Id);
    swaps.set(summary.Id, {
      originalId: summary.Id,
      name: aside.original,
      wasRunning: aside.wasRunning,
      original: summary,
      replacements: [],
    });
  }
  const originals = new Set([...all].flatMap((summary) => parseRecord(summary.Labels)?.originalId ?? []));
  for (const summary of all) {
    const record = parseRecord(summary.Labels);
    if (record === undefined) continue;
    // A replacement that is itself set aside or replaced later was accepted: its record is history.
    if (asideIds.has(summary.Id) || originals.has(summary.Id)) continue;
    const committed = isCommitted(record, summary);
    const swap = swaps.get(record.originalId);
    if (committed && swap === undefined) continue;
    const entry: Interrupted = swap ?? {
      originalId: record.originalId,
      name: record.originalName,
      wasRunning: record.wasRunning,
      replacements: [],
    };
    const original = byId.get(record.originalId);
    if (original !== undefined) entry.original = original;
    entry.record = record;
    entry.wasRunning = record.wasRunning;
    entry.replacements.push(summary);
    swaps.set(record.originalId, entry);
  }
  return [...swaps.values()];
}

/**
 * A replacement that was ever started is the accepted container (even if a user renamed it since);
 * one not meant to start is, once it took the name.
 */
function isCommitted(record: SwapRecord, replacement: ContainerSummary): boolean {
  return replacement.State !== "created" || (!record.start && nameOf(replacement) === record.originalName);
}

export async function recoverSetAside(
  docker: DockerClient,
  log: Logger,
  options: RecoveryOptions,
): Promise<RecoveryAction[]> {
  const events = options.events ?? logEvents(log);
  const call = {
    ...(options.signal && { signal: options.signal }),
    timeoutMs: options.callTimeoutMs ?? 60_000,
  };
  const all = options.listed ?? (await docker.listContainers({ ...call, all: true }));
  const actions: RecoveryAction[] = [];
  const remove = async (id: string) => {
    await docker.removeContainer(id, { force: true }, call).catch((error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
    });
  };
  const live = liveLockHolders(all, (options.clock ?? systemClock).now());
  for (const swap of findInterrupted(all)) {
    const labelled = swap.original ?? swap.replacements[0];
    const labels = labelled === undefined ? {} : labelsOf(labelled);
    if (!options.matches({ name: `/${swap.name}`, labels })) continue;
    const owner = swap.record?.instance;
    if (owner !== undefined && owner !== options.instance && live.has(owner)) {
      log.warn(
        { container: `/${swap.name}`, instance: owner },
        "Left a swap in progress to the live Bosun holding the lock",
      );
      continue;
    }
    const { original } = swap;
    const originalIsAside = original !== undefined && nameOf(original) !== swap.name;
    const runningInstance =
      original !== undefined && isInstance(labelsOf(original)) && original.State === "running";
    const { record } = swap;
    const committed =
      record === undefined
        ? undefined
        : swap.replacements.find((replacement) => isCommitted(record, replacement));
    // An unknown container under the original name (no record): a finished swap of an older
    // Bosun if it ever started; otherwise nothing here is Bosun's to decide.
    const holder = all.find((summary) => nameOf(summary) === swap.name && summary.Id !== swap.originalId);
    const holderIsForeign =
      holder !== undefined &&
      !swap.replacements.includes(holder) &&
      labelsOf(holder)[RESTORED_FROM_LABEL] !== swap.originalId;
    try {
      if (committed !== undefined || (holderIsForeign && holder.State !== "created")) {
        for (const replacement of swap.replacements) {
          if (replacement === committed) continue;
          await remove(replacement.Id);
          actions.push({ name: swap.name, action: "removed-replacement" });
        }
        // The old Bosun after a self-update, still running: the new instance stops it gracefully
        // at startup (removeOtherInstances), so it finishes its session; killing it here would not.
        if (originalIsAside && !runningInstance) {
          await remove(original.Id);
          actions.push({ name: swap.name, action: "removed-aside" });
        }
        continue;
      }
      if (holderIsForeign) {
        actions.push({
          name: swap.name,
          action: "restored",
          error: `the name is taken by a container Bosun has no record of (${shortId(holder.Id)}); left as is`,
        });
        continue;
      }
      const inspect =
        original === undefined
          ? undefined
          : await docker.inspectContainer(original.Id, call).catch(() => undefined);
      const ownTimeout = inspect?.Config.StopTimeout;
      const result = await restoreOriginal(
        { docker, log, events, clock: options.clock, callTimeoutMs: options.callTimeoutMs },
        {
          originalId: swap.originalId,
          name: swap.name,
          wasRunning: swap.wasRunning,
          replacements: swap.replacements.map((replacement) => replacement.Id),
          mayBeStopping: originalIsAside && !isInstance(labelsOf(original)),
          self: runningInstance,
          stopSignal: inspect?.Config.StopSignal,
          stopTimeoutSeconds:
            typeof ownTimeout === "number" && ownTimeout >= 0
              ? ownTimeout
              : Math.ceil((options.stopTimeoutMs ?? 10_000) / 1000),
          originalPlan: record?.originalPlan,
        },
      );
      actions.push({
        name: swap.name,
        action: "restored",
        ...(result.error !== undefined && { error: result.error }),
      });
    } catch (error) {
      actions.push({ name: swap.name, action: "restored", error: errorMessage(error) });
    }
  }
  actions.push(...(await startStalledReplacements(docker, all, options, call)));
  for (const action of actions) {
    const fields = { container: `/${action.name}`, action: action.action };
    if (action.error === undefined)
      events.emit({
        type: "notice",
        code: "swap-recovered",
        level: "warn",
        message: "Recovered an interrupted swap",
        fields,
      });
    else
      events.emit({
        type: "notice",
        code: "swap-recovery-failed",
        level: "error",
        message: "Could not recover an interrupted swap",
        fields: { ...fields, err: action.error },
      });
  }
  return actions;
}

/**
 * Committed replacements (their original is gone) that the daemon stopped during their swap
 * (stalled-replacement.ts): started again, as their restart policy would have done.
 */
async function startStalledReplacements(
  docker: DockerClient,
  all: readonly ContainerSummary[],
  options: RecoveryOptions,
  call: CallOptions,
): Promise<RecoveryAction[]> {
  const ids = new Set(all.map((summary) => summary.Id));
  const actions: RecoveryAction[] = [];
  for (const summary of all) {
    const record = parseRecord(summary.Labels);
    if (record === undefined || summary.State !== "exited" || ids.has(record.originalId)) continue;
    if (nameOf(summary) !== record.originalName) continue;
    if (!options.matches({ name: `/${record.originalName}`, labels: labelsOf(summary) })) continue;
    try {
      const inspect = await docker.inspectContainer(summary.Id, call);
      if (!isStalledReplacement(record, inspect)) continue;
      await docker.startContainer(summary.Id, call);
      actions.push({ name: record.originalName, action: "started-replacement" });
    } catch (error) {
      actions.push({ name: record.originalName, action: "started-replacement", error: errorMessage(error) });
    }
  }
  return actions;
}
