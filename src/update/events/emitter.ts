/**
 * @module How the engine's parts publish: a `SessionEmitter` takes an event's body; the session
 * stamps it (its ID, the time) and hands it to its subscribers (events/publisher.ts).
 */
import type { Container } from "../../container/container.ts";
import type { EventContainer, SessionEventBody } from "./session-events.ts";

export interface SessionEmitter {
  emit(body: SessionEventBody): void;
}

/** The container as the events name it. */
export function eventContainer(container: Pick<Container, "id" | "name" | "imageName">): EventContainer {
  return { id: container.id, name: container.name, image: container.imageName };
}
