/**
 * @module The typed events of an update session: the one record of what happens, as it happens.
 * The engine emits them; logs, notifications, metrics, the HTTP API's live stream (`/v1/events`)
 * and the dashboard's history are subscribers. Every event names its session, its time and, with
 * several Docker hosts, its host; a container is named the way reports name it.
 */
import type { SessionReport } from "../report-types.ts";
import type { NoticeCode } from "./notice-codes.ts";

/** A container (or, with `kind: "service"`, a Swarm service) as the events name it. */
export interface EventContainer {
  /** Full ID of the container the session started from (the old one when it is replaced). */
  id: string;
  /** `/app` for a container; the service name for a service. */
  name: string;
  /** The image reference it follows: `localhost:5000/app:latest`. */
  image: string;
  kind?: "service";
}

/** Why a checked container is not updated, or what it is updated to. */
export type CheckResult = "fresh" | "stale" | "skipped";

/** The swap steps a live view shows, in their order. */
export type SwapPhase = "stopping" | "created" | "started" | "verifying";

export type SessionEventBody =
  | {
      type: "session-started";
      /** The image references a targeted run (`/v1/update?image=`, a webhook) is limited to. */
      images?: readonly string[];
    }
  | {
      type: "container-checked";
      container: EventContainer;
      result: CheckResult;
      /** Why it is skipped, or a remark on a fresh one (e.g. pinned to a digest). */
      reason?: string;
      currentImageId: string;
      /** The image ID (or, for a service, the digest) the reference resolves to now. */
      latestImageId?: string;
      currentTag?: string;
      /** The newest tag the container's tag policy allows, when it is newer than the current one. */
      latestTag?: string;
      /** Monitor-only: found stale, left as it is. */
      monitorOnly?: boolean;
    }
  | { type: "image-pull-started"; image: string }
  | {
      type: "image-pull-progress";
      image: string;
      /** Layers seen so far, and of those the ones downloaded (or already present). */
      layers: number;
      layersDone: number;
    }
  | { type: "image-pulled"; image: string; imageId?: string }
  | { type: "container-stopping"; container: EventContainer; signal: string }
  | { type: "container-created"; container: EventContainer; newId: string }
  | { type: "container-started"; container: EventContainer; newId: string }
  | { type: "container-verifying"; container: EventContainer; newId: string; windowMs: number }
  | { type: "container-verified"; container: EventContainer; newId: string }
  | { type: "container-updated"; container: EventContainer; newId: string; newImageId: string }
  | { type: "container-rolled-back"; container: EventContainer; reason: string }
  | {
      type: "container-failed";
      container: EventContainer;
      error: string;
      /** The swap was undone: the old container is back as it was (false: the restore failed too). */
      restored?: boolean;
    }
  /**
   * A checked container left as it is after all: a dependency cycle, or Bosun stopped (or lost its
   * writer lock) before the container's turn.
   */
  | { type: "container-skipped"; container: EventContainer; reason: string }
  | { type: "image-removed"; imageId: string; image?: string }
  /**
   * A warning or error of the session that is not one of the steps above (a hook that failed, an
   * unparseable label): it reaches logs and notifications with its constant message and fields.
   */
  | {
      type: "notice";
      /** What the notice is about (notice-codes.ts): what machines match, never the message. */
      code: NoticeCode;
      /** `debug`: a detail only `--notifications-level debug` (or trace) passes. */
      level: "debug" | "info" | "warn" | "error";
      message: string;
      fields?: Readonly<Record<string, unknown>>;
    }
  | { type: "session-done"; report: SessionReport };

export type SessionEventType = SessionEventBody["type"];

/** A notice's body, as its emitter states it. */
export type NoticeBody = Extract<SessionEventBody, { type: "notice" }>;

export type SessionEvent = SessionEventBody & {
  /** The session's ID (a UUID), shared by all its events. */
  session: string;
  /** Epoch milliseconds. */
  at: number;
  /** The Docker host, only with several hosts. */
  host?: string;
};

/** What the engine is given to publish with. */
export interface SessionEventSink {
  emit(event: SessionEvent): void;
}
