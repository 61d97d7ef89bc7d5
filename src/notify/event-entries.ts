/**
 * @module The notification entry of a typed session event: the sentence Watchtower wrote for that
 * step (`Found new nginx:latest image (abc123def456)`), its level, and its fields as the entry's
 * `.Data`. Steps a Watchtower notification never named (pulls, starts, the session's bounds) have
 * no entry. Nothing here reads log text: renaming a log message cannot change a notification.
 */
import { levelName } from "../log/levels.ts";
import { redactSecrets, redactValue } from "../log/redact.ts";
import type { EventContainer, SessionEvent } from "../update/events/session-events.ts";
import { EntryData, shortId } from "./template-data.ts";

/** Levels as pino numbers, so that entries compare with `--notifications-level`. */
const LEVEL = { info: 30, warn: 40, error: 50 } as const;

interface Phrase {
  level: number;
  message: string;
  data: Record<string, unknown>;
}

type Phrasers = {
  [T in SessionEvent["type"]]?: (event: Extract<SessionEvent, { type: T }>) => Phrase | undefined;
};

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The field naming the container, as the engine's log lines name it (`service` for a service). */
function named(container: EventContainer): Record<string, unknown> {
  return container.kind === "service" ? { service: container.name } : { container: container.name };
}

function unableToUpdate(container: EventContainer, cause: string, level: number): Phrase {
  return {
    level,
    message: `Unable to update container "${container.name}": ${cause}. Proceeding to next.`,
    data: { ...named(container), err: cause },
  };
}

const PHRASERS: Phrasers = {
  "container-checked": (event) => {
    const { container } = event;
    if (event.result === "skipped")
      return unableToUpdate(container, event.reason ?? "unknown cause", LEVEL.info);
    if (event.result !== "stale") return undefined;
    if (event.latestTag !== undefined && event.latestTag !== event.currentTag)
      return {
        level: LEVEL.info,
        message: `Found newer tag ${event.latestTag} for ${container.image} (${container.name})`,
        data: {
          ...named(container),
          image: container.image,
          currentTag: event.currentTag,
          latestTag: event.latestTag,
        },
      };
    const id = event.latestImageId === undefined ? undefined : shortId(event.latestImageId);
    return {
      level: LEVEL.info,
      message: `Found new ${container.image} image${id === undefined ? "" : ` (${id})`}`,
      data: { ...named(container), image: container.image, id },
    };
  },
  "container-stopping": ({ container, signal }) => ({
    level: LEVEL.info,
    message: `Stopping ${container.name} (${shortId(container.id)}) with ${signal}`,
    data: { ...named(container), id: shortId(container.id), signal },
  }),
  "container-created": ({ container }) => ({
    level: LEVEL.info,
    message: `Creating ${container.name}`,
    data: named(container),
  }),
  "image-removed": ({ imageId }) => ({
    level: LEVEL.info,
    message: `Removing image ${shortId(imageId)}`,
    data: { image: shortId(imageId) },
  }),
  "container-failed": ({ container, error }) => unableToUpdate(container, error, LEVEL.error),
  "container-rolled-back": ({ container, reason }) => ({
    level: LEVEL.error,
    message: `Rolled back ${container.name} to the old container: ${reason}`,
    data: { ...named(container), err: reason },
  }),
  notice: ({ level, message, fields = {} }) => {
    const extra = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${text(value)}`);
    return {
      level: LEVEL[level],
      message: extra.length === 0 ? message : `${message}: ${extra.join(", ")}`,
      data: { ...fields },
    };
  },
};

/**
 * The entry of `event`, or undefined when it has none or is less severe than `threshold` (a pino
 * level number). With several hosts the sentence names the host first.
 */
export function entryOfEvent(event: SessionEvent, threshold: number): EntryData | undefined {
  const phraser = PHRASERS[event.type] as ((e: SessionEvent) => Phrase | undefined) | undefined;
  const phrase = phraser?.(event);
  if (phrase === undefined || phrase.level < threshold) return undefined;
  const message = event.host === undefined ? phrase.message : `${event.host}: ${phrase.message}`;
  const fields: Record<string, unknown> = {
    ...phrase.data,
    ...(event.host !== undefined && { host: event.host }),
  };
  const data = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  // Errors and notice fields can quote URLs or headers: masked as the logs mask them.
  return new EntryData(
    redactSecrets(message),
    levelName(phrase.level),
    new Date(event.at),
    redactValue(data) as Record<string, unknown>,
  );
}
