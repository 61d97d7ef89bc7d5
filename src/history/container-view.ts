/**
 * @module The live view of the watched containers (the dashboard's table): per container (and
 * Swarm service, and host) its image, tag, image IDs, state with its reason, newest tag, last check
 * and, while it is swapped, the swap phase. Kept from the session events: a `session-done` report
 * alone sets every state right; the per-container events refine it while a session runs. Seeded
 * at startup from the session history, so it is not empty until the next session.
 */
import type { SessionEvent, SwapPhase } from "../update/events/session-events.ts";
import {
  bareName,
  containerKey,
  recordOfSession,
  type RecordEntry,
  type SessionRecord,
} from "./session-record.ts";

export const VIEW_STATES = [
  "fresh",
  "stale",
  "updated",
  "failed",
  "rolled-back",
  "skipped",
  "unknown",
] as const;
export type ViewState = (typeof VIEW_STATES)[number];

export interface ViewContainer {
  /** The container's ID (the replacement's, once its update was seen as an event). */
  id: string;
  /** Without a leading slash. */
  name: string;
  /** The image reference it follows. */
  image: string;
  /** The tag it runs; absent for a digest reference. */
  tag?: string;
  host?: string;
  kind?: "service";
  /** The image it runs (for a service, the manifest digest). */
  currentImageId: string;
  /** The image its reference resolved to at the last check. */
  latestImageId?: string;
  state: ViewState;
  /** Why it is skipped, failed or rolled back, or a remark (e.g. pinned to a digest). */
  reason?: string;
  /** The newest tag its tag policy allows. */
  latestTag?: string;
  /** Epoch milliseconds of its last check; null when never checked since it was seen. */
  lastCheck: number | null;
  /** The swap step in progress, only while it is swapped. */
  phase?: SwapPhase;
}

export interface ActiveSession {
  id: string;
  /** Epoch milliseconds. */
  startedAt: number;
  host?: string;
}

export interface ContainerView {
  apply(event: SessionEvent): void;
  /** Replays history records, oldest first (startup). */
  seed(records: readonly SessionRecord[]): void;
  /** Sorted by host, then name. */
  containers(): ViewContainer[];
  /** The session in progress (the earliest, with several hosts); undefined between sessions. */
  session(): ActiveSession | undefined;
  /** The run is over: a session that failed has no `session-done`, so none is in progress any more. */
  runEnded(): void;
}

interface Tracked {
  view: ViewContainer;
  /** The session that last touched it, and whether that session checked it or replaced it. */
  session: string;
  checkedAt?: number;
  newId?: string;
}

const RESTARTED = "restarted because a container it depends on was updated";

/** A report entry's state in the view's words. */
export function viewState(entry: RecordEntry): { state: ViewState; reason?: string } {
  const reason = entry.error ?? entry.note;
  const withReason = (state: ViewState) => (reason === undefined ? { state } : { state, reason });
  switch (entry.state) {
    case "Updated":
      return withReason("updated");
    case "Failed":
      return withReason(entry.rolledBack === true ? "rolled-back" : "failed");
    case "Skipped":
      return withReason("skipped");
    case "Stale":
      return withReason("stale");
    case "Fresh":
      return withReason("fresh");
    case "Restarted":
      return { state: "fresh", reason: RESTARTED };
    default:
      return withReason("unknown");
  }
}

