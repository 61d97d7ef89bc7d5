/**
 * @module Notices of the composition root: what goes wrong around the engine (a session that failed
 * before its report, a Docker host of a fleet that failed) goes on the session event bus like the
 * engine's own notices, so notifications, the logs' subscribers and the live view all see it. A
 * notice joins the session the engine started on its host during the run, when there is one.
 */
import { randomUUID } from "node:crypto";
import type { SessionEvent } from "./update/events/session-events.ts";
import type { EventBus } from "./util/event-bus.ts";

type NoticeBody = Extract<SessionEvent, { type: "notice" }>;

export interface RunNotices {
  notice(
    level: NoticeBody["level"],
    message: string,
    fields: Readonly<Record<string, unknown>>,
    /** With several hosts, the host the notice is about. */
    host?: string,
  ): void;
  /** Stops following the run's sessions. */
  close(): void;
}

/** Follows the sessions the engine starts from now on, until `close()`. */
export function runNotices(events: EventBus<SessionEvent>, now: () => number): RunNotices {
  const sessions = new Map<string | undefined, string>();
  const stop = events.subscribe((event) => {
    if (event.type === "session-started") sessions.set(event.host, event.session);
  });
  return {
    notice(level, message, fields, host) {
      events.emit({
        type: "notice",
        level,
        message,
        fields,
        // No session started (the lock could not be taken): the notice is a session of its own.
        session: sessions.get(host) ?? randomUUID(),
        at: now(),
        ...(host !== undefined && { host }),
      });
    },
    close: stop,
  };
}
