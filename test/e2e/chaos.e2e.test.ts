/**
 * The chaos suite (issue 12): faults against the real daemon, through the loopback Docker API fault
 * proxy, while Bosun swaps a world of hard containers (slow-stopping, `--rm`, a dependent pair, data
 * in an anonymous volume). After each fault and Bosun's next start, every container must exist
 * exactly once under its name, run, keep its data, and no Bosun artifact may be left.
 *
 * `npm test` runs a bounded subset (one kill mid-session, one round of two instances at once, a 500
 * on start); `npm run chaos` (BOSUN_CHAOS=full) runs every kill point, ten overlapping rounds, dockerd restarts and a failed and a late answer to each call of the swap,
 * and prints the iterations, containers lost and bytes lost (docs/chaos.md has the figures).
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerFaultProxy, FaultRule } from "../support/docker-fault-proxy.ts";
import {
  createWorld,
  inspectWorld,
  makeStale,
  removeWorld,
  repairWorld,
  restartDockerd,
  type Damage,
  type World,
} from "./chaos-helpers.ts";
import { startBosun, type RunningBosun } from "./daemon-helpers.ts";
import { docker, removeTestContainers, runBosun, startDaemonProxy, testEnv } from "./harness.ts";

const FULL = process.env.BOSUN_CHAOS === "full";
/** A scenario of the full run only: not registered otherwise, so `npm test` reports no skipped test. */
const itFull = (name: string, options: { timeout: number }, body: () => Promise<void>): void => {
  if (FULL) it(name, options, body);
};
/** `BOSUN_CHAOS_ONLY=<regex>` (full run): only the rounds whose label matches, e.g. `500 on create`. */
const ONLY =
  process.env.BOSUN_CHAOS_ONLY === undefined ? undefined : new RegExp(process.env.BOSUN_CHAOS_ONLY);
const selected = (label: string): boolean => ONLY === undefined || ONLY.test(label);
/** `BOSUN_CHAOS_TRACE=1`: after each round, print the proxy's requests and the faulted Bosun's log. */
const TRACE = process.env.BOSUN_CHAOS_TRACE === "1";
/** A short lease, so the lock of a killed Bosun is taken over within seconds. */
const LEASE = ["--lock-lease", "4s"];

interface Round {
  scenario: string;
  damage: Damage;
}
const rounds: Round[] = [];
let proxy: DockerFaultProxy;
const worlds: World[] = [];
let shared: World | undefined;

/** One world for the scenarios that need no restart policy (creating one takes seconds). */
async function sharedWorld(): Promise<World> {
  if (shared === undefined) {
    shared = await createWorld({ restartPolicy: false, autoRemove: true });
    worlds.push(shared);
  }
  return shared;
}

beforeAll(async () => {
  proxy = await startDaemonProxy("chaos");
});

