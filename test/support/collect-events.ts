/**
 * @module A session emitter for unit tests that keeps every event body, in order.
 */
import type { SessionEmitter } from "../../src/update/events/emitter.ts";
import type { SessionEventBody } from "../../src/update/events/session-events.ts";

export function collectEvents(): SessionEmitter & { bodies: SessionEventBody[]; types: () => string[] } {
  const bodies: SessionEventBody[] = [];
  return {
    bodies,
    emit(body) {
      bodies.push(body);
    },
    types: () => bodies.map((body) => body.type),
  };
}
