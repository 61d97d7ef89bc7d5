/**
 * One writer per daemon and scope (R2): two Bosun processes on the same containers never swap at
 * the same time (proved from the daemon's own event log), a dead owner's lock is taken over after
 * its lease, and different scopes do not block each other; an unscoped Bosun conflicts with all.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startBosun } from "./daemon-helpers.ts";
import {
  containerNames,
  docker,
  inspect,
  removeTestContainers,
  runBosun,
  runContainer,
  SANDBOX_ID,
  startDaemonProxy,
  TEST_LABEL,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { staleRepo } from "./update-helpers.ts";

afterAll(async () => {
  await removeTestContainers();
  const locks = await docker(["ps", "-aq", "--filter", "label=bosun.lock"]);
  if (locks !== "") await docker(["rm", "-f", "-v", ...locks.split("\n")]);
});

const WT = "com.centurylinklabs.watchtower";
/** Exits on SIGTERM only after 3 s: a swap of it is long enough for a second Bosun to arrive. */
const SLOW_STOP = ["sh", "-c", "trap 'sleep 3; exit 0' TERM; sleep 600 & wait"];

interface DaemonEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  timeNano: number;
}

async function eventsSince(since: number): Promise<DaemonEvent[]> {
  const until = Math.ceil(Date.now() / 1000) + 1;
  const out = await docker([
    "events",
    "--since",
    String(Math.floor(since / 1000) - 1),
    "--until",
    String(until),
    "--filter",
    "type=container",
    "--format",
    "{{json .}}",
  ]);
  const events = out === "" ? [] : out.split("\n").map((line) => JSON.parse(line) as DaemonEvent);
  return events.filter((event) => event.timeNano >= since * 1_000_000);
}

/** A lock object as a Bosun that died would have left it: owner named, lease ending at `expires`. */
async function fakeLock(key: string, expires: number): Promise<void> {
  await docker([
    "create",
    "--name",
    `bosun-lock-${key}`,
    "--network",
    "none",
    "--label",
    `bosun.lock=${key}`,
    "--label",
    "bosun.lock.owner=ghost pid 1",
    "--label",
    "bosun.lock.instance=ghost",
    "--label",
    `bosun.lock.expires=${String(expires)}`,
    "--label",
    `${TEST_LABEL}=${SANDBOX_ID}`,
    testEnv().baseImage,
  ]);
}

/** Two slow-stopping stale containers in a new scope, and a fault proxy to reach the daemon through. */
async function slowScope(tag: string) {
  const scope = uniqueName("lock");
  const stale = await staleRepo(uniqueName("lock"));
  const names = [uniqueName(`lock-${tag}-a`), uniqueName(`lock-${tag}-b`)];
  for (const name of names) {
    await runContainer(name, stale.ref, ["--label", `${WT}.scope=${scope}`], SLOW_STOP);
  }
  const proxy = await startDaemonProxy(tag);
  return { scope, stale, names, proxy };
}

