/**
 * @module Lifecycle hooks: `sh -c <label value>` executed inside a container. Exit 75 (EX_TEMPFAIL)
 * and any other non-zero exit or exec error mean "skip this container" for pre-update.
 */
import type { DockerClient } from "../docker/types.ts";
import { hookTimeoutMs, LABELS } from "../container/labels.ts";
import { errorMessage } from "../util/errors.ts";

export type HookPhase = "pre-check" | "post-check" | "pre-update" | "post-update";

export type HookResult =
  { kind: "none" } | { kind: "ok"; output: string } | { kind: "failed"; error: string; output: string };

const MAX_OUTPUT_BYTES = 16 * 1024;
const CHECK_TIMEOUT_MS = 60_000;

const COMMAND_LABEL = {
  "pre-check": LABELS.preCheck,
  "post-check": LABELS.postCheck,
  "pre-update": LABELS.preUpdate,
  "post-update": LABELS.postUpdate,
} as const;

function timeoutFor(phase: HookPhase, labels: Record<string, string>): number {
  if (phase === "pre-update") return hookTimeoutMs(labels[LABELS.preUpdateTimeout]);
  if (phase === "post-update") return hookTimeoutMs(labels[LABELS.postUpdateTimeout]);
  return CHECK_TIMEOUT_MS;
}

/** Runs the container's hook for `phase`, if it has one. Never throws. */
export async function runHook(
  docker: DockerClient,
  phase: HookPhase,
  container: { id: string; labels: Record<string, string> },
  signal?: AbortSignal,
): Promise<HookResult> {
  const command = container.labels[COMMAND_LABEL[phase]];
  if (command === undefined || command.trim() === "") return { kind: "none" };
  const timeoutMs = timeoutFor(phase, container.labels);
  try {
    const result = await docker.exec(
      container.id,
      ["sh", "-c", command],
      { timeoutMs, maxOutputBytes: MAX_OUTPUT_BYTES },
      { ...(signal && { signal }), ...(timeoutMs > 0 && { timeoutMs: timeoutMs + 10_000 }) },
    );
    const output = result.output.trim();
    if (result.timedOut) return { kind: "failed", error: `${phase} hook timed out`, output };
    if (result.exitCode === 75) {
      return {
        kind: "failed",
        error: `skipping container as the ${phase} command returned exit code 75 (EX_TEMPFAIL)`,
        output,
      };
    }
    if (result.exitCode !== 0) {
      const suffix = output === "" ? "" : `: ${output}`;
      return {
        kind: "failed",
        error: `${phase} command exited with code ${String(result.exitCode)}${suffix}`,
        output,
      };
    }
    return { kind: "ok", output };
  } catch (error) {
    return { kind: "failed", error: `${phase} hook could not run: ${errorMessage(error)}`, output: "" };
  }
}
