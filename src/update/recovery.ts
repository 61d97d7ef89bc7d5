/**
 * @module Crash recovery: containers a previous Bosun set aside (or pre-created) mid-swap are put
 * back. A running replacement under the original name wins (the aside one is removed); otherwise
 * the replacement goes and the old container is renamed back and started if it was running.
 */
import type { Logger } from "pino";
import type { CallOptions, ContainerSummary, DockerClient } from "../docker/types.ts";
import { isInstance } from "../container/container.ts";
import type { Filterable } from "../container/filter.ts";
import { errorMessage } from "../util/errors.ts";
import { parseAsideName, parseReplacementName } from "./aside-names.ts";

export interface RecoveryOptions {
  /** Only containers whose original name and labels pass this are touched. */
  matches: (container: Filterable) => boolean;
  signal?: AbortSignal | undefined;
}

export interface RecoveryAction {
  name: string;
  action: "restored" | "removed-aside" | "removed-replacement";
  error?: string;
}

function firstName(summary: ContainerSummary): string {
  return summary.Names[0] ?? "";
}

export async function recoverSetAside(
  docker: DockerClient,
  log: Logger,
  options: RecoveryOptions,
): Promise<RecoveryAction[]> {
  const call: CallOptions = { ...(options.signal && { signal: options.signal }), timeoutMs: 60_000 };
  const all = await docker.listContainers({ ...call, all: true });
  const byName = new Map(all.map((summary) => [firstName(summary).replace(/^\//, ""), summary]));
  const actions: RecoveryAction[] = [];
  const labelsOf = (summary: ContainerSummary) => summary.Labels ?? {};

  for (const summary of all) {
    const orphan = parseReplacementName(firstName(summary));
    if (orphan === undefined || summary.State === "running") continue;
    if (!options.matches({ name: `/${orphan.original}`, labels: labelsOf(summary) })) continue;
    try {
      await docker.removeContainer(summary.Id, { force: true }, call);
      actions.push({ name: orphan.original, action: "removed-replacement" });
    } catch (error) {
      actions.push({ name: orphan.original, action: "removed-replacement", error: errorMessage(error) });
    }
  }

  for (const summary of all) {
    const aside = parseAsideName(firstName(summary), summary.Id);
    if (aside === undefined) continue;
    if (!options.matches({ name: `/${aside.original}`, labels: labelsOf(summary) })) continue;
    const current = byName.get(aside.original);
    try {
      // A set-aside Bosun whose successor under the original name has started (in run-once mode
      // it may have exited already): the self-update is complete, there is nothing to restore.
      const selfUpdated =
        isInstance(labelsOf(summary)) &&
        current !== undefined &&
        isInstance(labelsOf(current)) &&
        current.State !== "created";
      if (current?.State === "running" || selfUpdated) {
        // The old Bosun after a self-update, still running: the new instance stops it gracefully
        // at startup (removeOtherInstances), so it finishes its session; killing it here would not.
        if (isInstance(labelsOf(summary)) && summary.State === "running") continue;
        await docker.removeContainer(summary.Id, { force: true }, call);
        actions.push({ name: aside.original, action: "removed-aside" });
        continue;
      }
      if (current !== undefined) await docker.removeContainer(current.Id, { force: true }, call);
      await docker.renameContainer(summary.Id, aside.original, call);
      if (aside.wasRunning && summary.State !== "running") await docker.startContainer(summary.Id, call);
      actions.push({ name: aside.original, action: "restored" });
    } catch (error) {
      actions.push({ name: aside.original, action: "restored", error: errorMessage(error) });
    }
  }
  for (const action of actions) {
    if (action.error === undefined)
      log.warn({ container: `/${action.name}`, action: action.action }, "Recovered an interrupted swap");
    else
      log.error(
        { container: `/${action.name}`, action: action.action, err: action.error },
        "Could not recover an interrupted swap",
      );
  }
  return actions;
}
