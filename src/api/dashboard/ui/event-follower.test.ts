import { describe, expect, it } from "vitest";
import { followEvents, MAX_RECONNECT_MS, type StreamHandlers } from "./event-follower.ts";
import { parseLiveEvent, type LiveEvent } from "./live-event.ts";

/** One connection's script: what Bosun sends, then how the stream ends. */
type Attempt = (handlers: StreamHandlers) => "ends" | "fails";

const started = (session: string): LiveEvent => parseLiveEvent({ type: "session-started", session, at: 1 });

/** Runs the follower over scripted connections; it is stopped when the script runs out. */
async function follow(attempts: readonly Attempt[], stopOn: (error: unknown) => boolean = () => false) {
  const controller = new AbortController();
  const log: string[] = [];
  const sent: (string | undefined)[] = [];
  const pauses: number[] = [];
  let next = 0;
  await followEvents(
    {
      connect: (lastEventId, handlers) => {
        sent.push(lastEventId);
        const attempt = attempts[next++];
        if (attempt === undefined) {
          controller.abort();
          return Promise.reject(new Error("aborted"));
        }
        return attempt(handlers) === "ends" ? Promise.resolve() : Promise.reject(new Error("network"));
      },
      sleep: (ms) => {
        pauses.push(ms);
        return Promise.resolve();
      },
      onEvent: (event) => log.push(`event ${event.session}`),
      onStatus: (status) => log.push(status),
      reload: () => log.push("reload"),
      stopOn: (error) => {
        log.push(`error ${error instanceof Error ? error.message : String(error)}`);
        return stopOn(error);
      },
    },
    controller.signal,
  );
  return { log, sent, pauses };
}

const open =
  (ids: string[], end: "ends" | "fails" = "ends"): Attempt =>
  (handlers) => {
    handlers.onOpen();
    for (const id of ids) {
      handlers.onEvent(started(id));
      handlers.onId(id);
    }
    return end;
  };
const refused: Attempt = () => "fails";

describe("followEvents", () => {
  it("resumes from the last event id it saw, without reloading when Bosun replays", async () => {
    const { log, sent } = await follow([open(["b-1", "b-2"]), refused, open(["b-3"], "fails")]);
    expect(sent).toEqual([undefined, "b-2", "b-2", "b-3"]);
    expect(log).toEqual([
      "connected",
      "event b-1",
      "event b-2",
      "reconnecting",
      "error network",
      "reconnecting",
      "connected",
      "event b-3",
      "error network",
      "reconnecting",
    ]);
  });

  it("reloads the tables when Bosun answers reset, and resumes from the reset's id", async () => {
    const reset: Attempt = (handlers) => {
      handlers.onOpen();
      handlers.onReset();
      handlers.onId("c-9");
      return "ends";
    };
    const { log, sent } = await follow([open(["b-1"]), reset, open([])]);
    expect(sent).toEqual([undefined, "b-1", "c-9", "c-9"]);
    expect(log.filter((line) => line === "reload")).toHaveLength(1);
    expect(log.indexOf("reload")).toBe(log.indexOf("connected", 3) + 1);
  });

  it("reloads after a drop when the stream gave no id to resume from", async () => {
    const { log, sent } = await follow([open([]), refused]);
    expect(sent).toEqual([undefined, undefined, undefined]);
    expect(log.slice(0, 3)).toEqual(["connected", "reconnecting", "reload"]);
    expect(log.filter((line) => line === "reload")).toHaveLength(1);
  });

  it("waits longer after each failure, up to a bound, and starts over once connected", async () => {
    const { pauses } = await follow([...Array<Attempt>(8).fill(refused), open(["b-1"]), refused]);
    const max = MAX_RECONNECT_MS;
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16_000, max, max, max, 1000, 2000]);
  });

  it("stops when told a failure is final", async () => {
    const { sent, pauses } = await follow([refused, refused], () => true);
    expect(sent).toEqual([undefined]);
    expect(pauses).toEqual([]);
  });
});
