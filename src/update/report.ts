/**
 * @module Builds the session report (Watchtower's categorization, plus Restarted), Watchtower's view
 * of it and its porcelain v1 lines.
 */
import type { UnreadableContainer } from "../container/list.ts";
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

/**
 * The report as Watchtower's outputs show it (decision 18): a dependent restarted for its parent
 * kept its image, so Watchtower calls it Fresh (pkg/session/report.go). Porcelain v1 and the
 * template data use this view; `restarted` still lists those containers, now in state Fresh.
 * Bosun's own JSON and metrics use the report itself.
 */
export function watchtowerView(report: SessionReport): SessionReport {
  const asFresh = (entry: ContainerReport): ContainerReport =>
    entry.state === "Restarted" ? { ...entry, state: "Fresh" } : entry;
  const containers = report.containers.map(asFresh);
  return {
    ...report,
    containers,
    scanned: report.scanned.map(asFresh),
    fresh: containers.filter((entry) => entry.state === "Fresh"),
    restarted: report.restarted.map(asFresh),
  };
}

/**
 * `/<name> (<image>): <State>[ Error: <err>]` per container (Watchtower's states), or the no-match
 * line; with several hosts each line starts with the container's host and a space.
 */
export function porcelainV1(report: SessionReport): string[] {
  if (report.containers.length === 0) return ["no containers matched filter"];
  return watchtowerView(report).containers.map((entry) => {
    const error = entry.error === undefined || entry.error === "" ? "" : ` Error: ${entry.error}`;
    const host = entry.host === undefined ? "" : `${entry.host} `;
    return `${host}${entry.name} (${entry.imageName}): ${entry.state}${error}`;
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

/** A container whose inspect failed: Skipped with the cause, never left out of the report. */
export function unreadableReport(container: UnreadableContainer): ContainerReport {
  return {
    id: container.id,
    name: container.name,
    imageName: container.imageName,
    currentImageId: container.imageId,
    latestImageId: container.imageId,
    state: "Skipped",
    error: container.error,
  };
}
