/**
 * @module What the process gives Bosun: its output streams, clock, identity and shutdown signal.
 * Apart from main.ts so the daemon can take them without importing the composition root.
 */
import type { DockerClient } from "./docker/types.ts";
import type { OutputStream } from "./log/destination.ts";
import type { Clock } from "./util/clock.ts";

export interface MainDeps {
  /** Logs go here (stderr), so stdout stays clean for porcelain output. */
  stderr: OutputStream;
  /** Where `logger://` writes with `--notification-log-stdout`. */
  stdout: (text: string) => void;
  clock: Clock;
  hostname: string;
  version: string;
  /** Aborted on SIGTERM/SIGINT: the swap in progress finishes, then Bosun stops. */
  shutdown: AbortSignal;
  /** Replaces the client built from the configuration (tests). */
  docker?: DockerClient;
}
