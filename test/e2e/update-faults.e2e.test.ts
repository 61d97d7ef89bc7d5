/**
 * Issue 12 against the real daemon, through a loopback Docker API proxy that injects faults: a
 * restore is retried and verified (R4), and a call answered after Bosun's timeout is inspected
 * before the next step (R5). "Restored" is logged only once an inspect shows it true.
 */
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../src/docker/client.ts";
import type { DockerClient } from "../../src/docker/types.ts";
import { createUpdateEngine } from "../../src/update/engine.ts";
import type { Clock } from "../../src/util/clock.ts";
import { systemClock } from "../../src/util/clock.ts";
import type { DockerFaultProxy } from "../support/docker-fault-proxy.ts";
import {
  docker,
  inspect,
  removeTestContainers,
  runContainer,
  startDaemonProxy,
  uniqueName,
} from "./harness.ts";
import {
  DEFAULT_OPTIONS,
  SLEEP,
  dockerClient,
  expectRecreatedRm,
  leftovers,
  resetTag,
  runSession,
  staleRepo,
} from "./update-helpers.ts";

let proxy: DockerFaultProxy;
let faulty: DockerClient;
beforeAll(async () => {
  proxy = await startDaemonProxy(`fault-${process.pid.toString()}`);
  faulty = await createDockerClient({ host: proxy.host });
});
afterEach(() => {
  proxy.clearRules();
});
afterAll(async () => {
  await faulty.close();
  await proxy.close();
  await removeTestContainers();
});

/** Backoff sleeps shortened 20 times: the retry bound is the same, the test is faster. */
const fastClock: Clock = { now: () => Date.now(), sleep: (ms, signal) => systemClock.sleep(ms / 20, signal) };

function memoryLog() {
  const lines: { msg: string; level: number; [key: string]: unknown }[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line) as never) });
  return { log, lines };
}

async function staleContainer(prefix: string) {
  const stale = await staleRepo(uniqueName(prefix));
  const name = uniqueName(prefix);
  await runContainer(name, stale.ref, ["-v", "/data"], SLEEP);
  await docker(["exec", name, "sh", "-c", "echo precious > /data/file"]);
  return { stale, name, before: await inspect(name) };
}

describe("R4: the daemon fails the restore's start", () => {
  it("retries with backoff, and logs restored only once the container runs under its name", async () => {
    const { stale, name, before } = await staleContainer("r4");
    // The replacement's start fails (so the swap rolls back), then the restore's first two starts.
    proxy.addRule({
      method: "POST",
      path: /^\/containers\/[0-9a-f]+\/start$/,
      times: 3,
      fail: { status: 500 },
    });
    const { log, lines } = memoryLog();
    const session = await runSession({ names: [name] }, { docker: faulty, log, clock: fastClock });
    expect(session.lines.get(`/${name}`)).toMatch(/^Failed/);
    const after = await inspect(name);
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect(await docker(["exec", name, "cat", "/data/file"])).toBe("precious");
    expect(await leftovers(name)).toEqual([]);
    expect(lines.some((line) => line.notice === "container-restored")).toBe(true);
    await resetTag(stale);
  });

  it("when the daemon keeps failing: an error says where the container is, the next session repairs it", async () => {
    const { stale, name, before } = await staleContainer("r4b");
    proxy.addRule({ method: "POST", path: /^\/containers\/[0-9a-f]+\/start$/, fail: { status: 500 } });
    const { log, lines } = memoryLog();
    const session = await runSession({ names: [name] }, { docker: faulty, log, clock: fastClock });
    expect(session.lines.get(`/${name}`)).toMatch(/^Failed/);
    expect(lines.some((line) => line.notice === "container-restored")).toBe(false);
    const failure = lines.find((line) => line.notice === "restore-failed");
    expect(failure?.state).toMatch(/^exited under the name .*-bosun-old-r-/);

    proxy.clearRules();
    const engine = createUpdateEngine(
      { docker: await dockerClient(), log, clock: fastClock },
      { ...DEFAULT_OPTIONS, names: [name] },
    );
    await engine.recover();
    const after = await inspect(name);
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect(await docker(["exec", name, "cat", "/data/file"])).toBe("precious");
    expect(await leftovers(name)).toEqual([]);
    await resetTag(stale);
  });
});

describe("R5: the daemon answers the rename after Bosun's timeout", () => {
  it("the rollback inspects, finds the rename done, and renames the container back", async () => {
    const { stale, name, before } = await staleContainer("r5");
    const id = before.Id;
    proxy.addRule({ method: "POST", path: new RegExp(`^/containers/${id}/rename$`), times: 1, lateMs: 6000 });
    const { log, lines } = memoryLog();
    const session = await runSession(
      { names: [name] },
      { docker: faulty, log, clock: fastClock, swapCallTimeoutMs: 2000 },
    );
    expect(session.lines.get(`/${name}`)).toMatch(/^Failed/);
    const after = await inspect(name);
    expect(after.Id).toBe(id);
    expect(after.Name).toBe(`/${name}`);
    expect(after.State.Running).toBe(true);
    expect(await leftovers(name)).toEqual([]);
    expect(lines.some((line) => line.notice === "container-restored")).toBe(true);
    await resetTag(stale);
  });
});

describe("R3: a --rm dependent, whose replacement cannot be created before its stop", () => {
  it("its start fails: recreated from its keeper's record under its name, with its data", async () => {
    const { stale, name: db } = await staleContainer("r3db");
    const web = uniqueName("r3web");
    const dependsOn = ["--label", `com.centurylinklabs.watchtower.depends-on=${db}`];
    await runContainer(web, stale.ref, ["--rm", "-v", "/data", "-e", "KEEP=me", ...dependsOn], SLEEP);
    await docker(["exec", web, "sh", "-c", "echo precious > /data/file"]);
    // The dependency's replacement starts (first start), the --rm dependent's does not (second).
    const start = /^\/containers\/[0-9a-f]+\/start$/;
    proxy.addRule({ method: "POST", path: start, times: 1 });
    proxy.addRule({ method: "POST", path: start, times: 1, fail: { status: 500 } });
    const session = await runSession({ names: [db, web] }, { docker: faulty, clock: fastClock });
    expect(session.lines.get(`/${db}`)).toBe("Updated");
    expect(session.lines.get(`/${web}`)).toMatch(/^Failed/);
    await expectRecreatedRm(web, stale);
    await resetTag(stale);
  });
});
