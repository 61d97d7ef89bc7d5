/**
 * @module The notification entries of a typed session event: the sentence Watchtower wrote for
 * that step (`Found new nginx:latest image (abc123def456)`), its level, and its fields (named as
 * the engine's log lines name them) as the entry's `.Data`. Steps a Watchtower notification never
 * named (pulls, starts, the session's bounds) have none. Nothing here reads log text: renaming a
 * log message cannot change a notification.
 */
import { levelName } from "../log/levels.ts";
import { redactSecrets, redactValue } from "../log/redact.ts";
import type { EventContainer, SessionEvent } from "../update/events/session-events.ts";
import { shortId, withTag } from "../util/image-reference.ts";
import { EntryData } from "./template-data.ts";

/** Levels as pino numbers, so that entries compare with `--notifications-level`. */
const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

interface Phrase {
  level: number;
  message: string;
  data: Record<string, unknown>;
}

type Phrasers = {
  [T in SessionEvent["type"]]?: (event: Extract<SessionEvent, { type: T }>) => Phrase[];
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

/** Watchtower's sentence for a container it could not update; `note` follows the cause. */
function unableToUpdate(
  container: EventContainer,
  cause: string,
  level: number,
  { note = "", data = {} }: { note?: string; data?: Record<string, unknown> } = {},
): Phrase {
  const kind = container.kind === "service" ? "service" : "container";
  return {
    level,
    message: `Unable to update ${kind} "${container.name}": ${cause}${note}. Proceeding to next.`,
    data: { ...named(container), err: cause, ...data },
  };
}

/** Watchtower's lines of a check: the newer tag, the new image, why it is skipped; in that order. */
function checked(event: Extract<SessionEvent, { type: "container-checked" }>): Phrase[] {
  const { container, latestTag, latestImageId } = event;
  const phrases: Phrase[] = [];
  const newerTag = latestTag !== undefined && latestTag !== event.currentTag ? latestTag : undefined;
  if (newerTag !== undefined)
    phrases.push({
      level: LEVEL.info,
      message: `Found newer tag ${newerTag} for ${container.image} (${container.name})`,
      data: {
        ...named(container),
        image: container.image,
        currentTag: event.currentTag,
        latestTag: newerTag,
      },
    });
  // A skipped container with a latest image found one and was refused it (a rejected image).
  if (event.result !== "fresh" && latestImageId !== undefined) {
    const image = newerTag === undefined ? container.image : withTag(container.image, newerTag);
    phrases.push({
      level: LEVEL.info,
      message: `Found new ${image} image (${shortId(latestImageId)})`,
      data: { ...named(container), image, id: shortId(latestImageId) },
    });
  }
  if (event.result === "skipped")
    phrases.push(unableToUpdate(container, event.reason ?? "unknown cause", LEVEL.info));
  return phrases;
}

const PHRASERS: Phrasers = {
  "container-checked": checked,
  "container-stopping": ({ container, signal }) => [
    {
      level: LEVEL.info,
      message: `Stopping ${container.name} (${shortId(container.id)}) with ${signal}`,
      data: { ...named(container), id: shortId(container.id), signal },
    },
  ],
  "container-created": ({ container }) => [
    { level: LEVEL.info, message: `Creating ${container.name}`, data: named(container) },
  ],
  "image-removed": ({ imageId }) => [
    {
      level: LEVEL.info,
      message: `Removing image ${shortId(imageId)}`,
      data: { image: shortId(imageId) },
    },
  ],
  "container-skipped": ({ container, reason }) => [unableToUpdate(container, reason, LEVEL.info)],
  "container-failed": ({ container, error, restored }) => [
    unableToUpdate(container, error, LEVEL.error, {
      // A failed restore is in the error already ("restore failed: …").
      ...(restored === true && { note: "; the old container is back" }),
      ...(restored !== undefined && { data: { restored } }),
    }),
  ],
  "container-rolled-back": ({ container, reason }) => [
    {
      level: LEVEL.error,
      message: `Rolled back ${container.name} to the old container: ${reason}`,
      data: { ...named(container), err: reason },
    },
  ],
  notice: ({ level, message, fields = {} }) => {
    const extra = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${text(value)}`);
    return [
      {
        level: LEVEL[level],
        message: extra.length === 0 ? message : `${message}: ${extra.join(", ")}`,
        data: { ...fields },
      },
    ];
  },
};

/**
 * The entries of `event` at or above `threshold` (a pino level number): none for most events, one
 * or two for a check. With several hosts each sentence names the host first.
 */
export function entriesOfEvent(event: SessionEvent, threshold: number): EntryData[] {
  const phraser = PHRASERS[event.type] as ((e: SessionEvent) => Phrase[]) | undefined;
  const phrases = (phraser?.(event) ?? []).filter((phrase) => phrase.level >= threshold);
  return phrases.map((phrase) => {
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
  });
}
