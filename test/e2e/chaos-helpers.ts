/**
 * @module The chaos suite's world: a set of containers that are hard to swap safely (a slow-stopping
 * one, an `--rm` one, a dependent pair, one with data in an anonymous volume), all in one scope and
 * all running a stale image, and the check that after any fault and Bosun's next start every one
 * exists exactly once under its name, runs, keeps its data, and no Bosun artifact is left.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { docker, publish, SANDBOX_ID, TEST_LABEL, testEnv, uniqueName } from "./harness.ts";

const execFileAsync = promisify(execFile);
const WT = "com.centurylinklabs.watchtower";

/** Exits 3 s after SIGTERM, as a database flushing to disk. */
const SLOW_STOP = ["sh", "-c", "trap 'sleep 3; exit 0' TERM; sleep 600 & wait"];
const QUICK_STOP = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"];
/** 4 KiB of recognisable data in the anonymous volume. */
const DATA = "precious-".repeat(455).slice(0, 4096);

export interface WorldMember {
  name: string;
  args: string[];
  command: string[];
  /** Bytes kept in its anonymous volume at /data/file. */
  data: boolean;
  /** `--rm` containers vanish on a daemon restart whatever Bosun does. */
  autoRemove: boolean;
}

export interface World {
  scope: string;
  repo: string;
  ref: string;
  members: WorldMember[];
  revision: number;
}

export interface Damage {
  /** Names missing, duplicated or not running after recovery. */
  lost: string[];
  notRunning: string[];
  bytesLost: number;
  /** Names of containers left behind that are none of the world's (asides, replacements, locks). */
  artifacts: string[];
}

export async function createWorld(options: { restartPolicy: boolean; autoRemove: boolean }): Promise<World> {
  const scope = uniqueName("chaos");
  const repo = uniqueName("chaos");
  const first = await publish(repo, 1);
  const restart = options.restartPolicy ? ["--restart", "unless-stopped"] : [];
  const db = uniqueName("chaos-db");
  const members: WorldMember[] = [
    { name: uniqueName("chaos-slow"), args: restart, command: SLOW_STOP, data: false, autoRemove: false },
    { name: db, args: restart, command: QUICK_STOP, data: false, autoRemove: false },
    {
      name: uniqueName("chaos-app"),
      args: [...restart, "--label", `${WT}.depends-on=${db}`],
      command: QUICK_STOP,
      data: false,
      autoRemove: false,
    },
    {
      name: uniqueName("chaos-vol"),
      args: [...restart, "-v", "/data"],
      command: QUICK_STOP,
      data: true,
      autoRemove: false,
    },
  ];
  if (options.autoRemove) {
    members.push({
      name: uniqueName("chaos-rm"),
      args: ["--rm"],
      command: QUICK_STOP,
      data: false,
      autoRemove: true,
    });
  }
  const world: World = { scope, repo, ref: first.ref, members, revision: 1 };
  for (const member of members) await startMember(world, member);
  await makeStale(world);
  return world;
}

async function startMember(world: World, member: WorldMember): Promise<void> {
  await docker([
    "run",
    "-d",
    "--name",
    member.name,
    "--network",
    "none",
    "--label",
    `${TEST_LABEL}=${SANDBOX_ID}`,
    "--label",
    `${WT}.scope=${world.scope}`,
    ...member.args,
    world.ref,
    ...member.command,
  ]);
  if (member.data) {
    await docker(["exec", "-i", member.name, "sh", "-c", "cat > /data/file"], { input: DATA });
  }
}

/** Pushes the next revision: every member is stale again. */
export async function makeStale(world: World): Promise<void> {
  world.revision += 1;
  await publish(world.repo, world.revision);
}

interface Listed {
  id: string;
  name: string;
  state: string;
  labels: string;
}

async function listAll(): Promise<Listed[]> {
  const out = await docker([
    "ps",
    "-a",
    "--no-trunc",
    "--format",
    "{{.ID}}\t{{.Names}}\t{{.State}}\t{{.Labels}}",
  ]);
  if (out === "") return [];
  return out.split("\n").map((line) => {
    const [id = "", name = "", state = "", labels = ""] = line.split("\t");
    return { id, name, state, labels };
  });
}

