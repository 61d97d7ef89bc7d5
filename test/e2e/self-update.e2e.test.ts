/**
 * @module Bosun in its own container image (the repo's Dockerfile, target `prebuilt`, FROM a Node
 * base made locally by scripts/build-node-base.sh): it updates itself to a newly pushed image and
 * keeps its name, and a new instance retires the older ones in its scope (only in its scope).
 * Every Bosun here runs with its own --scope, so it never touches another test's containers.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  docker,
  imageId,
  inspect,
  removeTestContainers,
  ROOT,
  runContainer,
  runProcess,
  SANDBOX_ID,
  TEST_LABEL,
  testEnv,
  uniqueName,
} from "./harness.ts";

const SCOPE_LABEL = "com.centurylinklabs.watchtower.scope";
const REPO = uniqueName("bosun-self");

const Lock = z.object({
  packages: z.record(z.string(), z.object({ dev: z.boolean().optional(), link: z.boolean().optional() })),
});

let contextDir = "";
let rev1 = { ref: "", id: "" };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `check` every 250 ms until it returns a value other than undefined; fails after `timeoutMs`,
 * with the logs of the containers named in `logsOf` (Bosun's own account of what it did).
 */
async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  logsOf: string[] = [],
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  const logs = await Promise.all(
    logsOf.map(async (name) => `--- docker logs ${name}:\n${await containerLogs(name).catch(String)}`),
  );
  throw new Error([`timed out after ${String(timeoutMs)} ms waiting for ${what}`, ...logs].join("\n"), {
    cause: last,
  });
}

function dockerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: testEnv().dockerHost, DOCKER_BUILDKIT: "0" };
}

/** Both output streams of a container (Bosun logs to stderr). */
async function containerLogs(name: string): Promise<string> {
  const result = await runProcess("docker", ["logs", name], { env: dockerEnv(), timeoutMs: 30_000 });
  return result.stdout + result.stderr;
}

