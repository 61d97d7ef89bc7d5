/**
 * @module Builds the session report (Watchtower's categorization, plus Restarted) and its porcelain
 * v1 lines.
 */
import type { ContainerReport, SessionReport } from "./report-types.ts";

const byId = (a: ContainerReport, b: ContainerReport) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function buildReport(
  entries: readonly ContainerReport[],
  startedAt: number,
  finishedAt: number,
): SessionReport {
  const containers = [...entries].sort(byId);
  const pick = (state: ContainerReport["state"]) => containers.filter((entry) => entry.state === state);
  return {
    startedAt,
    finishedAt,
    containers,
    scanned: containers.filter((entry) => entry.state !== "Skipped"),
    updated: pick("Updated"),
    failed: pick("Failed"),
    skipped: pick("Skipped"),
    stale: pick("Stale"),
    fresh: pick("Fresh"),
    restarted: pick("Restarted"),
  };
}

/** `/<name> (<image>): <State>[ Error: <err>]` per container, or the no-match line. */
export function porcelainV1(report: SessionReport): string[] {
  if (report.containers.length === 0) return ["no containers matched filter"];
  return report.containers.map((entry) => {
    const error = entry.error === undefined || entry.error === "" ? "" : ` Error: ${entry.error}`;
    return `${entry.name} (${entry.imageName}): ${entry.state}${error}`;
  });
}

export function reportCounts(report: SessionReport) {
  return {
    scanned: report.scanned.length,
    updated: report.updated.length,
    failed: report.failed.length,
    skipped: report.skipped.length,
    stale: report.stale.length,
    fresh: report.fresh.length,
    restarted: report.restarted.length,
  };
}
