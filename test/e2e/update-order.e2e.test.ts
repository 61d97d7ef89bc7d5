/**
 * Dependency order (§8.3 15–17, 34), compose depends_on, cycles and decision 12, through the engine
 * API against the real daemon and registry. Order is read from `docker events` timestamps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, inspect, publish, removeTestContainers, runContainer, uniqueName } from "./harness.ts";
import {
  composeLabels,
  DEFAULT_OPTIONS,
  dockerClient,
  resetTag,
  runSession,
  silentLog,
  SLEEP,
  staleRepo,
  stateOf,
} from "./update-helpers.ts";
import { createUpdateEngine } from "../../src/update/engine.ts";

const networks: string[] = [];
afterAll(async () => {
  await removeTestContainers();
  for (const network of networks) await docker(["network", "rm", network]).catch(() => undefined);
});

let stale: { ref: string; rev1: string; rev2: string };
let fresh: string;
let network: string;
beforeAll(async () => {
  stale = await staleRepo(uniqueName("ord"));
  fresh = (await publish(uniqueName("fresh"), 1)).ref;
  network = uniqueName("ordnet");
  await docker(["network", "create", "--internal", "--label", "bosun.test=order", network]);
  networks.push(network);
});

/** Container events (die/start, or `actions`) of `names` between two instants, in time order. */
async function events(since: number, names: string[], actions = ["die", "start"]): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const until = Math.ceil(Date.now() / 1000) + 1;
  const out = await docker([
    "events",
    "--since",
    since.toFixed(3),
    "--until",
    String(until),
    "--filter",
    "type=container",
    "--format",
    "{{.TimeNano}} {{.Action}} {{.Actor.Attributes.name}}",
  ]);
  return out
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([, action, name]) => actions.includes(action ?? "") && names.some((n) => name?.startsWith(n)))
    .sort((a, b) => (BigInt(a[0] ?? "0") < BigInt(b[0] ?? "0") ? -1 : 1))
    .map(([, action, name]) => `${action ?? ""} ${(name ?? "").replace(/-bosun-old-.*$/, "")}`);
}

