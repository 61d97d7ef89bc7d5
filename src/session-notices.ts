/**
 * @module Notices of the composition root: what goes wrong around the engine (a session that failed
 * before its report, a Docker host of a fleet that failed) goes on the session event bus like the
 * engine's own notices, so notifications, the logs' subscribers and the live view all see it. A
 * notice joins the session the engine started on its host during the run, when there is one. The
 * caller logs it (`logEvent`) where it happens: this bus has no log subscriber.
 */
import { randomUUID } from "node:crypto";
import type { NoticeBody, SessionEvent } from "./update/events/session-events.ts";
import type { EventBus } from "./util/event-bus.ts";

export interface RunNotices {
  notice(
    body: NoticeBody,
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
    notice(body, host) {
      events.emit({
        ...body,
        // No session started (the lock could not be taken): the notice is a session of its own.
        session: sessions.get(host) ?? randomUUID(),
        at: now(),
        ...(host !== undefined && { host }),
      });
    },
    close: stop,
  };
}
