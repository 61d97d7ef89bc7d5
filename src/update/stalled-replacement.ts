/**
 * @module A replacement the daemon stopped during its own swap. When dockerd restarts mid-session, a
 * replacement Bosun started while the daemon was shutting down is stopped by that shutdown and not
 * brought back at boot, whatever its restart policy (seen on dockerd 20.10 in the chaos suite). Its
 * swap is committed (the original is gone), so nothing else records that it should run: crash
 * recovery starts it, when its record says it was meant to run, its restart policy says the daemon
 * keeps it running across daemon restarts, and it stopped within moments of its start.
 */
import type { ContainerInspect } from "../docker/types.ts";
import { createdNanos } from "./created-time.ts";
import type { SwapRecord } from "./swap-record.ts";

/** A stop this soon after the start happened during the swap, not at a user's hand later. */
export const STALLED_WITHIN_MS = 60_000;

const KEPT_RUNNING = new Set(["always", "unless-stopped"]);

export function isStalledReplacement(record: SwapRecord, inspect: ContainerInspect): boolean {
  if (!record.start || !record.wasRunning) return false;
  if (inspect.Name.replace(/^\//, "") !== record.originalName) return false;
  if (inspect.State.Status !== "exited") return false;
  if (!KEPT_RUNNING.has(inspect.HostConfig.RestartPolicy?.Name ?? "")) return false;
  const started = createdNanos(inspect.State.StartedAt);
  const finished = createdNanos(inspect.State.FinishedAt);
  if (started === undefined || finished === undefined || finished < started) return false;
  return finished - started <= BigInt(STALLED_WITHIN_MS) * 1_000_000n;
}
