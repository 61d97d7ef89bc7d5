/**
 * @module One session report for a fleet: every host's entries carry their host, and a host whose
 * session could not run (down, refusing, its lock held by another Bosun) is one Skipped entry.
 */
import { buildReport } from "../update/report.ts";
import type { ContainerReport, SessionReport } from "../update/report-types.ts";

/** What one host's session gave: its report, or why it has none. */
export type HostRun =
  | { host: string; report: SessionReport }
  | {
      host: string;
      error: string;
      /** Why, without the sentence `error` wraps it in. */
      reason: string;
      /** Another Bosun held this host's lock. */
      busy: boolean;
    };

/** The name of a host-level entry: it stands for every container of the host. */
export const HOST_ENTRY_NAME = "*";

/** The ID of a host-level entry; never a container ID (those are hex). */
export function hostEntryId(host: string): string {
  return `host:${host}`;
}

export function isHostEntry(entry: ContainerReport): boolean {
  return entry.host !== undefined && entry.id === hostEntryId(entry.host);
}

function hostEntry(host: string, error: string): ContainerReport {
  return {
    id: hostEntryId(host),
    name: HOST_ENTRY_NAME,
    imageName: "",
    currentImageId: "",
    latestImageId: "",
    state: "Skipped",
    error,
    host,
  };
}

/** The fleet's report, from its first start to its last finish (`now` when no host ran). */
export function mergeReports(runs: readonly HostRun[], now: number): SessionReport {
  const entries: ContainerReport[] = [];
  let startedAt = Number.POSITIVE_INFINITY;
  let finishedAt = Number.NEGATIVE_INFINITY;
  for (const run of runs) {
    if ("report" in run) {
      entries.push(...run.report.containers.map((entry) => ({ ...entry, host: run.host })));
      startedAt = Math.min(startedAt, run.report.startedAt);
      finishedAt = Math.max(finishedAt, run.report.finishedAt);
    } else {
      entries.push(hostEntry(run.host, run.error));
    }
  }
  if (startedAt === Number.POSITIVE_INFINITY) startedAt = now;
  if (finishedAt === Number.NEGATIVE_INFINITY) finishedAt = now;
  return buildReport(entries, startedAt, finishedAt);
}