describe("writer lock", () => {
  it("two Bosun processes on the same containers never swap at once", async () => {
    const scope = uniqueName("lock");
    const stale = await staleRepo(uniqueName("lock"));
    const names = [uniqueName("lock-a"), uniqueName("lock-b")];
    for (const name of names) {
      await runContainer(name, stale.ref, ["--label", `${WT}.scope=${scope}`], SLOW_STOP);
    }
    const started = Date.now();
    // A lease shorter than the session: only its renewals keep the second Bosun waiting.
    const first = startBosun(["--run-once", "--scope", scope, "--lock-lease", "4s"]);
    await first.waitForLog((line) => line.event === "container-stopping", 60_000);
    const second = startBosun(["--run-once", "--scope", scope, "--lock-lease", "4s"]);
    const waiting = await second.waitForLog(
      (line) => line.msg === "Another Bosun holds the lock; waiting for it",
    );
    expect(String(waiting.owner)).toMatch(/ pid \d+$/);
    expect(await first.exited).toBe(0);
    expect(await second.exited).toBe(0);
    expect(second.logs().filter((line) => line.msg === "Taking over a lock whose owner died")).toEqual([]);
    expect(first.logs().filter((line) => line.msg.startsWith("Lost the lock"))).toEqual([]);

    // Every event on the test containers (and their replacements) lies inside one holding of the
    // lock, and the two holdings do not overlap.
    const events = await eventsSince(started);
    const lockName = `bosun-lock-${scope}`;
    const holdings: [number, number][] = [];
    let open: number | undefined;
    for (const event of events) {
      if (event.Actor.Attributes.name !== lockName) continue;
      if (event.Action === "create") open = event.timeNano;
      if (event.Action === "destroy" && open !== undefined) {
        holdings.push([open, event.timeNano]);
        open = undefined;
      }
    }
    expect(holdings).toHaveLength(2);
    const [a, b] = holdings as [[number, number], [number, number]];
    expect(a[1]).toBeLessThan(b[0]);
    const swaps = events.filter((event) =>
      names.some((name) => (event.Actor.Attributes.name ?? "").startsWith(name)),
    );
    expect(swaps.length).toBeGreaterThan(0);
    for (const event of swaps) {
      const inside = holdings.some(([from, to]) => event.timeNano >= from && event.timeNano <= to);
      expect(inside, `${event.Action} ${event.Actor.Attributes.name ?? ""} outside the lock`).toBe(true);
    }
    for (const name of names) {
      const after = await inspect(name);
      expect(after.Image).toBe(stale.rev2);
      expect(after.State.Running).toBe(true);
    }
    expect((await containerNames()).filter((name) => name.startsWith("bosun-lock-"))).toEqual([]);
  });

  it("a holder whose Docker answers are slow keeps its lease: the second Bosun waits, never takes over", async () => {
    const { scope, stale, names, proxy } = await slowScope("slow");
    try {
      // A loaded daemon: lists, starts and removes answer late. The renewals must still come
      // within the 4 s lease, or the second Bosun takes over a live lock mid-swap.
      proxy.addRule({ method: "GET", path: /^\/containers\/json$/, delayMs: 2000 });
      proxy.addRule({ method: "POST", path: /^\/containers\/[^/]+\/start$/, delayMs: 1500 });
      proxy.addRule({ method: "DELETE", path: /^\/containers\/[^/]+$/, delayMs: 1500 });
      const first = startBosun(["--run-once", "--scope", scope, "--lock-lease", "4s"], {
        DOCKER_HOST: proxy.host,
      });
      await first.waitForLog((line) => line.event === "container-stopping", 90_000);
      const second = startBosun(["--run-once", "--scope", scope, "--lock-lease", "4s"]);
      expect(await first.exited).toBe(0);
      expect(await second.exited).toBe(0);
      expect(second.logs().filter((line) => line.msg === "Taking over a lock whose owner died")).toEqual([]);
      expect(first.logs().filter((line) => line.msg.startsWith("Lost the lock"))).toEqual([]);
    } finally {
      await proxy.close();
    }
    const all = await containerNames();
    for (const name of names) {
      expect(all.filter((other) => other === name)).toEqual([name]);
      const after = await inspect(name);
      expect(after.Image).toBe(stale.rev2);
      expect(after.State.Running).toBe(true);
    }
    expect(all.filter((name) => name.startsWith(`bosun-lock-${scope}`))).toEqual([]);
  });

  it("a holder whose lease ran out starts no new swap: the one in progress finishes, the rest is skipped", async () => {
    const { scope, stale, names, proxy } = await slowScope("lost");
    let bosun: ReturnType<typeof startBosun> | undefined;
    try {
      // From the first stop on, the daemon stalls every renewal past the 4 s lease, and that swap
      // takes longer than the lease: the lease runs out during the first swap, whatever the load
      // before it (renewals before the first stop go through, so no swap is skipped up front).
      let swapping = false;
      proxy.addRule({
        method: "POST",
        path: /^\/containers\/create$/,
        onMatch: async (request) => {
          if (swapping && request.url.includes("-renewal-"))
            await new Promise((resolve) => setTimeout(resolve, 8000));
        },
      });
      proxy.addRule({
        method: "POST",
        // Before API 1.42 a stop with a signal is a kill and a wait.
        path: /^\/containers\/[^/]+\/(stop|kill)$/,
        onMatch: () => {
          swapping = true;
        },
        delayMs: 3000,
      });
      bosun = startBosun(["--run-once", "--scope", scope, "--lock-lease", "4s"], { DOCKER_HOST: proxy.host });
      expect(await bosun.exited).toBe(0);
    } finally {
      await proxy.close();
    }
    const messages = bosun.logs().map((line) => line.msg);
    expect(messages.filter((msg) => msg.startsWith("Lost the lock"))).toHaveLength(1);
    expect(messages).toContain("Session ended early: the writer lock was lost");
    const images = await Promise.all(names.map(async (name) => (await inspect(name)).Image));
    expect(images.sort()).toEqual([stale.rev1, stale.rev2].sort());
    for (const name of names) expect((await inspect(name)).State.Running).toBe(true);
    expect((await containerNames()).filter((name) => name.startsWith(`bosun-lock-${scope}`))).toEqual([]);
  });

  it("takes over the lock of a dead owner after its lease, naming it while it waits", async () => {
    const scope = uniqueName("lock");
    const stale = await staleRepo(uniqueName("lock"));
    const name = uniqueName("lock-dead");
    await runContainer(name, stale.ref, ["--label", `${WT}.scope=${scope}`], SLOW_STOP);
    // Long enough for Bosun to start and find it live even on a loaded machine.
    await fakeLock(scope, Date.now() + 10_000);
    const bosun = startBosun(["--run-once", "--scope", scope]);
    const waiting = await bosun.waitForLog(
      (line) => line.msg === "Another Bosun holds the lock; waiting for it",
    );
    expect(waiting.owner).toBe("ghost pid 1");
    await bosun.waitForLog((line) => line.msg === "Taking over a lock whose owner died", 40_000);
    expect(await bosun.exited).toBe(0);
    expect((await inspect(name)).Image).toBe(stale.rev2);
    expect((await containerNames()).filter((other) => other.startsWith("bosun-lock-"))).toEqual([]);
  });

  it("different scopes proceed side by side; an unscoped Bosun waits for every scope", async () => {
    const held = uniqueName("lock");
    const other = uniqueName("lock");
    const stale = await staleRepo(uniqueName("lock"));
    const name = uniqueName("lock-other");
    await runContainer(name, stale.ref, ["--label", `${WT}.scope=${other}`], SLOW_STOP);
    await fakeLock(held, Date.now() + 600_000);

    const free = await runBosun([
      "--run-once",
      "--log-format",
      "json",
      "--scope",
      other,
      "--lock-wait",
      "2s",
    ]);
    expect(free.code, free.stderr).toBe(0);
    expect(free.stderr).not.toContain("Another Bosun holds the lock");
    expect((await inspect(name)).Image).toBe(stale.rev2);

    const blocked = await runBosun(["--run-once", "--log-format", "json", "--lock-wait", "2s", name]);
    expect(blocked.code, blocked.stderr).toBe(3);
    expect(blocked.stderr).toContain("Another Bosun holds the lock; waiting for it");
    expect(blocked.stderr).toContain("ghost pid 1");
    expect(blocked.stderr).toContain("Session skipped: another Bosun holds the lock");

    const same = await runBosun(["--run-once", "--scope", held, "--lock-wait", "2s"]);
    expect(same.code, same.stderr).toBe(3);
    await docker(["rm", "-f", `bosun-lock-${held}`]);
    expect((await containerNames()).filter((entry) => entry.startsWith("bosun-lock-"))).toEqual([]);
  });
});