describe("update engine: dependency order", () => {
  it("a linked dependent is stopped first, restarted after, with its own image (15)", async () => {
    await resetTag(stale);
    const db = uniqueName("db");
    const web = uniqueName("web");
    await runContainer(db, stale.ref, ["--network", network], SLEEP);
    await runContainer(web, fresh, ["--network", network, "--link", `${db}:db`], SLEEP);
    const webBefore = await inspect(web);
    const since = Date.now() / 1000;
    const result = await runSession({ names: [db, web] });
    expect(result.lines.get(`/${db}`)).toBe("Updated");
    expect(stateOf(result, web)).toBe("Restarted");
    // Watchtower's porcelain shows the restarted dependent as Fresh (decision 18).
    expect(result.lines.get(`/${web}`)).toBe("Fresh");
    const webAfter = await inspect(web);
    expect(webAfter.Id).not.toBe(webBefore.Id);
    expect(webAfter.Image).toBe(webBefore.Image);
    expect(await events(since, [db, web])).toEqual([
      `die ${web}`,
      `die ${db}`,
      `start ${db}`,
      `start ${web}`,
    ]);
  });

  it("the depends-on label orders and restarts dependents (16)", async () => {
    await resetTag(stale);
    const db = uniqueName("db");
    const web = uniqueName("web");
    await runContainer(db, stale.ref, [], SLEEP);
    await runContainer(web, fresh, ["--label", `com.centurylinklabs.watchtower.depends-on=${db}`], SLEEP);
    const since = Date.now() / 1000;
    const result = await runSession({ names: [db, web] });
    expect(result.lines.get(`/${db}`)).toBe("Updated");
    expect(stateOf(result, web)).toBe("Restarted");
    expect(await events(since, [db, web])).toEqual([
      `die ${web}`,
      `die ${db}`,
      `start ${db}`,
      `start ${web}`,
    ]);
  });

  it("network_mode container:<parent> follows the re-created parent by name (17)", async () => {
    await resetTag(stale);
    const vpn = uniqueName("vpn");
    const app = uniqueName("app");
    await runContainer(vpn, stale.ref, ["--network", network, "--network-alias", "tunnel"], SLEEP);
    await runContainer(app, fresh, ["--network", `container:${vpn}`], SLEEP);
    const result = await runSession({ names: [vpn, app] });
    expect(result.lines.get(`/${vpn}`)).toBe("Updated");
    expect(stateOf(result, app)).toBe("Restarted");
    const newVpn = await inspect(vpn);
    const newApp = await inspect(app);
    expect(newApp.State.Running).toBe(true);
    expect([`container:${vpn}`, `container:${newVpn.Id}`]).toContain(newApp.HostConfig.NetworkMode);
    const vpnHosts = await docker(["exec", vpn, "cat", "/etc/hostname"]);
    expect(await docker(["exec", app, "cat", "/etc/hostname"])).toBe(vpnHosts);
  });

  it("compose depends_on within a project orders services", async () => {
    await resetTag(stale);
    const project = uniqueName("proj");
    const db = uniqueName("db");
    const web = uniqueName("web");
    await runContainer(db, stale.ref, composeLabels(project, "db"), SLEEP);
    await runContainer(web, fresh, composeLabels(project, "web", "db:service_started:false"), SLEEP);
    const since = Date.now() / 1000;
    const result = await runSession({ names: [db, web] });
    expect(stateOf(result, web)).toBe("Restarted");
    expect(await events(since, [db, web])).toEqual([
      `die ${web}`,
      `die ${db}`,
      `start ${db}`,
      `start ${web}`,
    ]);
  });

  it("a cycle skips only its members; a stale monitor-only container does not restart dependents (decisions 12, 15)", async () => {
    await resetTag(stale);
    const a = uniqueName("cya");
    const b = uniqueName("cyb");
    const c = uniqueName("cyc");
    const dependsOn = "com.centurylinklabs.watchtower.depends-on";
    await runContainer(a, stale.ref, ["--label", `${dependsOn}=${b}`], SLEEP);
    await runContainer(b, stale.ref, ["--label", `${dependsOn}=${a}`], SLEEP);
    await runContainer(c, stale.ref, [], SLEEP);
    const mon = uniqueName("mon");
    const dep = uniqueName("dep");
    await runContainer(
      mon,
      stale.ref,
      ["--label", "com.centurylinklabs.watchtower.monitor-only=true"],
      SLEEP,
    );
    await runContainer(dep, fresh, ["--label", `${dependsOn}=${mon}`], SLEEP);
    const depBefore = await inspect(dep);
    const result = await runSession({ names: [a, b, c, mon, dep] });
    expect(result.lines.get(`/${a}`)).toMatch(/^Skipped Error: circular dependency/);
    expect(result.lines.get(`/${b}`)).toMatch(/^Skipped Error: circular dependency/);
    expect(result.lines.get(`/${c}`)).toBe("Updated");
    expect(result.lines.get(`/${mon}`)).toBe("Stale");
    expect(result.lines.get(`/${dep}`)).toBe("Fresh");
    expect((await inspect(dep)).Id).toBe(depBefore.Id);
  });

  it("--update-concurrency 4: independent units are swapped side by side, a linked unit keeps its order", async () => {
    await resetTag(stale);
    // Each ignores SIGTERM, so its stop lasts the whole stop timeout: sequential swaps could not
    // overlap, parallel ones signal every container before the first replacement starts. Four
    // units (three solos and the linked pair) on four workers: no solo waits for a free worker,
    // whatever the order of the plan and however long the linked pair takes on a loaded machine.
    const stubborn = ["sh", "-c", "trap '' TERM; sleep 600 & wait"];
    const solo = [uniqueName("solo"), uniqueName("solo"), uniqueName("solo")];
    for (const name of solo) await runContainer(name, stale.ref, [], stubborn);
    const db = uniqueName("db");
    const web = uniqueName("web");
    await runContainer(db, stale.ref, [], SLEEP);
    await runContainer(web, fresh, ["--label", `com.centurylinklabs.watchtower.depends-on=${db}`], SLEEP);
    const since = Date.now() / 1000;
    const result = await runSession({ names: [...solo, db, web], updateConcurrency: 4, stopTimeout: 3_000 });
    for (const name of [...solo, db]) expect(result.lines.get(`/${name}`)).toBe("Updated");
    expect(stateOf(result, web)).toBe("Restarted");

    const soloEvents = await events(since, solo, ["kill", "start"]);
    const firstStart = soloEvents.findIndex((event) => event.startsWith("start "));
    const signalled = new Set(soloEvents.slice(0, firstStart).map((event) => event.replace(/^kill /, "")));
    expect(signalled, soloEvents.join("\n")).toEqual(new Set(solo));
    expect(await events(since, [db, web])).toEqual([
      `die ${web}`,
      `die ${db}`,
      `start ${db}`,
      `start ${web}`,
    ]);
  });

  it("rolling restart is refused when selected containers have dependencies (34)", async () => {
    const db = uniqueName("db");
    const web = uniqueName("web");
    await runContainer(db, fresh, [], SLEEP);
    await runContainer(web, fresh, ["--label", `com.centurylinklabs.watchtower.depends-on=${db}`], SLEEP);
    const engine = createUpdateEngine(
      { docker: await dockerClient(), log: silentLog },
      { ...DEFAULT_OPTIONS, names: [db, web], rollingRestart: true },
    );
    expect(await engine.checkSanity()).toMatch(/is depending on at least one other container/);
    const alone = createUpdateEngine(
      { docker: await dockerClient(), log: silentLog },
      { ...DEFAULT_OPTIONS, names: [db], rollingRestart: true },
    );
    expect(await alone.checkSanity()).toBeUndefined();
  });
});