async function dataOf(name: string): Promise<string | undefined> {
  try {
    const volume = await docker([
      "inspect",
      "--format",
      '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}}',
      name,
    ]);
    if (volume === "") return undefined;
    return await docker([
      "run",
      "--rm",
      "--network",
      "none",
      "--label",
      `${TEST_LABEL}=${SANDBOX_ID}`,
      "-v",
      `${volume}:/v:ro`,
      testEnv().baseImage,
      "cat",
      "/v/file",
    ]);
  } catch {
    return undefined;
  }
}

/** What is wrong with the world now; repairs it (re-creates what was lost) for the next round. */
export async function inspectWorld(world: World): Promise<Damage> {
  const all = await listAll();
  const damage: Damage = { lost: [], notRunning: [], bytesLost: 0, artifacts: [] };
  for (const member of world.members) {
    const same = all.filter((entry) => entry.name === member.name);
    if (same.length !== 1) {
      damage.lost.push(member.name);
      if (member.data) damage.bytesLost += DATA.length;
      continue;
    }
    if (same[0]?.state !== "running") damage.notRunning.push(member.name);
    if (member.data) {
      const data = await dataOf(member.name);
      if (data !== DATA) damage.bytesLost += DATA.length;
    }
  }
  const names = new Set(world.members.map((member) => member.name));
  for (const entry of all) {
    if (names.has(entry.name)) continue;
    const ours = world.members.some((member) => entry.name.includes(member.name));
    if (ours || entry.name.startsWith("bosun-lock-") || entry.labels.includes("bosun.lock")) {
      damage.artifacts.push(entry.name);
    }
  }
  return damage;
}

/** Puts the world back as it was (for the next round), after its damage was counted. */
export async function repairWorld(world: World, damage: Damage): Promise<void> {
  const all = await listAll();
  for (const entry of all) {
    const ours = world.members.some((member) => entry.name.includes(member.name));
    if (
      (ours && !world.members.some((m) => m.name === entry.name)) ||
      damage.artifacts.includes(entry.name)
    ) {
      await docker(["rm", "-f", "-v", entry.id]).catch(() => undefined);
    }
  }
  for (const name of damage.lost) {
    const member = world.members.find((entry) => entry.name === name);
    if (member === undefined) continue;
    const ids = all.filter((entry) => entry.name === name).map((entry) => entry.id);
    if (ids.length > 0) await docker(["rm", "-f", "-v", ...ids]).catch(() => undefined);
    await startMember(world, member);
  }
  for (const name of damage.notRunning) {
    if (!damage.lost.includes(name)) await docker(["start", name]).catch(() => undefined);
  }
  if (damage.bytesLost > 0) {
    for (const member of world.members.filter((entry) => entry.data && !damage.lost.includes(entry.name))) {
      await docker(["exec", "-i", member.name, "sh", "-c", "cat > /data/file"], { input: DATA }).catch(
        () => undefined,
      );
    }
  }
}

export async function removeWorld(world: World): Promise<void> {
  const all = await listAll();
  const ids = all
    .filter((entry) => world.members.some((member) => entry.name.includes(member.name)))
    .map((entry) => entry.id);
  if (ids.length > 0) await docker(["rm", "-f", "-v", ...ids]).catch(() => undefined);
}

/** Restarts the private dockerd of scripts/test-env.sh with the same arguments (bounded). */
export async function restartDockerd(): Promise<void> {
  const pidFile = `${testEnv().dir}/dockerd.pid`;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  const args = readFileSync(`/proc/${String(pid)}/cmdline`, "utf8")
    .split("\0")
    .filter((arg) => arg !== "");
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const [command = "dockerd", ...rest] = args;
  const child = spawn("setsid", [command, ...rest], {
    stdio: ["ignore", "ignore", "ignore"],
    detached: true,
  });
  child.unref();
  const socket = testEnv().dockerHost.replace(/^unix:\/\//, "");
  while (Date.now() < deadline + 60_000) {
    try {
      await execFileAsync("curl", ["-sf", "--max-time", "2", "--unix-socket", socket, "http://d/_ping"]);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw new Error("dockerd did not come back within 60 s");
}