/** The build context of the `prebuilt` target: bin/, dist/, package.json and production node_modules. */
function stageContext(dir: string): void {
  if (!existsSync(join(ROOT, "dist", "cli.js")))
    throw new Error("dist/cli.js is missing: run `npm run build`");
  const app = join(dir, ".bosun-prebuilt");
  mkdirSync(app, { recursive: true });
  for (const file of ["Dockerfile", ".dockerignore", "package.json"])
    cpSync(join(ROOT, file), join(dir, file));
  for (const part of ["bin", "dist", "package.json"])
    cpSync(join(ROOT, part), join(app, part), { recursive: true });
  // Production packages only, as `npm ci --omit=dev` would install them (no network needed).
  const lock = Lock.parse(JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")));
  const copied: string[] = [];
  const wanted = Object.entries(lock.packages)
    .filter(([path, meta]) => path.startsWith("node_modules/") && meta.dev !== true && meta.link !== true)
    .map(([path]) => path)
    .sort();
  for (const path of wanted) {
    if (copied.some((parent) => path.startsWith(`${parent}/`))) continue;
    if (!existsSync(join(ROOT, path))) continue;
    cpSync(join(ROOT, path), join(app, path), { recursive: true });
    copied.push(path);
  }
  if (!copied.includes("node_modules/pino")) throw new Error("production node_modules were not staged");
}

async function buildBosunImage(ref: string): Promise<string> {
  const base = await runProcess("bash", [join(ROOT, "scripts", "build-node-base.sh")], {
    env: dockerEnv(),
    timeoutMs: 120_000,
  });
  if (base.code !== 0) throw new Error(`scripts/build-node-base.sh failed: ${base.stderr}`);
  const baseImage = base.stdout.trim().split("\n").pop() ?? "";
  await docker(
    [
      "build",
      "--network",
      "none",
      "-q",
      "--target",
      "prebuilt",
      "--build-arg",
      `BASE_IMAGE=${baseImage}`,
      "--label",
      `${TEST_LABEL}=${SANDBOX_ID}`,
      "-t",
      ref,
      contextDir,
    ],
    { timeoutMs: 300_000 },
  );
  return imageId(ref);
}

/** A new revision of the Bosun image (same app, one more ENV), pushed under the same tag. */
async function publishRevision(ref: string, rev: number): Promise<string> {
  const dockerfile = `FROM ${rev1.id}\nENV BOSUN_TEST_REV=${String(rev)}\n`;
  await docker(["build", "--network", "none", "-q", "-t", ref, "-"], { input: dockerfile });
  await docker(["push", "-q", ref], { timeoutMs: 300_000 });
  return imageId(ref);
}

/** Starts Bosun's image as a daemon in `scope`, the way users run Watchtower (socket mounted). */
async function startInstance(name: string, scope: string, args: string[]): Promise<string> {
  const socket = testEnv().dockerHost.replace(/^unix:\/\//, "");
  return runContainer(
    name,
    rev1.ref,
    [
      "--network",
      "host",
      "--restart",
      "unless-stopped",
      "-v",
      `${socket}:/var/run/docker.sock`,
      "--label",
      `${SCOPE_LABEL}=${scope}`,
    ],
    ["--scope", scope, "--log-format", "logfmt", ...args],
  );
}

/** Waits until the instance announced itself (that happens after it retired the older instances). */
async function waitStarted(name: string): Promise<void> {
  await waitFor(
    `${name} to announce itself`,
    60_000,
    async () => (/Bosun v\d/.test(await containerLogs(name)) ? true : undefined),
    [name],
  );
}

async function idsInScope(scope: string): Promise<string[]> {
  const out = await docker(["ps", "-aq", "--no-trunc", "--filter", `label=${SCOPE_LABEL}=${scope}`]);
  return out === "" ? [] : out.split("\n");
}

async function exists(idOrName: string): Promise<boolean> {
  return inspect(idOrName).then(
    () => true,
    () => false,
  );
}

describe("Bosun's container image", () => {
  beforeAll(async () => {
    contextDir = join(testEnv().dir, `ctx-${REPO}`);
    stageContext(contextDir);
    const ref = `${testEnv().registry}/${REPO}:latest`;
    const id = await buildBosunImage(ref);
    await docker(["push", "-q", ref], { timeoutMs: 300_000 });
    rev1 = { ref, id };
  }, 600_000);

  afterEach(async () => {
    await removeTestContainers();
  });

  afterAll(async () => {
    await removeTestContainers();
    if (rev1.ref !== "") await docker(["rmi", "-f", rev1.ref]).catch(() => undefined);
    if (rev1.id !== "") await docker(["rmi", "-f", rev1.id]).catch(() => undefined);
    if (contextDir !== "") rmSync(contextDir, { recursive: true, force: true });
  });

  it("carries the instance label, the health check and the bosun entrypoint", async () => {
    const image = JSON.parse(await docker(["image", "inspect", rev1.id])) as {
      Config: {
        Labels: Record<string, string>;
        Entrypoint: string[];
        Healthcheck?: { Test: string[] };
        ExposedPorts?: Record<string, unknown>;
      };
    }[];
    const config = image[0]?.Config;
    expect(config?.Labels["com.centurylinklabs.watchtower"]).toBe("true");
    expect(Object.keys(config?.ExposedPorts ?? {})).toEqual(["8080/tcp"]);
    expect(config?.Entrypoint).toEqual(["bosun"]);
    expect(config?.Healthcheck?.Test).toEqual(["CMD", "bosun", "--health-check"]);
    const version = await docker(["run", "--rm", "--network", "none", rev1.id, "--version"]);
    expect(version).toMatch(/^bosun v\d+\.\d+\.\d+/);
    // The HEALTHCHECK command itself succeeds inside a running instance.
    const name = uniqueName("bosun-health");
    await startInstance(name, uniqueName("scope"), ["--interval", "3600"]);
    await waitStarted(name);
    await docker(["exec", name, "bosun", "--health-check"]);
    // Watchtower's binary path, for compose files whose health check or entrypoint names it.
    await docker(["exec", name, "/watchtower", "--health-check"]);
  });

  it("notify-upgrade: the legacy settings as an env file to docker cp out, removed when the container stops", async () => {
    const name = uniqueName("bosun-notify-upgrade");
    const secret = "s3cretS3cretS3cretS3cret";
    const hook = `https://hooks.slack.com/services/T0TEST000/B0TEST000/${secret}`;
    const id = await runContainer(
      name,
      rev1.ref,
      ["-e", "WATCHTOWER_NOTIFICATIONS=slack", "-e", `WATCHTOWER_NOTIFICATION_SLACK_HOOK_URL=${hook}`],
      ["notify-upgrade", "--log-format", "logfmt"],
    );
    const hint = await waitFor(
      "the docker cp hint",
      30_000,
      async () =>
        /command="docker cp ([0-9a-f]{12}):(\/watchtower-notif-urls-[0-9a-f]+) \.\/watchtower-notifications\.env"/.exec(
          await containerLogs(name),
        ) ?? undefined,
      [name],
    );
    expect(hint[1]).toBe(id.slice(0, 12));
    const path = hint[2] ?? "";
    const copy = join(testEnv().dir, `${name}.env`);
    await docker(["cp", `${name}:${path}`, copy]);
    expect(readFileSync(copy, "utf8")).toBe(
      `WATCHTOWER_NOTIFICATION_URL=slack://hook:T0TEST000-B0TEST000-${secret}@webhook?botname=watchtower&color=%23406170\n`,
    );
    rmSync(copy);

    await docker(["stop", name], { timeoutMs: 30_000 });
    const exit = await docker(["inspect", "--format", "{{.State.ExitCode}}", name]);
    expect(exit).toBe("0");
    const logs = await containerLogs(name);
    expect(logs).toContain("Environment file has been removed");
    expect(logs).not.toContain(secret);
    const again = await runProcess("docker", ["cp", `${name}:${path}`, copy], {
      env: dockerEnv(),
      timeoutMs: 30_000,
    });
    expect(again.code).not.toBe(0);
  });

  it("updates itself: one container under the original name, on the new image; the old one is gone", async () => {
    const name = uniqueName("bosun-self");
    const scope = uniqueName("self");
    const oldId = await startInstance(name, scope, ["--interval", "2"]);
    await waitStarted(name);
    const rev2 = await publishRevision(rev1.ref, 2);
    expect(rev2).not.toBe(rev1.id);

    const current = await waitFor(
      "the new instance under the original name",
      90_000,
      async () => {
        const now = await inspect(name);
        return now.Image === rev2 && now.State.Running ? now : undefined;
      },
      [name],
    );
    expect(current.Id).not.toBe(oldId);
    await waitFor(
      "the old instance to be removed",
      60_000,
      async () => ((await exists(oldId)) ? undefined : true),
      [name, oldId],
    );
    // The new instance retired the old one with a graceful stop (not a kill), at its startup.
    const newLogs = await containerLogs(name);
    expect(newLogs).toMatch(/Stopping another instance.*-bosun-old-r-/);
    // A few more sessions later: still exactly one instance, running, on the new image.
    await sleep(5000);
    const ids = await idsInScope(scope);
    expect(ids).toEqual([current.Id]);
    const after = await inspect(name);
    expect(after.State.Running).toBe(true);
    expect(after.Image).toBe(rev2);
    expect(after.Config.Env).toContain("BOSUN_TEST_REV=2");
    // The replacement kept the way it was run: same command, socket, network and labels.
    expect(after.Config.Cmd).toEqual(["--scope", scope, "--log-format", "logfmt", "--interval", "2"]);
    expect(after.Config.Labels?.[TEST_LABEL]).toBe(SANDBOX_ID);
    expect(after.HostConfig.NetworkMode).toBe("host");
    expect(after.HostConfig.RestartPolicy).toMatchObject({ Name: "unless-stopped" });
    expect(after.Mounts.map((mount) => mount.Destination)).toContain("/var/run/docker.sock");
  }, 240_000);

  it("--run-once updates itself too: the replacement runs one session and exits 0; its next run removes the old one", async () => {
    const name = uniqueName("bosun-once");
    const scope = uniqueName("once");
    const socket = testEnv().dockerHost.replace(/^unix:\/\//, "");
    const before = await imageId(rev1.ref);
    // Created on the current image, started only once a newer one is in the registry.
    const oldId = await docker([
      "create",
      "--name",
      name,
      "--label",
      `${TEST_LABEL}=${SANDBOX_ID}`,
      "--label",
      `${SCOPE_LABEL}=${scope}`,
      "--network",
      "host",
      "-v",
      `${socket}:/var/run/docker.sock`,
      rev1.ref,
      "--run-once",
      "--scope",
      scope,
      "--log-format",
      "logfmt",
    ]);
    const next = await publishRevision(rev1.ref, 3);
    expect(next).not.toBe(before);
    await docker(["start", name]);

    const exited = async (id: string) => {
      const state = await docker(["inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", id]);
      return state.startsWith("exited ") ? state : undefined;
    };
    const replacement = await waitFor(
      "the replacement under the original name to finish its session",
      90_000,
      async () => {
        const now = await inspect(name);
        return now.Id !== oldId && (await exited(now.Id)) !== undefined ? now : undefined;
      },
      [name, oldId],
    );
    expect(replacement.Image).toBe(next);
    expect(await exited(replacement.Id)).toBe("exited 0");
    expect(replacement.Config.Cmd).toEqual(["--run-once", "--scope", scope, "--log-format", "logfmt"]);
    expect(await containerLogs(name)).toMatch(/Running a one time update/);
    // The old Bosun finished its own session and exited. When it exited before the replacement's
    // session began, that session already removed it; otherwise it waits, set aside, for the next.
    const old = await waitFor("the old instance to exit or go", 60_000, async () =>
      (await exists(oldId)) ? exited(oldId) : "gone",
    );
    expect(["gone", "exited 0"]).toContain(old);
    if (old !== "gone") expect((await inspect(oldId)).Name).not.toBe(`/${name}`);

    // The next run (as from cron) finds the old instance set aside, its successor in place: removed.
    await docker(["start", name]);
    await waitFor("the next run", 60_000, async () => {
      const now = await inspect(name);
      return now.State.StartedAt !== replacement.State.StartedAt && (await exited(now.Id)) !== undefined
        ? true
        : undefined;
    });
    expect(await exists(oldId)).toBe(false);
    expect(await idsInScope(scope)).toEqual([replacement.Id]);
  }, 240_000);

  it("a new instance removes the older one in the same scope", async () => {
    const scope = uniqueName("same");
    const older = uniqueName("bosun-older");
    const newer = uniqueName("bosun-newer");
    const olderId = await startInstance(older, scope, ["--interval", "3600"]);
    await waitStarted(older);
    const newerId = await startInstance(newer, scope, ["--interval", "3600"]);
    await waitStarted(newer);
    await waitFor(
      "the older instance to be removed",
      60_000,
      async () => ((await exists(olderId)) ? undefined : true),
      [newer, older],
    );
    expect(await idsInScope(scope)).toEqual([newerId]);
    expect((await inspect(newer)).State.Running).toBe(true);
  }, 180_000);

  it("instances in different scopes leave each other alone", async () => {
    const first = uniqueName("bosun-scope-a");
    const second = uniqueName("bosun-scope-b");
    const firstId = await startInstance(first, uniqueName("a"), ["--interval", "3600"]);
    await waitStarted(first);
    await startInstance(second, uniqueName("b"), ["--interval", "3600"]);
    await waitStarted(second);
    // The second one announced itself, so its retiring of other instances is over.
    await sleep(2000);
    const firstNow = await inspect(first);
    expect(firstNow.Id).toBe(firstId);
    expect(firstNow.State.Running).toBe(true);
    expect((await inspect(second)).State.Running).toBe(true);
  }, 180_000);
});
