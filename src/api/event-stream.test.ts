import { once } from "node:events";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionEvent } from "../update/events/session-events.ts";
import { createEventBus } from "../util/event-bus.ts";
import { createEventStream, publicEvent, sseFrame, type EventStream } from "./event-stream.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0).reverse()) step();
});

/** A server whose every request is an event stream, and a way to connect clients to it. */
async function serve(
  options: { heartbeatMs?: number; maxBufferedBytes?: number; maxClients?: number; maxEvents?: number } = {},
) {
  const bus = createEventBus<SessionEvent>();
  const warnings: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => warnings.push(line) });
  const { maxEvents, ...rest } = options;
  const replay = { bootId: BOOT, ...(maxEvents === undefined ? {} : { maxEvents }) };
  const stream: EventStream = createEventStream({ events: bus, logger, replay, ...rest });
  const server: Server = createServer((req, res) => {
    if (!stream.open(req, res)) res.writeHead(503).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanup.push(() => {
    stream.close();
    server.closeAllConnections();
    server.close();
  });
  const port = (server.address() as AddressInfo).port;
  const connect = async (lastEventId?: string): Promise<IncomingMessage> => {
    const headers = lastEventId === undefined ? {} : { "Last-Event-ID": lastEventId };
    const req = request({ host: "127.0.0.1", port, path: "/", headers });
    req.end();
    const [res] = (await once(req, "response")) as [IncomingMessage];
    return res;
  };
  return { bus, stream, connect, warnings };
}

/** Reads the stream until `done` says the text is complete, or it ends (bounded by the test timeout). */
function readUntil(res: IncomingMessage, done: (text: string) => boolean): Promise<string> {
  let text = "";
  res.setEncoding("utf8");
  return new Promise((resolve) => {
    const onData = (chunk: string): void => {
      text += chunk;
      if (!done(text)) return;
      res.off("data", onData);
      res.pause();
      resolve(text);
    };
    res.on("data", onData);
    res.on("end", () => {
      resolve(text);
    });
  });
}

const BOOT = "00000000000000b0";
const id = (seq: number): string => `${BOOT}-${String(seq)}`;
const started = (session: string): SessionEvent => ({ type: "session-started", session, at: 1 });
const startedFrame = (seq: number, session: string): string =>
  sseFrame("session-started", id(seq), started(session));

describe("sseFrame", () => {
  it("frames an event as type, id and one data line", () => {
    expect(sseFrame("container-failed", id(7), { error: "line one\nline two" })).toBe(
      `event: container-failed\nid: ${BOOT}-7\ndata: {"error":"line one\\nline two"}\n\n`,
    );
  });
});

describe("publicEvent", () => {
  it("masks credentials in a notice's fields and leaves other events as they are", () => {
    const notice: SessionEvent = {
      type: "notice",
      code: "post-update-hook-failed",
      level: "warn",
      message: "Hook failed",
      fields: { url: "https://user:hunter2@hooks.example/x?token=abc", nested: { auth: "Bearer abc.def" } },
      session: "s",
      at: 1,
    };
    expect(JSON.stringify(publicEvent(notice))).not.toMatch(/hunter2|abc/);
    expect(publicEvent(notice)).toMatchObject({
      code: "post-update-hook-failed",
      fields: { url: "https://user:***@hooks.example/x?token=***" },
    });
    const event = started("s");
    expect(publicEvent(event)).toBe(event);
  });
});

describe("event stream", () => {
  it("sends every event to every client, numbered, and removes a client that leaves", async () => {
    const { bus, stream, connect } = await serve();
    const one = await connect();
    const two = await connect();
    expect(one.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(stream.clients).toBe(2);
    bus.emit(started("a"));
    bus.emit(started("b"));
    const wanted = (text: string) => text.includes(`id: ${id(2)}\n`);
    const [textOne, textTwo] = await Promise.all([readUntil(one, wanted), readUntil(two, wanted)]);
    const expected = `: connected\nid: ${id(0)}\n\n` + startedFrame(1, "a") + startedFrame(2, "b");
    expect(textOne).toBe(expected);
    expect(textTwo).toBe(expected);
    one.destroy();
    for (let i = 0; i < 100 && stream.clients > 1; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stream.clients).toBe(1);
  });

  it("replays what a reconnecting client missed, then live events, each once and in order", async () => {
    const { bus, connect } = await serve();
    const first = await connect();
    bus.emit(started("a"));
    bus.emit(started("b"));
    await readUntil(first, (text) => text.includes(`id: ${id(2)}\n`));
    first.destroy();
    bus.emit(started("c"));
    bus.emit(started("d"));
    const again = await connect(id(2));
    bus.emit(started("e"));
    expect(await readUntil(again, (text) => text.includes(`id: ${id(5)}\n`))).toBe(
      ": connected\n\n" + startedFrame(3, "c") + startedFrame(4, "d") + startedFrame(5, "e"),
    );
  });

  it.each<[string, string, string]>([
    ["an id of an earlier Bosun process", "00000000000000a0-3", "foreign"],
    ["an id whose next event was dropped from the log", id(0), "expired"],
    ["an id not given yet", id(9), "invalid"],
    ["an id in the format of an older Bosun", "2", "invalid"],
  ])("sends a reset, then live events, for %s", async (_, lastEventId, reason) => {
    const { bus, connect } = await serve({ maxEvents: 2 });
    for (const session of ["a", "b", "c"]) bus.emit(started(session));
    const res = await connect(lastEventId);
    bus.emit(started("d"));
    expect(await readUntil(res, (text) => text.includes(`id: ${id(4)}\n`))).toBe(
      ": connected\n\n" + sseFrame("reset", id(3), { type: "reset", reason }) + startedFrame(4, "d"),
    );
  });

  it("sends a heartbeat comment while idle", async () => {
    const { connect } = await serve({ heartbeatMs: 20 });
    const res = await connect();
    expect(await readUntil(res, (text) => text.includes(": heartbeat\n\n"))).toBe(
      `: connected\nid: ${id(0)}\n\n: heartbeat\n\n`,
    );
  });

  it("drops a client that does not read rather than buffering without bound", async () => {
    const { bus, stream, connect, warnings } = await serve({ maxBufferedBytes: 64 * 1024 });
    const res = await connect();
    res.pause();
    const big: SessionEvent = {
      type: "session-started",
      session: "x",
      at: 1,
      images: ["y".repeat(16 * 1024)],
    };
    // The socket buffers take some; the bound is reached within a few hundred frames.
    for (let i = 0; i < 1000 && stream.clients > 0; i++) bus.emit(big);
    expect(stream.clients).toBe(0);
    expect(warnings.join("")).toContain("Dropped an event-stream client that does not keep up");
  });

  it("refuses clients over the bound and ends every stream on close", async () => {
    const { stream, connect } = await serve({ maxClients: 1 });
    const res = await connect();
    expect((await connect()).statusCode).toBe(503);
    const ended = readUntil(res, () => false);
    stream.close();
    expect(await ended).toBe(`: connected\nid: ${id(0)}\n\n`);
    expect(stream.clients).toBe(0);
  });
});
