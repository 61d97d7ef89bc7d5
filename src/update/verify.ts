/**
 * @module The verdict on a started replacement during its rollback window (`--auto-rollback`):
 * proven, failed (and why), or not decided yet. Pure: the caller inspects the container and says
 * how long ago it started; a healthy container is proven at once, one without a healthcheck only
 * at the end of the window.
 */
import { z } from "zod";

/** What a container inspect says about a replacement's health (read through `observe`). */
export interface Observation {
  status: string;
  exitCode: number;
  restartCount: number;
  /** The image or the container defines a healthcheck (not `NONE`). */
  hasHealthcheck: boolean;
  /** `starting`, `healthy` or `unhealthy`; undefined without a healthcheck. */
  health?: string | undefined;
  /** The last line of the last health probe's output, for the report. */
  lastHealthOutput?: string | undefined;
}

export type Verdict = { kind: "proven" } | { kind: "failed"; reason: string } | { kind: "pending" };

export interface VerdictContext {
  /** The restart count right after the start. */
  baselineRestarts: number;
  /** Milliseconds since the replacement started. */
  elapsedMs: number;
  windowMs: number;
}

const inspectSchema = z.looseObject({
  RestartCount: z.number().optional(),
  State: z.looseObject({
    Status: z.string(),
    ExitCode: z.number(),
    Health: z
      .looseObject({
        Status: z.string(),
        Log: z
          .array(z.looseObject({ Output: z.string().optional() }))
          .nullable()
          .optional(),
      })
      .nullable()
      .optional(),
  }),
  Config: z.looseObject({
    Healthcheck: z
      .looseObject({ Test: z.array(z.string()).nullable().optional() })
      .nullable()
      .optional(),
  }),
});

/** The fields of a container inspect (an external answer, hence parsed) the verdict needs. */
export function observe(inspect: unknown): Observation {
  const parsed = inspectSchema.parse(inspect);
  const test = parsed.Config.Healthcheck?.Test ?? [];
  const health = parsed.State.Health ?? undefined;
  const lastOutput = health?.Log?.at(-1)?.Output ?? "";
  const lastLine = lastOutput
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .at(-1);
  return {
    status: parsed.State.Status,
    exitCode: parsed.State.ExitCode,
    restartCount: parsed.RestartCount ?? 0,
    hasHealthcheck: (test.length > 0 && test[0] !== "NONE") || health !== undefined,
    health: health?.Status,
    lastHealthOutput: lastLine,
  };
}

const seconds = (ms: number) => `${String(Math.round(ms / 1000))} s`;

export function judge(observation: Observation, context: VerdictContext): Verdict {
  const { status, exitCode, restartCount } = observation;
  const after = seconds(context.elapsedMs);
  // A container that ran and stopped, or that its restart policy is bringing back, has exited.
  if (status === "exited" || status === "dead" || status === "restarting") {
    return { kind: "failed", reason: `exited with code ${String(exitCode)} after ${after}` };
  }
  if (restartCount > context.baselineRestarts) {
    const times = restartCount - context.baselineRestarts;
    // Docker resets ExitCode when it starts the container again: 0 then says nothing of the crash.
    const code = exitCode === 0 ? "" : ` (exit code ${String(exitCode)})`;
    return {
      kind: "failed",
      reason: `restarted ${String(times)} time${times === 1 ? "" : "s"}${code} after ${after}`,
    };
  }
  if (observation.health === "unhealthy") {
    return { kind: "failed", reason: `unhealthy: ${observation.lastHealthOutput ?? "no health output"}` };
  }
  if (observation.health === "healthy") return { kind: "proven" };
  if (context.elapsedMs < context.windowMs) return { kind: "pending" };
  if (observation.hasHealthcheck) {
    return { kind: "failed", reason: `not healthy after ${after} (health: ${observation.health ?? "none"})` };
  }
  return status === "running" ? { kind: "proven" } : { kind: "failed", reason: `${status} after ${after}` };
}
