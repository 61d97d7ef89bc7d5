/**
 * @module The JSON body of a synchronous `/v1/update` answer: counts per state, one entry per
 * container, and the timing of the run that covered the request.
 */
import type { SessionReport } from "../update/report-types.ts";
import { reportEntryJson, type ReportEntryJson } from "../update/report-entry-json.ts";
import { reportCounts } from "../update/report.ts";

export interface UpdateResponse {
  summary: {
    scanned: number;
    updated: number;
    failed: number;
    skipped: number;
    stale: number;
    fresh: number;
    restarted: number;
  };
  containers: ReportEntryJson[];
  durationMs: number;
  /** ISO 8601 times of the run. */
  startedAt: string;
  finishedAt: string;
}

export function updateResponse(report: SessionReport): UpdateResponse {
  return {
    summary: reportCounts(report),
    containers: report.containers.map(reportEntryJson),
    durationMs: Math.max(0, report.finishedAt - report.startedAt),
    startedAt: new Date(report.startedAt).toISOString(),
    finishedAt: new Date(report.finishedAt).toISOString(),
  };
}
