/**
 * The dashboard's endpoints against a real Bosun, engine and registry: the token on each, the
 * session events as SSE during a triggered update, the container view and the history after it,
 * the history read back by a restarted Bosun from the same state dir, and the events a client
 * missed replayed when it reconnects with `Last-Event-ID`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../support/temp-dir.ts";
import { api, freePort, startBosun, type RunningBosun, apiArgs } from "./daemon-helpers.ts";
import { inspect, removeTestContainers, runContainer, uniqueName } from "./harness.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

const TOKEN = "dash-e2e-token";
// A scope of its own: a daemon retires the other Bosun instances of its scope.
const SCOPE = uniqueName("dash");
const running: RunningBosun[] = [];
afterEach(async () => {
  for (const bosun of running.splice(0)) await bosun.stop("SIGKILL");
});
afterAll(removeTestContainers);

async function daemon(stateDir: string, name: string): Promise<{ bosun: RunningBosun; port: number }> {
  const port = await freePort();
  const bosun = startBosun([...apiArgs(SCOPE, TOKEN, port), "--state-dir", stateDir, name]);
  running.push(bosun);
  await bosun.waitForLog((line) => line.msg.startsWith("The HTTP API is enabled"));
  return { bosun, port };
}

/** Reads `/v1/events` (resuming after `lastEventId`, when given) in the background until aborted. */
async function openEvents(
  port: number,
  lastEventId?: string,
): Promise<{ text: () => string; abort: () => void; status: number }> {
  const controller = new AbortController();
  const resume: Record<string, string> = lastEventId === undefined ? {} : { "Last-Event-ID": lastEventId };
  const res = await fetch(`http://127.0.0.1:${String(port)}/v1/events`, {
    headers: { Authorization: `Bearer ${TOKEN}`, ...resume },
    signal: controller.signal,
  });
  let text = "";
  const body = res.body;
  if (body !== null) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of body) text += decoder.decode(chunk as Uint8Array, { stream: true });
      } catch {
        // Aborted or ended by Bosun.
      }
    })();
  }
  return {
    text: () => text,
    abort: () => {
      controller.abort();
    },
    status: res.status,
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Frame {
  event: string;
  /** `<bootId>-<seq>`. */
  id: string;
  data: {
    type: string;
    session: string;
    code?: string;
    message?: string;
    reason?: string;
    container?: { name: string };
    report?: { containers: { name: string; state: string }[] };
  };
}

/** The stream's complete event frames as sent, without comments and id-only blocks. */
function blocks(text: string): string[] {
  return text
    .split("\n\n")
    .slice(0, -1)
    .filter((block) => block.startsWith("event: "));
}

function frames(text: string): Frame[] {
  return blocks(text).map((block) => {
    const field = (name: string) =>
      block
        .split("\n")
        .find((line) => line.startsWith(`${name}: `))
        ?.slice(name.length + 2);
    return {
      event: field("event") ?? "",
      id: field("id") ?? "",
      data: JSON.parse(field("data") ?? "null") as Frame["data"],
    };
  });
}

interface ContainersBody {
  containers: {
    id: string;
    name: string;
    state: string;
    currentImageId: string;
    image: string;
    lastCheck: number | null;
  }[];
  session: unknown;
  nextRun: string | null;
  hosts: string[];
}

interface HistoryBody {
  sessions: {
    id: string;
    summary: { updated: number };
    containers: { name: string; state: string; currentImageId: string; latestImageId: string }[];
  }[];
  next: string | null;
}

describe("dashboard API", () => {
  it("streams a triggered session, shows its outcome, and keeps the history across a restart", async () => {
    const stale = await staleRepo(uniqueName("dash"));
    const name = uniqueName("dash");
    await runContainer(name, stale.ref, ["--label", `com.centurylinklabs.watchtower.scope=${SCOPE}`], SLEEP);
    const stateDir = tempDir("dash-state");
    const first = await daemon(stateDir, name);

    for (const path of ["/v1/containers", "/v1/history", "/v1/events"]) {
      const res = await api(first.port, path);
      expect(res.status, path).toBe(401);
      expect(res.json()).toEqual({ error: "missing API token" });
      expect((await api(first.port, path, { token: "wrong" })).status, path).toBe(401);
    }

    const events = await openEvents(first.port);
    expect(events.status).toBe(200);
    await until(() => events.text().startsWith(": connected"), "the stream to open");
    const update = await api(first.port, "/v1/update", { token: TOKEN });
    expect(update.status, update.body).toBe(200);
    expect((await inspect(name)).Image).toBe(stale.rev2);

    await until(() => events.text().includes("event: session-done"), "session-done on the stream");
    const all = frames(events.text());
    // The request itself comes first, as a notice of its own (notifications send it, as Watchtower does).
    expect(all[0]?.event).toBe("notice");
    expect(all[0]?.data.code).toBe("update-triggered");
    const seen = all.slice(1);
    expect(seen[0]?.event).toBe("session-started");
    const done = seen.find((frame) => frame.event === "session-done");
    expect(done?.data.session).toBe(seen[0]?.data.session);
    expect(done?.data.report?.containers.map((c) => [c.name, c.state])).toEqual([[`/${name}`, "Updated"]]);
    // Numbered from 1 in this process, after the id the greeting gave (before any event).
    const boot = /^: connected\nid: ([0-9a-f]{16})-0\n\n/.exec(events.text())?.[1];
    expect(boot).toBeDefined();
    expect(all.map((frame) => frame.id)).toEqual(all.map((_, i) => `${boot ?? ""}-${String(i + 1)}`));
    // The live progress of the swap, as the dashboard shows it.
    expect(
      seen.filter((frame) => frame.data.container?.name === `/${name}`).map((frame) => frame.event),
    ).toEqual([
      "container-checked",
      "container-stopping",
      "container-created",
      "container-started",
      "container-updated",
    ]);
    expect(events.text()).not.toContain(TOKEN);

    const containers = (await api(first.port, "/v1/containers", { token: TOKEN })).json() as ContainersBody;
    expect(containers).toMatchObject({ session: null, nextRun: null, hosts: [] });
    // The replacement's ID: the view saw the container-updated event.
    const replaced = await inspect(name);
    expect(containers.containers).toEqual([
      expect.objectContaining({
        id: replaced.Id,
        name,
        image: stale.ref,
        state: "updated",
        currentImageId: stale.rev2,
      }),
    ]);
    expect(containers.containers[0]?.lastCheck).toEqual(expect.any(Number));

    const history = (await api(first.port, "/v1/history", { token: TOKEN })).json() as HistoryBody;
    expect(history.next).toBeNull();
    expect(history.sessions).toHaveLength(1);
    expect(history.sessions[0]).toMatchObject({ id: done?.data.session, summary: { updated: 1 } });
    expect(history.sessions[0]?.containers).toEqual([
      expect.objectContaining({
        name,
        state: "Updated",
        currentImageId: stale.rev1,
        latestImageId: stale.rev2,
        newId: replaced.Id,
      }),
    ]);
    expect((await api(first.port, "/v1/history?limit=0", { token: TOKEN })).json()).toEqual({
      error: 'invalid query parameter "limit": expected 1 to 100',
    });

    // An open event stream must not hold up the shutdown.
    const stopped = Date.now();
    expect(await first.bosun.stop("SIGTERM")).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(8_000);
    events.abort();
    const file = await readFile(join(stateDir, "history", "sessions.jsonl"), "utf8");
    expect(file.trim().split("\n")).toHaveLength(1);

    const second = await daemon(stateDir, name);
    const again = (await api(second.port, "/v1/history", { token: TOKEN })).json() as HistoryBody;
    expect(again).toEqual(history);
    const seeded = (await api(second.port, "/v1/containers", { token: TOKEN })).json() as ContainersBody;
    expect(seeded.containers.map((c) => [c.id, c.name, c.state, c.currentImageId])).toEqual([
      [replaced.Id, name, "updated", stale.rev2],
    ]);
  });

  it("replays the events a reconnecting client missed, once each and in order; an unknown id gets reset", async () => {
    const stale = await staleRepo(uniqueName("replay"));
    const name = uniqueName("replay");
    await runContainer(name, stale.ref, ["--label", `com.centurylinklabs.watchtower.scope=${SCOPE}`], SLEEP);
    const { port } = await daemon(tempDir("replay-state"), name);
    // `everything` stays connected throughout: what the client must get back is what it saw.
    const everything = await openEvents(port);
    const client = await openEvents(port);
    await until(
      () => everything.text().includes("\n\n") && client.text().includes("\n\n"),
      "the streams to open",
    );
    const doneCount = (text: string) => frames(text).filter((frame) => frame.event === "session-done").length;

    // The client reads a session (the stale container is updated), then drops.
    expect((await api(port, "/v1/update", { token: TOKEN })).status).toBe(200);
    await until(() => doneCount(client.text()) === 1, "the first session-done on the client's stream");
    client.abort();
    const read = frames(client.text());
    const lastId = read.at(-1)?.id ?? "";
    expect(read.length).toBeGreaterThan(3);

    // A session while it is away (the update answers when the session has ended).
    expect((await api(port, "/v1/update", { token: TOKEN })).status).toBe(200);
    await until(() => doneCount(everything.text()) === 2, "the second session-done");
    const all = blocks(everything.text());
    const missed = all.slice(all.findIndex((block) => block.includes(`\nid: ${lastId}\n`)) + 1);
    const described = frames(missed.join("\n\n") + "\n\n").map((frame) =>
      frame.event === "notice" ? `notice: ${frame.data.message ?? ""}` : frame.event,
    );
    expect(described).toEqual([
      "notice: Updates triggered by HTTP API request",
      "session-started",
      "notice: Digest unchanged, skipping pull",
      "container-checked",
      "session-done",
    ]);

    const resumed = await openEvents(port, lastId);
    expect(resumed.status).toBe(200);
    await until(() => blocks(resumed.text()).length >= missed.length, "the replay");
    // The missed frames, byte for byte, right after the greeting: none twice, none left out.
    expect(resumed.text()).toBe(`: connected\n\n${missed.join("\n\n")}\n\n`);
    expect(new Set(frames(resumed.text()).map((frame) => frame.id)).size).toBe(missed.length);
    resumed.abort();
    everything.abort();

    // An id of another Bosun process, or not one Bosun writes: reset, with the newest event's id.
    const newest = frames(everything.text()).at(-1)?.id ?? "";
    for (const [unknown, reason] of [
      [`0000000000000000-${lastId.split("-")[1] ?? ""}`, "foreign"],
      ["not-an-id", "invalid"],
    ] as const) {
      const reset = await openEvents(port, unknown);
      await until(() => blocks(reset.text()).length > 0, `the reset for ${unknown}`);
      reset.abort();
      expect(reset.text()).toBe(
        `: connected\n\nevent: reset\nid: ${newest}\ndata: ${JSON.stringify({ type: "reset", reason })}\n\n`,
      );
    }
  });
});
