/**
 * @module How the page writes times, durations, digests and states.
 */
import type { ViewState } from "./view-states.ts";

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** "in 5 min", "3 h ago": for the next run and the last check. */
export function relative(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const unit =
    abs < 60_000
      ? `${Math.round(abs / 1000)} s`
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)} min`
        : abs < 172_800_000
          ? `${Math.round(abs / 3_600_000)} h`
          : `${Math.round(abs / 86_400_000)} days`;
  return diff >= 0 ? `in ${unit}` : `${unit} ago`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** `sha256:0123456789ab`: enough to tell images apart; the full ID goes in a tooltip. */
export function shortDigest(id: string): string {
  const match = /^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/.exec(id);
  return match === null ? id : `${match[1] ?? ""}${match[2] ?? ""}`;
}

const STATE_LABELS: Readonly<Record<ViewState, string>> = {
  fresh: "fresh",
  stale: "stale",
  updated: "updated",
  failed: "failed",
  "rolled-back": "rolled back",
  skipped: "skipped",
  unknown: "not checked yet",
};

export function stateLabel(state: ViewState): string {
  return STATE_LABELS[state];
}

/** A report state (`Updated`, `Failed` with rolledBack) as the page's lowercase words. */
export function outcomeLabel(state: string, rolledBack?: boolean): string {
  if (rolledBack === true) return "rolled back";
  const lower = state.toLowerCase();
  return lower === "rolled-back" ? "rolled back" : lower;
}
