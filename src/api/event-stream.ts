/**
 * @module `/v1/events`: the session events as Server-Sent Events. Each event is one frame
 * (`event: <type>`, `id: <n>`, `data: <json>`), numbered from 1 per Bosun process; a comment line
 * every 15 s keeps proxies from closing an idle stream. Writing never waits for a client: one that
 * lets more than its buffer bound pile up is dropped, so a slow reader cannot hold up a session
 * or grow Bosun's memory. Notice fields pass the log redaction on their way out.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { redactValue } from "../log/redact.ts";
import type { SessionEvent } from "../update/events/session-events.ts";
import type { EventBus } from "../util/event-bus.ts";

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
}

export interface EventStream {
  /** Takes over the response: headers, then frames until the client leaves or close(). */
  open(req: IncomingMessage, res: ServerResponse): boolean;
  readonly clients: number;
  /** Ends every stream and stops listening. */
  close(): void;
}

/** One SSE frame; JSON has no raw newline, so the data is one line. */
export function sseFrame(type: string, id: number, data: unknown): string {
  return `event: ${type}\nid: ${String(id)}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The event as it goes out: a notice's free-form fields with secrets masked. */
export function publicEvent(event: SessionEvent): SessionEvent {
  if (event.type !== "notice" || event.fields === undefined) return event;
  return { ...event, fields: redactValue(event.fields) as Readonly<Record<string, unknown>> };
}

export function createEventStream(options: EventStreamOptions): EventStream {
  const { logger } = options;
  const maxBuffered = options.maxBufferedBytes ?? MAX_CLIENT_BUFFER_BYTES;
  const maxClients = options.maxClients ?? MAX_CLIENTS;
  const clients = new Set<ServerResponse>();
  let counter = 0;
  let closed = false;

  function drop(res: ServerResponse): void {
    clients.delete(res);
    logger.warn({ buffered: res.writableLength }, "Dropped an event-stream client that does not keep up");
    res.destroy();
  }

  function send(text: string): void {
    for (const res of [...clients]) {
      if (res.destroyed || res.writableEnded) {
        clients.delete(res);
        continue;
      }
      if (res.writableLength + Buffer.byteLength(text) > maxBuffered) {
        drop(res);
        continue;
      }
      res.write(text);
    }
  }

  const unsubscribe = options.events.subscribe((event) => {
    counter += 1;
    if (clients.size > 0) send(sseFrame(event.type, counter, publicEvent(event)));
  });
  const heartbeat = setInterval(() => {
    send(": heartbeat\n\n");
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  return {
    open(_req, res) {
      if (closed || clients.size >= maxClients) return false;
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        Connection: "keep-alive",
        // Reverse proxies (nginx) must pass frames on at once.
        "X-Accel-Buffering": "no",
      });
      res.flushHeaders();
      res.write(": connected\n\n");
      clients.add(res);
      res.on("close", () => {
        clients.delete(res);
      });
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
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
