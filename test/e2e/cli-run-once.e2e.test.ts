/**
 * The first real update through the command line: `bosun --run-once --porcelain v1 <name>` against
 * the real daemon and registry, then a second run that finds nothing to do.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  docker,
  inspect,
  jsonLines,
  markRegistryLog,
  porcelainLines,
  removeTestContainers,
  runBosun,
  runContainer,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

afterAll(removeTestContainers);

describe("bosun --run-once", () => {
  it("updates a stale container, keeps its settings, then reports Fresh without pulling", async () => {
    const repo = uniqueName("cli");
    const name = uniqueName("cli");
    const stale = await staleRepo(repo);
    await runContainer(name, stale.ref, ["-e", "MINE=kept", "--label", "x.mine=yes"], SLEEP);
    const before = await inspect(name);

    const first = await runBosun(["--run-once", "--porcelain", "v1", name]);
    expect(first.code, first.stderr).toBe(0);
    const image = `${testEnv().registry}/${repo}:latest`;
    expect(porcelainLines(first.stdout).get(`/${name}`)).toBe("Updated");
    expect(first.stdout).toContain(`/${name} (${image}): Updated`);
    const after = await inspect(name);
    expect(after.Id).not.toBe(before.Id);
    expect(after.Image).toBe(stale.rev2);
    expect(after.State.Running).toBe(true);
    expect(after.Config.Env).toContain("MINE=kept");
    expect(after.Config.Labels?.["x.mine"]).toBe("yes");
    expect(after.Config.Cmd).toEqual(SLEEP);

    const mark = markRegistryLog();
    const second = await runBosun(["--run-once", "--porcelain", "v1", name]);
    expect(second.code, second.stderr).toBe(0);
    expect(porcelainLines(second.stdout).get(`/${name}`)).toBe("Fresh");
    expect((await inspect(name)).Id).toBe(after.Id);
    // Up to date: a manifest HEAD answers, no blob is downloaded.
    const requests = mark.since().filter((request) => request.path.includes(`/${repo}/`));
    expect(requests.some((request) => request.method === "HEAD")).toBe(true);
    expect(requests.filter((request) => request.path.includes("/blobs/"))).toEqual([]);
  });

  it("exits non-zero before touching containers on a bad flag, naming it", async () => {
    const name = uniqueName("cli");
    const stale = await staleRepo(uniqueName("cli"));
    await runContainer(name, stale.ref, [], SLEEP);
    const before = await inspect(name);
    const result = await runBosun(["--run-once", "--stop-timeout", "soon", name]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("stop-timeout");
    expect((await inspect(name)).Id).toBe(before.Id);
    await docker(["rm", "-f", name]);
  });

  // R8: a session that could not run is a failure for cron and CI, logged once.
  it("exits 1 when the session cannot run (API version refused), logging the cause once", async () => {
    const result = await runBosun(["--run-once", "--log-format", "json", "--api-version", "1.99", "nothing"]);
    expect(result.code, result.stderr).toBe(1);
    const failed = jsonLines(result.stderr).filter((line) => line.msg === "Update session failed");
    expect(failed).toHaveLength(1);
    expect(String(failed[0]?.err)).toContain("1.99");
  });

  it("exits 1 when the daemon is unreachable", async () => {
    const result = await runBosun(["--run-once", "--log-format", "json", "nothing"], {
      env: { DOCKER_HOST: `unix://${testEnv().dir}/no-such-docker.sock` },
    });
    expect(result.code, result.stderr).toBe(1);
    expect(jsonLines(result.stderr).filter((line) => line.level === 50)).toHaveLength(1);
  });
});
