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
  publish,
  removeTestContainers,
  runBosun,
  runContainer,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { composeLabels, SLEEP, staleRepo } from "./update-helpers.ts";

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

  it.each([
    ["followed (default)", [], true],
    ["not followed (--use-compose-depends-on=false)", ["--use-compose-depends-on=false"], false],
  ])(
    "--rolling-restart updates a compose stack with depends_on, %s (decision 17)",
    async (_, extra, restartsWeb) => {
      const stale = await staleRepo(uniqueName("cmp"));
      const project = uniqueName("proj");
      const db = uniqueName("db");
      const web = uniqueName("web");
      await runContainer(db, stale.ref, composeLabels(project, "db"), SLEEP);
      await runContainer(
        web,
        (await publish(uniqueName("cmpweb"), 1)).ref,
        composeLabels(project, "web", "db:service_started:false"),
        SLEEP,
      );
      const webBefore = await inspect(web);

      const result = await runBosun([
        "--run-once",
        "--rolling-restart",
        "--porcelain",
        "v1",
        ...extra,
        db,
        web,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const lines = porcelainLines(result.stdout);
      expect(lines.get(`/${db}`)).toBe("Updated");
      // A restarted dependent is Fresh in Watchtower's porcelain (decision 18).
      expect(lines.get(`/${web}`)).toBe("Fresh");
      expect((await inspect(db)).Image).toBe(stale.rev2);
      const webAfter = await inspect(web);
      expect(webAfter.Id !== webBefore.Id).toBe(restartsWeb);
      expect(webAfter.State.Running).toBe(true);
    },
  );

  it("a CA bundle that cannot be loaded is a warning, and fatal only with --registry-ca-validate", async () => {
    const name = uniqueName("cli");
    const stale = await staleRepo(uniqueName("cli"));
    await runContainer(name, stale.ref, [], SLEEP);
    const before = await inspect(name);
    const missing = `${testEnv().dir}/no-such-ca.pem`;

    const strict = await runBosun(["--run-once", "--log-format", "logfmt", name], {
      env: { WATCHTOWER_REGISTRY_CA: missing, WATCHTOWER_REGISTRY_CA_VALIDATE: "true" },
    });
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain("does not exist");
    expect((await inspect(name)).Id).toBe(before.Id);

    const lenient = await runBosun(["--run-once", "--porcelain", "v1", "--log-format", "logfmt", name], {
      env: { WATCHTOWER_REGISTRY_CA: missing },
    });
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stderr).toMatch(
      /level=warning msg="Registry CA bundle not loaded; registry requests trust the system roots only"/,
    );
    expect(porcelainLines(lenient.stdout).get(`/${name}`)).toBe("Updated");
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
    const failed = jsonLines(result.stderr).filter((line) => line.notice === "session-failed");
    expect(failed).toHaveLength(1);
    expect(String(failed[0]?.err)).toContain("1.99");
  });

  it("exits 1 when the daemon is unreachable", async () => {
    const result = await runBosun(["--run-once", "--log-format", "json", "nothing"], {
      env: { DOCKER_HOST: `unix://${testEnv().dir}/no-such-docker.sock` },
    });
    expect(result.code, result.stderr).toBe(1);
    expect(jsonLines(result.stderr).filter((line) => line.level === "error")).toHaveLength(1);
  });
});
