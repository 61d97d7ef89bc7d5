/**
 * @module Metrics as a subscriber of the session events: a session's counts, duration and
 * rollbacks are recorded from its `session-done`. Only for one Docker host: a fleet records its
 * merged report once per fleet session (run-fleet.ts), as the per-host gauges need every host.
 */
import type { SessionEvent } from "../update/events/session-events.ts";
import type { Listener } from "../util/event-bus.ts";
import type { Metrics } from "./metrics.ts";

export function recordSessions(metrics: Pick<Metrics, "recordSession">): Listener<SessionEvent> {
  return (event) => {
    if (event.type === "session-done") metrics.recordSession(event.report);
  };
}
