/**
 * @module The log subscriber: each session event as the log line(s) Bosun has always written, with
 * the same constant message and fields, plus `event` (its type) and, on a notice's line, `notice`
 * (its code) for machines. An event that had no line before gets one at debug. The pull's progress
 * and end have none: the pull reporter's own diagnostic lines (bytes, seconds) say more.
 */
import type { Logger } from "pino";
import { shortId, withTag } from "../../util/image-reference.ts";
import { reportCounts } from "../report.ts";
import { pinnedImage } from "../swarm/service-image.ts";
import type { EventContainer, SessionEventBody } from "./session-events.ts";

export interface EventLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields: Record<string, unknown>;
}

/** A service is named `service`, a container `container`, as their lines always were. */
function subject(container: EventContainer): Record<string, string> {
  return container.kind === "service" ? { service: container.name } : { container: container.name };
}

function skippedLine(container: EventContainer, reason: string | undefined): EventLine {
  // A service's skip had no line before; a container's is Watchtower's "Unable to update".
  return container.kind === "service"
    ? { level: "debug", message: "Service skipped", fields: { service: container.name, reason } }
    : {
        level: "info",
        message: "Unable to update container",
        fields: { container: container.name, err: reason ?? "unknown cause" },
      };
}

function checkedLines(event: Extract<SessionEventBody, { type: "container-checked" }>): EventLine[] {
  const { container, result, latestTag, latestImageId } = event;
  const lines: EventLine[] = [];
  if (latestTag !== undefined) {
    lines.push({
      level: "info",
      message: "Found newer tag",
      fields: { container: container.name, image: container.image, currentTag: event.currentTag, latestTag },
    });
  }
  // A skipped container with a latest image found one and was then refused it (a rejected image).
  if (result !== "fresh" && latestImageId !== undefined) {
    const image = latestTag === undefined ? container.image : withTag(container.image, latestTag);
    lines.push({
      level: "info",
      message: "Found new image",
      fields: { ...subject(container), image, id: shortId(latestImageId) },
    });
  }
  if (result === "skipped") lines.push(skippedLine(container, event.reason));
  if (result === "fresh") {
    lines.push({
      level: "debug",
      message: "No new image",
      fields: { ...subject(container), image: container.image, note: event.reason },
    });
  }
  return lines;
}

function failedLine(event: Extract<SessionEventBody, { type: "container-failed" }>): EventLine {
  const { container, error } = event;
  if (container.kind === "service")
    return {
      level: "error",
      message: "Unable to update service",
      fields: { service: container.name, err: error },
    };
  const message =
    event.restored === true
      ? "Unable to update container, restored the old one"
      : "Unable to update container";
  return { level: "error", message, fields: { container: container.name, err: error } };
}

/** The lines of one event, in order (most events have one). */
export function eventLines(event: SessionEventBody): EventLine[] {
  switch (event.type) {
    case "session-started":
      return [{ level: "debug", message: "Session started", fields: { images: event.images } }];
    case "container-checked":
      return checkedLines(event);
    case "container-skipped":
      return [skippedLine(event.container, event.reason)];
    case "image-pull-started":
      return [{ level: "debug", message: "Pulling image", fields: { image: event.image } }];
    case "image-pull-progress":
    case "image-pulled":
      return [];
    case "container-stopping": {
      const { container, signal } = event;
      const fields = { container: container.name, id: shortId(container.id), signal };
      return [{ level: "info", message: "Stopping container", fields }];
    }
    case "container-created":
      return [{ level: "info", message: "Creating container", fields: { container: event.container.name } }];
    case "container-started": {
      const fields = { container: event.container.name, id: shortId(event.newId) };
      return [{ level: "debug", message: "Container started", fields }];
    }
    case "container-verifying": {
      const fields = { container: event.container.name, windowSeconds: Math.round(event.windowMs / 1000) };
      return [{ level: "info", message: "Watching the new container before removing the old one", fields }];
    }
    case "container-verified": {
      const fields = { container: event.container.name };
      return [{ level: "debug", message: "The new container passed its verification", fields }];
    }
    case "container-updated": {
      const { container, newId, newImageId } = event;
      if (container.kind === "service") {
        const fields = { service: container.name, image: pinnedImage(container.image, newImageId) };
        return [{ level: "info", message: "Service updated", fields }];
      }
      return [
        {
          level: "debug",
          message: "Container updated",
          fields: { container: container.name, id: shortId(newId) },
        },
      ];
    }
    case "container-rolled-back": {
      const fields = { container: event.container.name, err: event.reason };
      return [{ level: "error", message: "Unable to update container, restored the old one", fields }];
    }
    case "container-failed":
      return [failedLine(event)];
    case "image-removed":
      return [{ level: "info", message: "Removing image", fields: { image: shortId(event.imageId) } }];
    case "notice":
      return [{ level: event.level, message: event.message, fields: { ...event.fields } }];
    case "session-done":
      return [{ level: "info", message: "Session done", fields: reportCounts(event.report) }];
  }
}

/** Writes the lines of `event` to `log`, each with `event: <type>` (and a notice's `notice: <code>`). */
export function logEvent(log: Logger, event: SessionEventBody): void {
  const tags = event.type === "notice" ? { event: event.type, notice: event.code } : { event: event.type };
  for (const line of eventLines(event)) {
    const fields: Record<string, unknown> = {};
    // Fields left undefined are left out, as the lines always were.
    for (const [key, value] of Object.entries(line.fields)) if (value !== undefined) fields[key] = value;
    log[line.level]({ ...fields, ...tags }, line.message);
  }
}
