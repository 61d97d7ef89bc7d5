import { request } from "node:http";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { container, reportOf } from "../../test/support/reports.ts";
import { createContainerView } from "../history/container-view.ts";
import { createHistoryStore } from "../history/history-store.ts";
import { recordOfSession } from "../history/session-record.ts";
import { noMetrics } from "../metrics/no-metrics.ts";
import type { SessionEvent } from "../update/events/session-events.ts";
import { createEventBus } from "../util/event-bus.ts";
import { startApiServer, type ApiServer } from "./server.ts";

const TOKEN = "dash-token";
const bearer = { Authorization: `Bearer ${TOKEN}` };
const silent = pino({ level: "silent" });
let servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

function sessionDone(
  id: string,
  startedAt: number,
  report = reportOf([container(1, "Updated")]),
): SessionEvent {
  return {
    type: "session-done",
    session: id,
    at: startedAt + 1,
    report: { ...report, startedAt, finishedAt: startedAt + 1 },
  };
}

async function start(nextRun?: Date) {
  const events = createEventBus<SessionEvent>();
  const view = createContainerView();
  const history = createHistoryStore({ stateDir: undefined, log: silent });
  events.subscribe((event) => {
    if (event.type === "session-done") history.add(recordOfSession(event));
    view.apply(event);
  });
  const server = await startApiServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    updateEnabled: false,
    metricsEnabled: true,
    coordinator: { request: () => Promise.reject(new Error("unused")) },
    metrics: noMetrics(),
    logger: silent,
    closeGraceMs: 60_000,
    dashboard: { view, history, events, nextRun: () => nextRun, hosts: [] },
  });
  servers.push(server);
  return { base: `http://127.0.0.1:${String(server.address.port)}`, events, server };
}

describe("dashboard endpoints", () => {
  it.each(["/v1/containers", "/v1/history", "/v1/events"])(
    "%s answers 401 without the token",
    async (path) => {
      const { base } = await start();
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "missing API token" });
      expect((await fetch(`${base}${path}`, { headers: { Token: "nope" } })).status).toBe(401);
    },
  );

  it("serves the containers, the session in progress and the next run", async () => {
    const { base, events } = await start(new Date("2026-03-02T04:00:00Z"));
    events.emit({ type: "session-started", session: "s1", at: Date.parse("2026-03-01T10:00:00Z") });
    const during = await (await fetch(`${base}/v1/containers`, { headers: bearer })).json();
    expect(during).toEqual({
      containers: [],
      session: { id: "s1", startedAt: "2026-03-01T10:00:00.000Z" },
      nextRun: "2026-03-02T04:00:00.000Z",
      hosts: [],
    });
    events.emit(sessionDone("s1", 1000));
    const res = await fetch(`${base}/v1/containers`, { headers: bearer });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await res.json()) as { containers: { name: string; state: string }[]; session: unknown };
    expect(body.containers.map((c) => [c.name, c.state])).toEqual([["app1", "updated"]]);
    expect(body.session).toBeNull();
  });

  it("pages the history newest first and names a bad parameter", async () => {
    const { base, events } = await start();
    for (const n of [1, 2, 3]) events.emit(sessionDone(`s${String(n)}`, n * 1000));
    const first = (await (await fetch(`${base}/v1/history?limit=2`, { headers: bearer })).json()) as {
      sessions: { id: string; startedAt: string; durationMs: number }[];
      next: string | null;
    };
    expect(first.sessions.map((s) => s.id)).toEqual(["s3", "s2"]);
    expect(first.sessions[0]?.startedAt).toBe("1970-01-01T00:00:03.000Z");
    expect(first.sessions[0]?.durationMs).toBe(1);
    expect(first.next).toBe("s2");
    const second = (await (
      await fetch(`${base}/v1/history?limit=2&before=s2`, { headers: bearer })
    ).json()) as {
      sessions: { id: string }[];
      next: string | null;
    };
    expect(second).toMatchObject({ sessions: [{ id: "s1" }], next: null });
    const bad = await fetch(`${base}/v1/history?limit=0`, { headers: bearer });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid query parameter "limit": expected 1 to 100' });
  });

  it("streams events as SSE frames and ends the stream when the server closes", async () => {
    const { base, events, server } = await start();
    const url = new URL(`${base}/v1/events`);
    const received = await new Promise<{
      status: number | undefined;
      type: string | undefined;
      text: string;
    }>((resolve, reject) => {
      const req = request(url, { headers: bearer }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
          if (
            text.startsWith(": connected\n") &&
            text.endsWith("\n\n") &&
            !text.includes("session-started")
          ) {
            events.emit({ type: "session-started", session: "s9", at: 5 });
            void server.close();
          }
        });
        res.on("end", () => {
          resolve({ status: res.statusCode, type: res.headers["content-type"], text });
        });
      });
      req.on("error", reject);
      req.end();
    });
    expect(received.status).toBe(200);
    expect(received.type).toBe("text/event-stream; charset=utf-8");
    // The greeting gives the newest id (none yet: `-0`); the event is the first of this process.
    expect(received.text).toMatch(
      /^: connected\nid: ([0-9a-f]{16})-0\n\nevent: session-started\nid: \1-1\ndata: {"type":"session-started","session":"s9","at":5}\n\n$/,
    );
  });
});
