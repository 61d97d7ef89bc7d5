/**
 * Several Docker hosts in one session: `bosun --run-once --host <main> --host <second>` against the
 * two private dockerds of the test environment and the one loopback registry.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  docker,
  jsonLines,
  markRegistryLog,
  publish,
  removeTestContainers,
  runBosun,
  runContainer,
  runProcess,
  SANDBOX_ID,
  secondDockerHost,
  TEST_LABEL,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { api, freePort, startBosun } from "./daemon-helpers.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

const second = (args: string[]) => docker(args, { host: secondDockerHost() });
const refsOnSecond = new Set<string>();

/** Runs a test container on the second daemon, with the sandbox label as on the main one. */
async function runOnSecond(name: string, image: string): Promise<void> {
  await runContainer(name, image, [], SLEEP, secondDockerHost());
}

/** Copies the main daemon's image of `ref` to the second one (no RepoDigest there: it was loaded). */
async function copyToSecond(ref: string): Promise<void> {
  const result = await runProcess("sh", ["-c", 'docker save "$REF" | DOCKER_HOST="$SECOND" docker load -q'], {
    env: { ...process.env, DOCKER_HOST: testEnv().dockerHost, SECOND: secondDockerHost(), REF: ref },
  });
  if (result.code !== 0) throw new Error(`copying ${ref} to the second daemon failed: ${result.stderr}`);
  refsOnSecond.add(ref);
}

/** The image ID a container runs, on `host`. */
async function imageOf(name: string, host: string): Promise<string> {
  return docker(["inspect", "--format", "{{.Image}}", name], { host });
}

/** `<host> /<name> (<image>): <State>...` lines of a fleet's porcelain output, by `<host> /<name>`. */
function fleetPorcelain(stdout: string): Map<string, string> {
  const lines = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const match = /^(\S+ \S+) \((.*?)\): (.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[3] !== undefined) lines.set(match[1], match[3]);
  }
  return lines;
}

afterAll(async () => {
  await removeTestContainers();
  const ids = await second(["ps", "-aq", "--filter", `label=${TEST_LABEL}=${SANDBOX_ID}`]);
  if (ids !== "") await second(["rm", "-f", "-v", ...ids.split("\n")]);
  if (refsOnSecond.size > 0) await second(["image", "rm", "-f", ...refsOnSecond]).catch(() => "");
});

