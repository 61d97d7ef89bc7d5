import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { describe, expect, it } from "vitest";
import { buildReport } from "../report.ts";
import { eventLines, logEvent, type EventLine } from "./log-subscriber.ts";
import type { EventContainer, SessionEventBody } from "./session-events.ts";

const WEB: EventContainer = { id: "f1317a10217d7840c3d4", name: "/web", image: "localhost:5000/app:1.2" };
const SVC: EventContainer = { id: "svc1", name: "api", image: "localhost:5000/api:latest", kind: "service" };
const OLD = `sha256:${"a".repeat(64)}`;
const NEW = `sha256:${"b".repeat(64)}`;
const line = (level: EventLine["level"], message: string, fields: Record<string, unknown>): EventLine => ({
  level,
  message,
  fields,
});

describe("eventLines: each event as the lines Bosun always wrote", () => {
  it.each<[string, SessionEventBody, EventLine[]]>([
    [
      "a stale container",
      { type: "container-checked", container: WEB, result: "stale", currentImageId: OLD, latestImageId: NEW },
      [line("info", "Found new image", { container: "/web", image: WEB.image, id: "bbbbbbbbbbbb" })],
    ],
    [
      "a newer tag, pulled",
      {
        type: "container-checked",
        container: WEB,
        result: "stale",
        currentImageId: OLD,
        latestImageId: NEW,
        currentTag: "1.2",
        latestTag: "1.3",
      },
      [
        line("info", "Found newer tag", {
          container: "/web",
          image: WEB.image,
          currentTag: "1.2",
          latestTag: "1.3",
        }),
        line("info", "Found new image", {
          container: "/web",
          image: "localhost:5000/app:1.3",
          id: "bbbbbbbbbbbb",
        }),
      ],
    ],
    [
      "a newer tag under monitor-only (not pulled: no image)",
      {
        type: "container-checked",
        container: WEB,
        result: "stale",
        currentImageId: OLD,
        currentTag: "1.2",
        latestTag: "1.3",
        monitorOnly: true,
      },
      [
        line("info", "Found newer tag", {
          container: "/web",
          image: WEB.image,
          currentTag: "1.2",
          latestTag: "1.3",
        }),
      ],
    ],
    [
      "a skipped container",
      {
        type: "container-checked",
        container: WEB,
        result: "skipped",
        reason: "pull failed",
        currentImageId: OLD,
      },
      [line("info", "Unable to update container", { container: "/web", err: "pull failed" })],
    ],
    [
      "a stale container whose new image was rejected",
      {
        type: "container-checked",
        container: WEB,
        result: "skipped",
        reason: "rolled back from it",
        currentImageId: OLD,
        latestImageId: NEW,
      },
      [
        line("info", "Found new image", { container: "/web", image: WEB.image, id: "bbbbbbbbbbbb" }),
        line("info", "Unable to update container", { container: "/web", err: "rolled back from it" }),
      ],
    ],
    [
      "a fresh container (a new line, at debug)",
      { type: "container-checked", container: WEB, result: "fresh", currentImageId: OLD, latestImageId: OLD },
      [line("debug", "No new image", { container: "/web", image: WEB.image, note: undefined })],
    ],
    [
      "a stale service",
      { type: "container-checked", container: SVC, result: "stale", currentImageId: OLD, latestImageId: NEW },
      [line("info", "Found new image", { service: "api", image: SVC.image, id: "bbbbbbbbbbbb" })],
    ],
    [
      "a container left out after its check",
      { type: "container-skipped", container: WEB, reason: "Bosun was stopped" },
      [line("info", "Unable to update container", { container: "/web", err: "Bosun was stopped" })],
    ],
    [
      "a stop",
      { type: "container-stopping", container: WEB, signal: "SIGINT" },
      [line("info", "Stopping container", { container: "/web", id: "f1317a10217d", signal: "SIGINT" })],
    ],
    [
      "a replacement created",
      { type: "container-created", container: WEB, newId: "c".repeat(64) },
      [line("info", "Creating container", { container: "/web" })],
    ],
    [
      "a verification",
      { type: "container-verifying", container: WEB, newId: "c".repeat(64), windowMs: 59_600 },
      [
        line("info", "Watching the new container before removing the old one", {
          container: "/web",
          windowSeconds: 60,
        }),
      ],
    ],
    [
      "a failure the old container survived",
      { type: "container-failed", container: WEB, error: "no space", restored: true },
      [
        line("error", "Unable to update container, restored the old one", {
          container: "/web",
          err: "no space",
        }),
      ],
    ],
    [
      "a failure the restore did not survive",
      { type: "container-failed", container: WEB, error: "no space (restore failed)", restored: false },
      [line("error", "Unable to update container", { container: "/web", err: "no space (restore failed)" })],
    ],
    [
      "a service's failure",
      { type: "container-failed", container: SVC, error: "refused" },
      [line("error", "Unable to update service", { service: "api", err: "refused" })],
    ],
    [
      "a roll-back",
      { type: "container-rolled-back", container: WEB, reason: "rolled back: exited" },
      [
        line("error", "Unable to update container, restored the old one", {
          container: "/web",
          err: "rolled back: exited",
        }),
      ],
    ],
    [
      "a service updated",
      { type: "container-updated", container: SVC, newId: "svc1", newImageId: NEW },
      [line("info", "Service updated", { service: "api", image: `${SVC.image}@${NEW}` })],
    ],
    [
      "an image removed",
      { type: "image-removed", imageId: OLD },
      [line("info", "Removing image", { image: "aaaaaaaaaaaa" })],
    ],
    [
      "a pull's start; its progress and end are the pull reporter's lines",
      { type: "image-pull-started", image: WEB.image },
      [line("debug", "Pulling image", { image: WEB.image })],
    ],
    ["pull progress", { type: "image-pull-progress", image: WEB.image, layers: 3, layersDone: 1 }, []],
    [
      "a notice",
      {
        type: "notice",
        code: "pre-check-hook-failed",
        level: "warn",
        message: "pre-check hook failed",
        fields: { container: "/web", err: "x" },
      },
      [line("warn", "pre-check hook failed", { container: "/web", err: "x" })],
    ],
  ])("%s", (_title, event, expected) => {
    expect(eventLines(event)).toEqual(expected);
  });
});

/** A debug logger whose lines are kept, parsed. */
function capture(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "debug" }, stream), lines };
}

describe("logEvent", () => {
  it("writes each line with its event type, leaving out fields without a value", () => {
    const { log, lines } = capture();
    logEvent(log, { type: "container-checked", container: WEB, result: "fresh", currentImageId: OLD });
    logEvent(log, { type: "session-done", report: buildReport([], 0, 1) });
    expect(lines.map(({ level, msg, event, note }) => ({ level, msg, event, note }))).toEqual([
      { level: 20, msg: "No new image", event: "container-checked", note: undefined },
      { level: 30, msg: "Session done", event: "session-done", note: undefined },
    ]);
    expect("note" in (lines[0] ?? {})).toBe(false);
    expect(lines[1]).toMatchObject({ scanned: 0, updated: 0, failed: 0, skipped: 0 });
    expect(lines.some((line) => "notice" in line)).toBe(false);
  });

  it("writes a notice's line with its code next to its event type, its message and fields as they were", () => {
    const { log, lines } = capture();
    const fields = { container: "/web", action: "restored" };
    logEvent(log, {
      type: "notice",
      code: "swap-recovered",
      level: "warn",
      message: "Recovered an interrupted swap",
      fields,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: "Recovered an interrupted swap",
      event: "notice",
      notice: "swap-recovered",
      ...fields,
    });
  });
});
