/**
 * @module The publisher of an engine's sessions: each event is stamped (session ID, time) and
 * handed to its subscribers, the log first. Outside a session (crash recovery at startup)
 * `logEvents` renders the same bodies straight to the log.
 */
import type { Logger } from "pino";
import { createEventBus } from "../../util/event-bus.ts";
import type { Clock } from "../../util/clock.ts";
import { errorMessage } from "../../util/errors.ts";
import { logEvent } from "./log-subscriber.ts";
import type { SessionEmitter } from "./emitter.ts";
import type { SessionEvent, SessionEventSink } from "./session-events.ts";

/** An emitter without a session: each body is only logged, as a session's log subscriber would. */
export function logEvents(log: Logger): SessionEmitter {
  return {
    emit(body) {
      logEvent(log, body);
    },
  };
}

/** The publisher of the sessions of one engine: its log, then `sink` (the process's bus), subscribe. */
export function createSessionPublisher(
  log: Logger,
  sink: SessionEventSink | undefined,
  clock: Clock,
): (session: string) => SessionEmitter {
  const bus = createEventBus<SessionEvent>((error: unknown) => {
    log.warn({ err: errorMessage(error) }, "A session event subscriber failed");
  });
  bus.subscribe((event) => {
    logEvent(log, event);
  });
  if (sink !== undefined) {
    bus.subscribe((event) => {
      sink.emit(event);
    });
  }
  return (session) => ({
    emit(body) {
      bus.emit({ ...body, session, at: clock.now() });
    },
  });
}
