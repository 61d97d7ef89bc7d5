/**
 * @module Helpers for the update-engine e2e tests: a real engine (real Docker client, no registry
 * service = always pull) restricted to the test's own containers, and porcelain lines of a session.
 */
import { pino } from "pino";
import { expect } from "vitest";
import { createDockerClient } from "../../src/docker/client.ts";
import type { DockerClient } from "../../src/docker/types.ts";
import { followedImage } from "../../src/container/container.ts";
import { createUpdateEngine, type EngineDeps, type EngineOptions } from "../../src/update/engine.ts";
import { porcelainV1 } from "../../src/update/report.ts";
import type { SessionReport } from "../../src/update/report-types.ts";
import { containerNames, docker, inspect, publish, testEnv } from "./harness.ts";

export const silentLog = pino({ level: process.env.BOSUN_TEST_LOG ?? "silent" }, pino.destination(2));

export const DEFAULT_OPTIONS: EngineOptions = {
  names: [],
  disableContainers: [],
  labelEnable: false,
  scope: undefined,
  includeStopped: false,
  includeRestarting: false,
  reviveStopped: false,
  monitorOnly: false,
  noPull: false,
  noRestart: false,
  labelTakePrecedence: false,
  cleanup: false,
  removeVolumes: false,
  enableLifecycleHooks: false,
  rollingRestart: false,
  stopTimeout: 10_000,
};

let client: DockerClient | undefined;

export async function dockerClient(): Promise<DockerClient> {
  client ??= await createDockerClient({ host: testEnv().dockerHost });
  return client;
}

export interface SessionResult {
  report: SessionReport;
  /** The porcelain v1 state (Watchtower's: a restarted dependent is Fresh) and error by `/name`. */
  lines: Map<string, string>;
  stdout: string;
}

/** Bosun's own state of container `name` (without the slash): Restarted for a restarted dependent. */
export function stateOf(result: SessionResult, name: string): string | undefined {
  return result.report.containers.find((entry) => entry.name === `/${name}`)?.state;
}

/** One session over `options` (names must restrict it to the test's containers). */
export async function runSession(
  options: (Partial<EngineOptions> & { names: string[] }) | (Partial<EngineOptions> & { scope: string }),
  deps: Partial<EngineDeps> = {},
): Promise<SessionResult> {
  const docker = await dockerClient();
  const engine = createUpdateEngine({ docker, log: silentLog, ...deps }, { ...DEFAULT_OPTIONS, ...options });
  const report = await engine.runSession();
  const stdout = porcelainV1(report).join("\n");
  const lines = new Map<string, string>();
  for (const line of porcelainV1(report)) {
    const match = /^(\/\S+) \((.+?)\): (.*)$/.exec(line);
    if (match?.[1] !== undefined && match[3] !== undefined) lines.set(match[1], match[3]);
  }
  return { report, lines, stdout };
}

/** `docker run` arguments labelling a container as compose's service `service` of `project`. */
export function composeLabels(project: string, service: string, dependsOn?: string): string[] {
  const labels = [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`];
  if (dependsOn !== undefined) labels.push(`com.docker.compose.depends_on=${dependsOn}`);
  return labels.flatMap((label) => ["--label", label]);
}

/** A command that exits at once on SIGTERM (a shell as PID 1 ignores it otherwise). */
export const SLEEP = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"];

/**
 * Publishes rev1 and rev2 of `repo` to the registry and points the local tag back at rev1, so a
 * container run from the tag is stale until a session pulls.
 */
export async function staleRepo(
  repo: string,
  options: { rev1Lines?: string[]; rev2Lines?: string[] } = {},
): Promise<{ ref: string; rev1: string; rev2: string }> {
  const rev1 = await publish(repo, 1, { lines: options.rev1Lines ?? [] });
  const rev2 = await publish(repo, 2, { lines: options.rev2Lines ?? [] });
  await docker(["tag", rev1.id, rev1.ref]);
  return { ref: rev1.ref, rev1: rev1.id, rev2: rev2.id };
}

/** Points the local tag back at rev1 so the containers created next are stale again. */
export async function resetTag(stale: { ref: string; rev1: string }): Promise<void> {
  await docker(["tag", stale.rev1, stale.ref]);
}

/** Containers named like Bosun's temporaries of `name`: none once a swap or a restore is over. */
export async function leftovers(name: string): Promise<string[]> {
  return (await containerNames()).filter((other) => other.startsWith(`${name}-bosun-`));
}

/**
 * A `--rm` container (run with `-e KEEP=me` and `precious` in `/data/file`) recreated as it was:
 * under its name, running its old image, still `--rm`, with its env and data. Removes it after.
 */
export async function expectRecreatedRm(name: string, stale: { ref: string; rev1: string }): Promise<void> {
  const after = await inspect(name);
  expect(after.State.Running).toBe(true);
  expect(after.Image).toBe(stale.rev1);
  // Recreated from its old image by ID (the tag points at the new one), it still follows its tag.
  expect(followedImage(after.Config.Image, after.Config.Labels ?? {})).toBe(stale.ref);
  expect(after.HostConfig.AutoRemove).toBe(true);
  expect(after.Config.Env).toContain("KEEP=me");
  expect(await docker(["exec", name, "cat", "/data/file"])).toBe("precious");
  expect(await leftovers(name)).toEqual([]);
  await docker(["rm", "-f", "-v", name]);
}