export function createContainerView(): ContainerView {
  const entries = new Map<string, Tracked>();
  const active = new Map<string, ActiveSession>();
  /** Sessions that cover every container (no `images`): what they do not report is gone. */
  const full = new Set<string>();

  function tracked(
    container: { id: string; name: string; image: string; kind?: "service" | undefined },
    session: string,
    host: string | undefined,
  ): Tracked {
    const key = containerKey({ ...container, host });
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = {
        session,
        view: {
          id: container.id,
          name: bareName(container.name),
          image: container.image,
          ...(host === undefined ? {} : { host }),
          ...(container.kind === undefined ? {} : { kind: container.kind }),
          currentImageId: "",
          state: "unknown",
          lastCheck: null,
        },
      };
      entries.set(key, entry);
    }
    if (entry.session !== session) {
      entry.session = session;
      delete entry.checkedAt;
      delete entry.newId;
    }
    return entry;
  }

  /** The record's outcome for every container it names; a full session drops the others. */
  function applyRecord(record: SessionRecord, isFull: boolean): void {
    const seen = new Set<string>();
    for (const entry of record.containers) {
      const host = entry.host ?? record.host;
      const item = tracked({ ...entry, name: entry.name }, record.id, host);
      seen.add(containerKey({ ...entry, host }));
      const { state, reason } = viewState(entry);
      const updated = entry.state === "Updated";
      const tag = updated ? (entry.latestTag ?? entry.currentTag) : entry.currentTag;
      const view: ViewContainer = {
        id: item.newId ?? entry.newId ?? entry.id,
        name: bareName(entry.name),
        image: entry.image,
        ...(tag === undefined ? {} : { tag }),
        ...(host === undefined ? {} : { host }),
        ...(entry.kind === undefined ? {} : { kind: entry.kind }),
        currentImageId: updated ? entry.latestImageId : entry.currentImageId,
        latestImageId: entry.latestImageId,
        state,
        ...(reason === undefined ? {} : { reason }),
        ...(entry.latestTag === undefined ? {} : { latestTag: entry.latestTag }),
        lastCheck: item.checkedAt ?? record.finishedAt,
      };
      item.view = view;
    }
    if (!isFull) return;
    for (const [key, item] of entries) {
      if (item.view.host === record.host && !seen.has(key)) entries.delete(key);
    }
  }

  function setPhase(
    event: SessionEvent & {
      container: { id: string; name: string; image: string; kind?: "service" | undefined };
    },
    phase: SwapPhase | undefined,
  ): Tracked {
    const item = tracked(event.container, event.session, event.host);
    const { phase: _previous, ...rest } = item.view;
    item.view = phase === undefined ? rest : { ...rest, phase };
    return item;
  }

  return {
    apply(event) {
      switch (event.type) {
        case "session-started":
          active.set(event.session, {
            id: event.session,
            startedAt: event.at,
            ...(event.host === undefined ? {} : { host: event.host }),
          });
          if (event.images === undefined || event.images.length === 0) full.add(event.session);
          return;
        case "container-checked": {
          const item = setPhase(event, undefined);
          item.checkedAt = event.at;
          const { reason: _reason, tag: _tag, latestTag: _latest, latestImageId: _id, ...rest } = item.view;
          item.view = {
            ...rest,
            ...(event.currentTag === undefined ? {} : { tag: event.currentTag }),
            currentImageId: event.currentImageId,
            ...(event.latestImageId === undefined ? {} : { latestImageId: event.latestImageId }),
            state: event.result,
            ...(event.reason === undefined ? {} : { reason: event.reason }),
            ...(event.latestTag === undefined ? {} : { latestTag: event.latestTag }),
            lastCheck: event.at,
          };
          return;
        }
        case "container-stopping":
          setPhase(event, "stopping");
          return;
        case "container-created":
          setPhase(event, "created");
          return;
        case "container-started":
          setPhase(event, "started");
          return;
        case "container-verifying":
          setPhase(event, "verifying");
          return;
        case "container-verified":
          setPhase(event, undefined);
          return;
        case "container-updated": {
          const item = setPhase(event, undefined);
          item.newId = event.newId;
          const { reason: _reason, ...rest } = item.view;
          const tag = rest.latestTag ?? rest.tag;
          item.view = {
            ...rest,
            id: event.newId,
            ...(tag === undefined ? {} : { tag }),
            currentImageId: event.newImageId,
            state: "updated",
          };
          return;
        }
        case "container-rolled-back": {
          const item = setPhase(event, undefined);
          item.view = { ...item.view, state: "rolled-back", reason: event.reason };
          return;
        }
        case "container-failed": {
          const item = setPhase(event, undefined);
          // A rollback said first stays the state: the failure is its reason.
          if (item.view.state !== "rolled-back")
            item.view = { ...item.view, state: "failed", reason: event.error };
          return;
        }
        case "session-done":
          active.delete(event.session);
          applyRecord(recordOfSession(event), full.delete(event.session));
          return;
        default:
          return;
      }
    },
    seed(records) {
      for (const record of records) applyRecord(record, record.images === undefined);
    },
    containers() {
      return [...entries.values()]
        .map((item) => item.view)
        .sort(
          (a, b) =>
            (a.host ?? "").localeCompare(b.host ?? "") ||
            a.name.localeCompare(b.name) ||
            (a.kind ?? "").localeCompare(b.kind ?? ""),
        );
    },
    session() {
      let earliest: ActiveSession | undefined;
      for (const session of active.values()) {
        if (earliest === undefined || session.startedAt < earliest.startedAt) earliest = session;
      }
      return earliest;
    },
    runEnded() {
      active.clear();
      full.clear();
    },
  };
}
