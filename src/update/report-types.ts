/**
 * @module The session report: what happened to each container in one update session. Shared by
 * the update engine (which fills it), porcelain output, the HTTP API, metrics and notifications.
 */

export const CONTAINER_STATES = [
  "Scanned",
  "Updated",
  "Failed",
  "Skipped",
  "Stale",
  "Fresh",
  "Restarted",
] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export interface ContainerReport {
  /** Full container ID (of the old container when it was replaced). */
  id: string;
  /** Container name with its leading slash, as the engine reports it: `/app`. */
  name: string;
  /** The image reference the container follows, e.g. `localhost:5000/app:latest`. */
  imageName: string;
  /** Image ID the container ran before the session (`sha256:…`). */
  currentImageId: string;
  /** Image ID the reference resolves to now; equal to currentImageId when nothing changed. */
  latestImageId: string;
  state: ContainerState;
  /** Why the container Failed or was Skipped; secrets masked. */
  error?: string;
  /** Informational remark that is not an error, e.g. "pinned to a digest: never updated". */
  note?: string;
  /** The tag the container ran before the session; absent for a digest or image-ID reference. */
  currentTag?: string;
  /** The newest tag its tag policy allows (the current one under `digest` or when none is newer). */
  latestTag?: string;
  /** The Docker host of the container; only with several hosts (`--host` given more than once). */
  host?: string;
  /**
   * Set for a Swarm service (`--swarm-services`): then `id` is the service ID, `name` the service
   * name (no slash), and the image IDs are the manifest digests pinned before and found now.
   */
  kind?: "service";
  /** `--auto-rollback` put the original back: the new container failed its verification (state Failed). */
  rolledBack?: boolean;
}

export interface SessionReport {
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
  /** Every container the session looked at, sorted by ID, each once in its final state. */
  containers: ContainerReport[];
  /** Watchtower's categories: scanned = everything not Skipped. Each list is sorted by ID. */
  scanned: ContainerReport[];
  updated: ContainerReport[];
  failed: ContainerReport[];
  skipped: ContainerReport[];
  stale: ContainerReport[];
  fresh: ContainerReport[];
  restarted: ContainerReport[];
}
