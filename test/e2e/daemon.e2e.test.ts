/**
 * Daemon mode against the real engine and registry: the HTTP API (auth, targeted updates, merged
 * concurrent triggers, metrics), schedules, startup errors and the graceful shutdown mid-swap.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  containerNames,
  inspect,
  removeTestContainers,
  runBosun,
  runContainer,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { api, freePort, sessionsDone, startBosun, type RunningBosun, apiArgs } from "./daemon-helpers.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

const TOKEN = "s3cret-token-value";
// A scope of its own: a daemon retires other Bosun instances in its scope, and must not see the
// instances other test files run on the same daemon.
const SCOPE = uniqueName("scope");
const SCOPED = ["--label", `com.centurylinklabs.watchtower.scope=${SCOPE}`];
const running: RunningBosun[] = [];
afterEach(async () => {
  for (const bosun of running.splice(0)) await bosun.stop("SIGKILL");
});
afterAll(removeTestContainers);

async function apiDaemon(names: string[], extra: string[] = []) {
  const port = await freePort();
  const bosun = startBosun([...apiArgs(SCOPE, TOKEN, port), ...extra, ...names]);
  running.push(bosun);
  await bosun.waitForLog((line) => line.msg.startsWith("The HTTP API is enabled"));
  return { bosun, port };
}

describe("daemon: HTTP API", () => {
  it("answers 401 without or with a wrong token, never logging it; health needs no token", async () => {
    const name = uniqueName("api");
    const { bosun, port } = await apiDaemon([name]);
    expect((await api(port, "/v1/update")).status).toBe(401);
    expect((await api(port, "/v1/update", { token: "wrong" })).status).toBe(401);
    expect((await api(port, "/v1/update", { token: "wrong", header: "token" })).status).toBe(401);
    expect((await api(port, "/v1/health")).status).toBe(200);
    expect(sessionsDone(bosun)).toBe(0);
    expect(JSON.stringify(bosun.logs())).not.toContain(TOKEN);
  });

  it("a targeted update by image (host:port/repo, no tag) updates only that image", async () => {
    const one = await staleRepo(uniqueName("tga"));
    const two = await staleRepo(uniqueName("tgb"));
    const a = uniqueName("tga");
    const b = uniqueName("tgb");
    await runContainer(a, one.ref, SCOPED, SLEEP);
    await runContainer(b, two.ref, SCOPED, SLEEP);
    const { port } = await apiDaemon([a, b]);
    const image = one.ref.replace(/:latest$/, "");
    const response = await api(port, `/v1/update?image=${encodeURIComponent(image)}`, { token: TOKEN });
    expect(response.status, response.body).toBe(200);
    const body = response.json() as {
      summary: { updated: number };
      containers: { name: string; state: string }[];
    };
    expect(body.summary.updated).toBe(1);
    expect(body.containers.map((entry) => [entry.name, entry.state])).toEqual([[a, "Updated"]]);
    expect((await inspect(a)).Image).toBe(one.rev2);
    expect((await inspect(b)).Image).toBe(two.rev1);
  });

  it("ten concurrent requests all get the result, in at most two runs; metrics count the scans", async () => {
    const stale = await staleRepo(uniqueName("conc"));
    const name = uniqueName("conc");
    await runContainer(name, stale.ref, SCOPED, SLEEP);
    const { bosun, port } = await apiDaemon([name], ["--http-api-metrics"]);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        api(port, "/v1/update", { token: TOKEN, method: index % 2 === 0 ? "GET" : "POST" }),
      ),
    );
    for (const response of responses) {
      expect(response.status, response.body).toBe(200);
      const body = response.json() as { containers: { name: string; state: string }[] };
      expect(body.containers.map((entry) => entry.name)).toEqual([name]);
    }
    const states = responses.map(
      (response) => (response.json() as { containers: { state: string }[] }).containers[0]?.state,
    );
    expect(states).toContain("Updated");
    const runs = sessionsDone(bosun);
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(2);
    expect((await inspect(name)).Image).toBe(stale.rev2);

    const metrics = await api(port, "/v1/metrics", { token: TOKEN });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(new RegExp(`^watchtower_scans_total ${String(runs)}$`, "m"));
    expect(metrics.body).toMatch(/^watchtower_containers_scanned 1$/m);
    expect((await api(port, "/v1/metrics")).status).toBe(401);
  });

  it("SIGTERM during a swap lets it finish, leaves the next container as it is, then exits 0", async () => {
    const stale = await staleRepo(uniqueName("term"));
    const names = [uniqueName("term"), uniqueName("term")];
    const before = new Map<string, string>();
    for (const name of names) {
      // A shell as PID 1 ignores SIGTERM, so the stop waits for the whole stop timeout.
      await runContainer(name, stale.ref, SCOPED, ["sh", "-c", "sleep 600"]);
      before.set(`/${name}`, (await inspect(name)).Id);
    }
    const { bosun, port } = await apiDaemon(names, ["--stop-timeout", "4s"]);
    expect((await api(port, "/v1/update?async=true", { token: TOKEN })).status).toBe(202);
    const stopping = await bosun.waitForLog((line) => line.event === "container-stopping");
    const code = await bosun.stop("SIGTERM");
    expect(code).toBe(0);
    expect(sessionsDone(bosun)).toBe(1);
    for (const name of names) {
      const after = await inspect(name);
      expect(after.State.Running).toBe(true);
      if (`/${name}` === stopping.container) {
        expect(after.Image).toBe(stale.rev2);
      } else {
        // Not reached before the shutdown: untouched until the next session.
        expect(after.Id).toBe(before.get(`/${name}`));
        expect(after.Image).toBe(stale.rev1);
      }
      expect((await containerNames()).filter((other) => other.startsWith(`${name}-bosun-`))).toEqual([]);
    }
  });
});

describe("daemon: schedule", () => {
  it("runs on its schedule and announces the first run", async () => {
    const stale = await staleRepo(uniqueName("sch"));
    const name = uniqueName("sch");
    await runContainer(name, stale.ref, SCOPED, SLEEP);
    const bosun = startBosun(["--scope", SCOPE, "--schedule", "@every 2s", name]);
    running.push(bosun);
    await bosun.waitForLog((line) => line.msg.startsWith("Scheduling first run: "));
    await bosun.waitForLog((line) => line.msg.startsWith("Note that the first check will be performed in "));
    expect(sessionsDone(bosun)).toBe(0);
    await bosun.waitForLog((line) => line.event === "session-done", 20_000);
    expect((await inspect(name)).Image).toBe(stale.rev2);
    expect(await bosun.stop("SIGTERM")).toBe(0);
  });

  it("--update-on-start runs at once even with a long interval", async () => {
    const stale = await staleRepo(uniqueName("uos"));
    const name = uniqueName("uos");
    await runContainer(name, stale.ref, SCOPED, SLEEP);
    const bosun = startBosun(["--scope", SCOPE, "--interval", "3600", "--update-on-start", name]);
    running.push(bosun);
    await bosun.waitForLog((line) => line.event === "session-done", 30_000);
    expect((await inspect(name)).Image).toBe(stale.rev2);
  });

  it("schedule and interval together exit non-zero before touching anything", async () => {
    const result = await runBosun(["--interval", "5", "--schedule", "*/5 * * * * *"], { timeoutMs: 20_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Only schedule or interval can be defined, not both.");
  });

  it("the update API without a token is a startup error", async () => {
    const result = await runBosun(["--http-api-update"], { timeoutMs: 20_000 });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/token/i);
    expect(testEnv().dockerHost).not.toBe("");
  });
});