describe("several Docker hosts in one session", () => {
  it("has a second private dockerd, apart from the main one, with the busybox base", async () => {
    const root = (host: string) => docker(["info", "--format", "{{.DockerRootDir}}"], { host });
    const mainRoot = await root(testEnv().dockerHost);
    const secondRoot = await root(secondDockerHost());
    expect(secondRoot.startsWith(testEnv().dir)).toBe(true);
    expect(secondRoot).not.toBe(mainRoot);
    expect(await second(["image", "inspect", "--format", "{{.Id}}", testEnv().baseImage])).toBe(
      await docker(["image", "inspect", "--format", "{{.Id}}", testEnv().baseImage]),
    );
  });

  it("updates the stale containers of both hosts with one manifest HEAD per image reference", async () => {
    const main = testEnv().dockerHost;
    const other = secondDockerHost();
    const stale = await staleRepo(uniqueName("fleet-stale"));
    await copyToSecond(stale.ref);
    const fresh = await publish(uniqueName("fleet-fresh"), 1);
    await second(["pull", "-q", fresh.ref]);
    refsOnSecond.add(fresh.ref);
    const names = { staleMain: uniqueName("fleet-a"), staleSecond: uniqueName("fleet-b") };
    const freshMain = uniqueName("fleet-c");
    const freshSecond = uniqueName("fleet-d");
    await runContainer(names.staleMain, stale.ref, [], SLEEP);
    await runContainer(freshMain, fresh.ref, [], SLEEP);
    await runOnSecond(names.staleSecond, stale.ref);
    await runOnSecond(freshSecond, fresh.ref);
    expect(await imageOf(names.staleSecond, other)).toBe(stale.rev1);

    const mark = markRegistryLog();
    const run = await runBosun([
      "--run-once",
      "--porcelain",
      "v1",
      "--host",
      main,
      "--host",
      other,
      names.staleMain,
      names.staleSecond,
      freshMain,
      freshSecond,
    ]);
    expect(run.code, run.stderr).toBe(0);

    expect(await imageOf(names.staleMain, main)).toBe(stale.rev2);
    expect(await imageOf(names.staleSecond, other)).toBe(stale.rev2);
    const lines = fleetPorcelain(run.stdout);
    expect(Object.fromEntries(lines)).toEqual({
      [`${main} /${names.staleMain}`]: "Updated",
      [`${other} /${names.staleSecond}`]: "Updated",
      [`${main} /${freshMain}`]: "Fresh",
      [`${other} /${freshSecond}`]: "Fresh",
    });

    // The registry flushes its access log asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const heads = mark
      .since()
      .filter(
        (r) => r.method === "HEAD" && r.path.includes("/manifests/") && r.userAgent.startsWith("bosun/"),
      );
    const path = (ref: string) =>
      `/v2/${ref.slice(ref.indexOf("/") + 1, ref.lastIndexOf(":"))}/manifests/latest`;
    expect(heads.map((r) => r.path).sort()).toEqual([path(stale.ref), path(fresh.ref)].sort());
  });

  it("a host that is down is Skipped and named; the other host is updated; exit code 4", async () => {
    const main = testEnv().dockerHost;
    const down = `unix://${testEnv().dir}/nothing-here.sock`;
    const stale = await staleRepo(uniqueName("fleet-down"));
    const name = uniqueName("fleet-e");
    await runContainer(name, stale.ref, [], SLEEP);

    const run = await runBosun([
      "--run-once",
      "--porcelain",
      "v1",
      "--log-format",
      "json",
      "--host",
      main,
      "--host",
      down,
      name,
    ]);
    expect(run.code, run.stderr).toBe(4);
    expect(await imageOf(name, main)).toBe(stale.rev2);
    const lines = fleetPorcelain(run.stdout);
    expect(lines.get(`${main} /${name}`)).toBe("Updated");
    expect(lines.get(`${down} *`)).toMatch(
      /^Skipped Error: Docker host failed: Cannot connect to the Docker daemon at /,
    );
    expect(lines.size).toBe(2);
    const failed = jsonLines(run.stderr).filter((line) => line.notice === "host-failed");
    expect(failed.map((line) => [line.level, line.host])).toEqual([["error", down]]);
    expect(String(failed[0]?.err)).toMatch(/^Cannot connect to the Docker daemon at /);
  });

  it("daemon: /v1/update runs one session over both hosts; metrics are per host", async () => {
    const main = testEnv().dockerHost;
    const other = secondDockerHost();
    const stale = await staleRepo(uniqueName("fleet-api"));
    await copyToSecond(stale.ref);
    const name = uniqueName("fleet-f");
    await runOnSecond(name, stale.ref);
    const token = "fleet-token";
    const port = await freePort();
    const bosun = startBosun([
      "--http-api-update",
      "--http-api-metrics",
      "--http-api-token",
      token,
      "--http-api-host",
      "127.0.0.1",
      "--http-api-port",
      String(port),
      "--host",
      main,
      "--host",
      other,
      name,
    ]);
    try {
      await bosun.waitForLog((line) => line.msg.startsWith("The HTTP API is enabled"));
      const response = await api(port, "/v1/update", { token, method: "POST" });
      expect(response.status, response.body).toBe(200);
      const body = response.json() as { containers: { name: string; host?: string; state: string }[] };
      expect(body.containers).toEqual([expect.objectContaining({ name, host: other, state: "Updated" })]);
      expect(await imageOf(name, other)).toBe(stale.rev2);
      const metrics = (await api(port, "/v1/metrics", { token })).body;
      expect(metrics).toContain(`watchtower_containers_updated{host="${other}"} 1`);
      expect(metrics).toContain(`watchtower_containers_updated{host="${main}"} 0`);
      expect(metrics).toContain(`bosun_docker_host_up{host="${main}"} 1`);
      expect(metrics).toContain(`bosun_docker_host_up{host="${other}"} 1`);
    } finally {
      expect(await bosun.stop()).toBe(0);
    }
  });
});
