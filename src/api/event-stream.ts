/**
 * @module `/v1/events`: the session events as Server-Sent Events. Each event is one frame
 * (`event: <type>`, `id: <bootId>-<seq>`, `data: <json>`); a comment line every 15 s keeps proxies
 * from closing an idle stream. A client that reconnects with `Last-Event-ID` first gets the events
 * it missed, from the event log, or a `reset` frame when they are no longer known (see event-log.ts).
 * Writing never waits for a client: one that lets more than its buffer bound pile up is dropped, so
 * a slow reader cannot hold up a session or grow Bosun's memory. Notice fields pass the log
 * redaction on their way out.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { redactValue } from "../log/redact.ts";
import type { SessionEvent } from "../update/events/session-events.ts";
import type { EventBus } from "../util/event-bus.ts";
import { createEventLog, type EventLogOptions, type ResetReason } from "./event-log.ts";

export const HEARTBEAT_MS = 15_000;
/** A session-done frame of a few hundred containers is some 100 KiB; a client may lag a few. */
export const MAX_CLIENT_BUFFER_BYTES = 4 * 1024 * 1024;
export const MAX_CLIENTS = 32;

export interface EventStreamOptions {
  events: Pick<EventBus<SessionEvent>, "subscribe">;
  logger: Logger;
  heartbeatMs?: number;
  maxBufferedBytes?: number;
  maxClients?: number;
  /** The replay log's boot id and bounds. */
  replay?: EventLogOptions;
}

export interface EventStream {
  /** Takes over the response: headers, then frames until the client leaves or close(). */
  open(req: IncomingMessage, res: ServerResponse): boolean;
  readonly clients: number;
  /** Ends every stream and stops listening. */
  close(): void;
}

/** What a client that cannot resume is sent (its frame's id is the newest event's). */
export interface ResetEvent {
  type: "reset";
  reason: ResetReason;
}

interface Client {
  res: ServerResponse;
  /** The newest event this client was sent (or told of): a later live frame up to it is a duplicate. */
  seq: number;
}

/** One SSE frame; JSON has no raw newline, so the data is one line. */
export function sseFrame(type: string, id: string, data: unknown): string {
  return `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The event as it goes out: a notice's free-form fields with secrets masked. */
export function publicEvent(event: SessionEvent): SessionEvent {
  if (event.type !== "notice" || event.fields === undefined) return event;
  return { ...event, fields: redactValue(event.fields) as Readonly<Record<string, unknown>> };
}

/** The `Last-Event-ID` header; absent or empty means a new client. */
function lastEventIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers["last-event-id"];
  const text = Array.isArray(value) ? value.join(",") : value;
  return text === undefined || text === "" ? undefined : text;
}

export function createEventStream(options: EventStreamOptions): EventStream {
  const { logger } = options;
  const maxBuffered = options.maxBufferedBytes ?? MAX_CLIENT_BUFFER_BYTES;
  const maxClients = options.maxClients ?? MAX_CLIENTS;
  const log = createEventLog(options.replay);
  const clients = new Set<Client>();
  let closed = false;

  /** Writes unless the client is gone or would be over its bound (then it is dropped). */
  function write(client: Client, text: string, bytes = Buffer.byteLength(text)): boolean {
    const { res } = client;
    if (res.destroyed || res.writableEnded) {
      clients.delete(client);
      return false;
    }
    if (res.writableLength + bytes > maxBuffered) {
      clients.delete(client);
      logger.warn({ buffered: res.writableLength }, "Dropped an event-stream client that does not keep up");
      res.destroy();
      return false;
    }
    res.write(text);
    return true;
  }

  const unsubscribe = options.events.subscribe((event) => {
    const frame = log.append((id) => sseFrame(event.type, id, publicEvent(event)));
    for (const client of [...clients]) {
      if (frame.seq <= client.seq) continue;
      if (write(client, frame.text, frame.bytes)) client.seq = frame.seq;
    }
  });
  const heartbeat = setInterval(() => {
    for (const client of [...clients]) write(client, ": heartbeat\n\n");
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  /** The frames a new client starts with: its position, the events it missed, or a reset. */
  function greet(client: Client, lastEventId: string | undefined): void {
    const newest = log.idOf(log.seq);
    if (lastEventId === undefined) {
      // An id with no data moves the client's last event id without an event: a client that
      // loses the stream before any event can still resume from here.
      write(client, `: connected\nid: ${newest}\n\n`);
      return;
    }
    const resume = log.since(lastEventId);
    if (resume.kind === "reset") {
      logger.debug({ reason: resume.reason }, "An event-stream client cannot resume; it is told to reload");
      const reset: ResetEvent = { type: "reset", reason: resume.reason };
      write(client, `: connected\n\n${sseFrame("reset", newest, reset)}`);
      return;
    }
    // The id only moves with the replayed frames: a client cut off in the middle resumes from there.
    if (!write(client, ": connected\n\n")) return;
    for (const frame of resume.frames) if (!write(client, frame.text, frame.bytes)) return;
  }

  return {
    open(req, res) {
      if (closed || clients.size >= maxClients) return false;
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
        // Reverse proxies (nginx) must pass frames on at once.
        "X-Accel-Buffering": "no",
      });
      res.flushHeaders();
      // Everything up to the newest event is sent here, in the same turn of the event loop as the
      // subscription's later frames are checked against: no event falls between, none comes twice.
      const client: Client = { res, seq: log.seq };
      clients.add(client);
      res.on("close", () => {
        clients.delete(client);
      });
      greet(client, lastEventIdOf(req));
      return true;
    },
    get clients() {
      return clients.size;
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      for (const { res } of clients) res.end();
      clients.clear();
    },
  };
}
