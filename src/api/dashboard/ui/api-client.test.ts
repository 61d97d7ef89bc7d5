import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiClient } from "./api-client.ts";
import type { StreamHandlers } from "./event-follower.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A fetch answering `/v1/events` with these chunks; returns the requests it got. */
function serveEvents(chunks: readonly string[]): Request[] {
  const requests: Request[] = [];
  vi.stubGlobal("fetch", (input: string, init: RequestInit) => {
    requests.push(new Request(new URL(input, "http://bosun.test"), init));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    return Promise.resolve(new Response(body, { headers: { "Content-Type": "text/event-stream" } }));
  });
  return requests;
}

function recorder(): { calls: string[]; handlers: StreamHandlers } {
  const calls: string[] = [];
  return {
    calls,
    handlers: {
      onOpen: () => calls.push("open"),
      onEvent: (event) => calls.push(`event ${event.type}`),
      onId: (id) => calls.push(`id ${id}`),
      onReset: () => calls.push("reset"),
    },
  };
}

const started = (id: string) =>
  `event: session-started\nid: ${id}\ndata: {"type":"session-started","session":"s","at":1}\n\n`;

describe("api client: events", () => {
  it("sends the token and the last event id, and reports events, ids and a reset in order", async () => {
    const requests = serveEvents([
      ": connected\n\n",
      started("b-5") + started("b-6"),
      'event: reset\nid: b-9\ndata: {"type":"reset","reason":"expired"}\n\n',
      ": heartbeat\n\n",
    ]);
    const { calls, handlers } = recorder();
    await createApiClient(() => "tok").events("b-4", handlers, new AbortController().signal);
    expect(requests[0]?.headers.get("Authorization")).toBe("Bearer tok");
    expect(requests[0]?.headers.get("Last-Event-ID")).toBe("b-4");
    expect(calls).toEqual([
      "open",
      "event session-started",
      "event session-started",
      "id b-6",
      "reset",
      "id b-9",
    ]);
  });

  it("sends no Last-Event-ID on a first connection and takes the greeting's id", async () => {
    const requests = serveEvents([": connected\nid: b-0\n\n"]);
    const { calls, handlers } = recorder();
    await createApiClient(() => undefined).events(undefined, handlers, new AbortController().signal);
    expect(requests[0]?.headers.has("Last-Event-ID")).toBe(false);
    expect(requests[0]?.headers.has("Authorization")).toBe(false);
    expect(calls).toEqual(["open", "id b-0"]);
  });
});
