/**
 * @module The JSON body of a synchronous `/v1/update` answer: counts per state, one entry per
 * container, and the timing of the run that covered the request.
 */
import type { SessionReport } from "../update/report-types.ts";
import { reportCounts } from "../update/report.ts";

export interface UpdateResponseContainer {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  image: string;
  state: string;
  error?: string;
  note?: string;
  currentImageId: string;
  latestImageId: string;
  /** The tag run before the session and the newest its tag policy allows; absent for digest references. */
  currentTag?: string;
  latestTag?: string;
  /** The Docker host, with several hosts only. */
  host?: string;
  /** "service" for a Swarm service (`--swarm-services`); absent for a container. */
  kind?: "service";
  /** `--auto-rollback` put the original back (state Failed, error says why). */
  rolledBack?: boolean;
}

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
  containers: UpdateResponseContainer[];
  durationMs: number;
  /** ISO 8601 times of the run. */
  startedAt: string;
  finishedAt: string;
}

export function updateResponse(report: SessionReport): UpdateResponse {
  return {
    summary: reportCounts(report),
    containers: report.containers.map((c) => ({
      id: c.id,
      name: c.name.replace(/^\//, ""),
      image: c.imageName,
      state: c.state,
      ...(c.error === undefined ? {} : { error: c.error }),
      ...(c.note === undefined ? {} : { note: c.note }),
      currentImageId: c.currentImageId,
      latestImageId: c.latestImageId,
      ...(c.currentTag === undefined ? {} : { currentTag: c.currentTag }),
      ...(c.latestTag === undefined ? {} : { latestTag: c.latestTag }),
      ...(c.host === undefined ? {} : { host: c.host }),
      ...(c.kind === undefined ? {} : { kind: c.kind }),
      ...(c.rolledBack === true && { rolledBack: true }),
    })),
    durationMs: Math.max(0, report.finishedAt - report.startedAt),
    startedAt: new Date(report.startedAt).toISOString(),
    finishedAt: new Date(report.finishedAt).toISOString(),
  };
}
