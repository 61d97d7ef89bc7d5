/**
 * @module What the page shows when a run it asked for ends: per container, the state the run left
 * it in, and for the run as a whole, its counts.
 */
import type { UpdateEntry, UpdateResult } from "./api-data.ts";
import { outcomeLabel } from "./format.ts";
import type { Tone } from "./live-session.ts";

export interface Outcome {
  text: string;
  tone: Tone;
}

const TONES: Readonly<Record<string, Tone>> = {
  updated: "ok",
  fresh: "ok",
  restarted: "ok",
  failed: "error",
  "rolled back": "error",
  skipped: "warn",
  stale: "warn",
};

export function entryOutcome(entry: UpdateEntry): Outcome {
  const label = outcomeLabel(entry.state, entry.rolledBack);
  const text = label === "fresh" ? "up to date" : label;
  return { text: entry.error === undefined ? text : `${text}: ${entry.error}`, tone: TONES[label] ?? "info" };
}

/** The container's entry in a report: by ID, or by name and host when it was replaced since. */
export function findEntry(
  result: UpdateResult,
  container: { id: string; name: string; host?: string | undefined },
): UpdateEntry | undefined {
  return (
    result.containers.find((entry) => entry.id === container.id) ??
    result.containers.find((entry) => entry.name === container.name && entry.host === container.host)
  );
}

export function runSummary(result: UpdateResult): Outcome {
  const n = (key: string): number => result.summary.get(key) ?? 0;
  const failed = n("failed");
  return {
    text: `Run finished: ${n("scanned")} scanned, ${n("updated")} updated, ${failed} failed, ${n("skipped")} skipped`,
    tone: failed > 0 ? "warn" : "ok",
  };
}
