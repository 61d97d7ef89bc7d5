/**
 * @module The session runner contract between the composition root (which builds it) and the
 * daemon (which schedules it).
 */
import type { SessionReport } from "./update/report-types.ts";

/** What a session needs around the engine: notifications and metrics, once per run. */
export interface SessionRunner {
  run(images: readonly string[] | undefined): Promise<SessionReport>;
}