afterAll(async () => {
  await proxy.close();
  for (const world of worlds) await removeWorld(world);
  await removeTestContainers();
  const figures = {
    mode: FULL ? "full" : "bounded",
    iterations: rounds.length,
    containersLost: rounds.reduce((sum, round) => sum + round.damage.lost.length, 0),
    containersNotRunning: rounds.reduce((sum, round) => sum + round.damage.notRunning.length, 0),
    bytesLost: rounds.reduce((sum, round) => sum + round.damage.bytesLost, 0),
    artifactsLeft: rounds.reduce((sum, round) => sum + round.damage.artifacts.length, 0),
    failedRounds: rounds.filter((round) => hurt(round.damage)).map((round) => round),
  };
  writeFileSync(`${testEnv().dir}/chaos-figures.json`, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(
    `chaos (${figures.mode}): iterations=${String(figures.iterations)} containers lost=${String(figures.containersLost)} ` +
      `not running=${String(figures.containersNotRunning)} bytes lost=${String(figures.bytesLost)} ` +
      `artifacts left=${String(figures.artifactsLeft)}`,
  );
  for (const round of figures.failedRounds)
    console.log(`  ${round.scenario}: ${JSON.stringify(round.damage)}`);
});

function hurt(damage: Damage): boolean {
  return (
    damage.lost.length > 0 ||
    damage.notRunning.length > 0 ||
    damage.bytesLost > 0 ||
    damage.artifacts.length > 0
  );
}

const STATE_FORMAT =
  "{{.Name}} {{.Id}} {{.State.Status}} exit={{.State.ExitCode}} err={{.State.Error}} " +
  "started={{.State.StartedAt}} finished={{.State.FinishedAt}} restarts={{.RestartCount}} " +
  '{{index .Config.Labels "bosun.swap.original-id"}}';

/** Prints what the faulted Bosun asked for (from request `from` on) and what it logged. */
function trace(label: string, from: number, bosun: RunningBosun): void {
  if (!TRACE) return;
  const calls = proxy.requests
    .slice(from)
    .map((request) => `${request.method} ${request.url} -> ${String(request.status)}`);
  const logs = bosun.logs().map((line) => JSON.stringify(line));
  console.log(`--- ${label}: requests\n${calls.join("\n")}\n--- ${label}: log\n${logs.join("\n")}`);
}

/** Bosun's next start (a run-once: recovery, then a session), then the check; the world is repaired after. */
async function settle(world: World, scenario: string): Promise<Damage> {
  proxy.clearRules();
  if (TRACE) {
    const ids = (await docker(["ps", "-aq", "--no-trunc"])).split("\n").filter((id) => id !== "");
    const states = ids.length === 0 ? "" : await docker(["inspect", "--format", STATE_FORMAT, ...ids]);
    console.log(`--- ${scenario}: before the next run\n${states}`);
  }
  const next = await runBosun(["--run-once", "--scope", world.scope, ...LEASE], { timeoutMs: 180_000 });
  if (TRACE) console.log(`--- ${scenario}: next run\n${next.stderr}`);
  const damage = await inspectWorld(world);
  if (next.code !== 0) damage.artifacts.push(`(next run exited ${String(next.code)})`);
  rounds.push({ scenario, damage });
  await repairWorld(world, damage);
  await makeStale(world);
  return damage;
}

function viaProxy(world: World, lease: string[] = LEASE): RunningBosun {
  return startBosun(["--run-once", "--scope", world.scope, ...lease], { DOCKER_HOST: proxy.host });
}

/**
 * The kill points: every POST that changes a container (create, stop, rename, start, kill, network
 * connect), except the lock's own creates, whose number depends on timing (renewals).
 */
function onMutatingCalls(onMatch: () => void): FaultRule[] {
  return [
    {
      method: "POST",
      path: /^\/containers\//,
      onMatch: (request) => {
        if (!request.url.includes("name=bosun-lock-")) onMatch();
      },
    },
  ];
}

/** How many mutating calls one undisturbed session makes on the world. */
async function calibrate(world: World): Promise<number> {
  let count = 0;
  proxy.clearRules();
  for (const rule of onMutatingCalls(() => (count += 1))) proxy.addRule(rule);
  const bosun = viaProxy(world);
  expect(await bosun.exited).toBe(0);
  await settle(world, "calibration");
  return count;
}

async function killAt(world: World, point: number): Promise<Damage> {
  let count = 0;
  const running: { bosun?: RunningBosun } = {};
  proxy.clearRules();
  for (const rule of onMutatingCalls(() => {
    count += 1;
    if (count === point) running.bosun?.child.kill("SIGKILL");
  }))
    proxy.addRule(rule);
  running.bosun = viaProxy(world);
  await running.bosun.exited;
  return settle(world, `SIGKILL at mutating call ${String(point)}`);
}

/** Spread `n` points over 1..total. */
function points(total: number, n: number): number[] {
  if (n >= total) return Array.from({ length: total }, (_, index) => index + 1);
  return Array.from({ length: n }, (_, index) => Math.max(1, Math.round(((index + 0.5) * total) / n)));
}

const SWAP_CALLS: { name: string; method: string; path: RegExp }[] = [
  { name: "create", method: "POST", path: /^\/containers\/create$/ },
  // Before API 1.42 a stop with a signal is a kill and a wait.
  { name: "stop", method: "POST", path: /^\/containers\/[^/]+\/(stop|kill)$/ },
  { name: "rename", method: "POST", path: /^\/containers\/[^/]+\/rename$/ },
  { name: "start", method: "POST", path: /^\/containers\/[^/]+\/start$/ },
  { name: "remove", method: "DELETE", path: /^\/containers\/[^/]+$/ },
];

async function faultRound(
  world: World,
  call: (typeof SWAP_CALLS)[number],
  fault: Partial<FaultRule>,
  label: string,
) {
  proxy.clearRules();
  // The lock's own create is not a swap step: let it through, fault the next one.
  if (call.name === "create") proxy.addRule({ method: "POST", path: /^\/containers\/create$/, times: 1 });
  proxy.addRule({ method: call.method, path: call.path, times: 1, ...fault });
  // A lease renewed only after the session: the lock makes no call in the middle of it.
  const from = proxy.requests.length;
  const bosun = viaProxy(world, ["--lock-lease", "10m"]);
  await bosun.exited;
  trace(`${label} ${call.name}`, from, bosun);
  return settle(world, `${label} ${call.name}`);
}

describe("chaos", () => {
  it(
    "SIGKILL at many points of a session never loses a container or its data",
    { timeout: FULL ? 3_600_000 : 240_000 },
    async () => {
      const world = await sharedWorld();
      // The bounded run kills once, in the middle of a session (a 5-container session makes ~25).
      const total = FULL ? await calibrate(world) : 25;
      expect(total).toBeGreaterThanOrEqual(20);
      for (const point of points(total, FULL ? total : 1)) {
        if (!selected(`SIGKILL at mutating call ${String(point)}`)) continue;
        const damage = await killAt(world, point);
        expect.soft(damage, `SIGKILL at call ${String(point)} of ${String(total)}`).toEqual({
          lost: [],
          notRunning: [],
          bytesLost: 0,
          artifacts: [],
        });
      }
    },
  );

  it(
    "two instances at once on the same containers never lose one",
    { timeout: FULL ? 1_200_000 : 150_000 },
    async () => {
      const world = await sharedWorld();
      for (let round = 0; round < (FULL ? 10 : 1); round += 1) {
        if (!selected("overlapping instances")) continue;
        proxy.clearRules();
        proxy.requests.length = 0;
        // The first one's swap is slowed down, so the second one arrives in the middle of it.
        proxy.addRule({ method: "POST", path: /^\/containers\/[^/]+\/start$/, delayMs: 1500 });
        proxy.addRule({ method: "DELETE", path: /^\/containers\/[^/]+$/, delayMs: 1500 });
        const first = viaProxy(world);
        await first.waitForLog((line) => line.event === "container-stopping", 60_000);
        const second = startBosun(["--run-once", "--scope", world.scope, ...LEASE]);
        await Promise.all([first.exited, second.exited]);
        const lockLines = (bosun: RunningBosun) =>
          bosun.logs().filter((line) => /^(Taking over|Lost the lock)/.test(line.msg));
        const takeovers = [...lockLines(first), ...lockLines(second)];
        const damage = await settle(world, "overlapping instances");
        if (hurt(damage) || takeovers.length > 0) {
          console.log(JSON.stringify({ round, requests: proxy.requests }));
          for (const bosun of [first, second])
            console.log(
              bosun
                .logs()
                .map((l) => JSON.stringify(l))
                .join("\n"),
            );
        }
        // The first one is slowed, not stalled: its lease holds, the second one only waits.
        expect.soft(takeovers, `round ${String(round)}`).toEqual([]);
        expect.soft(damage).toEqual({ lost: [], notRunning: [], bytesLost: 0, artifacts: [] });
      }
    },
  );

  itFull("dockerd restarted mid-session", { timeout: 1_800_000 }, async () => {
    // A daemon restart stops every container: only those with a restart policy come back, and an
    // `--rm` one is gone whatever Bosun does, so this world has policies and no `--rm` member.
    const world = await createWorld({ restartPolicy: true, autoRemove: false });
    worlds.push(world);
    // The shared world (no restart policy, an `--rm` member) would be stopped and lose its `--rm`
    // member to the daemon's restart, and that damage would be charged to the next scenario's round
    // (it was: "500 on create" in the full run of 2026-12-01). The next scenario gets a fresh one.
    if (shared !== undefined) {
      await removeWorld(shared);
      shared = undefined;
    }
    for (const point of [2, 5, 9, 14]) {
      if (!selected(`dockerd restarted at mutating call ${String(point)}`)) continue;
      let count = 0;
      let restarting: Promise<void> | undefined;
      proxy.clearRules();
      for (const rule of onMutatingCalls(() => {
        count += 1;
        if (count === point) restarting = restartDockerd();
      }))
        proxy.addRule(rule);
      const from = proxy.requests.length;
      const bosun = viaProxy(world);
      await bosun.exited;
      await restarting;
      trace(`dockerd restarted at mutating call ${String(point)}`, from, bosun);
      const damage = await settle(world, `dockerd restarted at mutating call ${String(point)}`);
      expect.soft(damage).toEqual({ lost: [], notRunning: [], bytesLost: 0, artifacts: [] });
    }
  });

  it(
    "failed and late answers to each call of the swap",
    { timeout: FULL ? 3_600_000 : 120_000 },
    async () => {
      const world = await sharedWorld();
      type Case = readonly [(typeof SWAP_CALLS)[number], Partial<FaultRule>, string];
      const cases: readonly Case[] = FULL
        ? [
            ...SWAP_CALLS.map((call) => [call, { fail: { status: 500 } }, "500 on"] as const),
            ...SWAP_CALLS.map((call) => [call, { lateMs: 2000 }, "answer 2 s late on"] as const),
            // Later than Bosun's 60 s call timeout: the daemon did the work, Bosun never heard (R5).
            ...SWAP_CALLS.filter((call) => call.name === "rename" || call.name === "start").map(
              (call) => [call, { lateMs: 65_000 }, "answer 65 s late on"] as const,
            ),
          ]
        : [[SWAP_CALLS[3] as (typeof SWAP_CALLS)[number], { fail: { status: 500 } }, "500 on"]];
      for (const [call, fault, label] of cases) {
        if (!selected(`${label} ${call.name}`)) continue;
        const damage = await faultRound(world, call, fault, label);
        expect
          .soft(damage, `${label} ${call.name}`)
          .toEqual({ lost: [], notRunning: [], bytesLost: 0, artifacts: [] });
      }
    },
  );
});
