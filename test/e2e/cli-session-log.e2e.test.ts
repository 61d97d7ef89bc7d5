/**
 * What a session says about each container through the command line: label values it cannot parse
 * (R7) and why a container was skipped (R9), against the real daemon and registry.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { DockerFaultProxy } from "../support/docker-fault-proxy.ts";
import { freePort } from "./daemon-helpers.ts";
import {
  docker,
  inspect,
  jsonLines,
  porcelainLines,
  publish,
  removeTestContainers,
  runBosun,
  runContainer,
  startDaemonProxy,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

afterAll(removeTestContainers);

const WT = "com.centurylinklabs.watchtower";
const labelWarnings = (stderr: string) =>
  jsonLines(stderr).filter((line) => line.notice === "labels-unparseable");

describe("bosun --run-once: label values it cannot parse", () => {
  it("keeps Watchtower's reading and warns once per container, naming label, value and reading", async () => {
    const stale = await staleRepo(uniqueName("lbl"));
    const twoBad = uniqueName("lbl-two");
    const maybe = uniqueName("lbl-maybe");
    const timeout = uniqueName("lbl-timeout");
    const good = uniqueName("lbl-good");
    await runContainer(
      twoBad,
      stale.ref,
      ["--label", `${WT}.monitor-only=yes`, "--label", `${WT}.no-pull=nope`],
      SLEEP,
    );
    await runContainer(maybe, stale.ref, ["--label", `${WT}.enable=maybe`], SLEEP);
    await runContainer(timeout, stale.ref, ["--label", `${WT}.lifecycle.pre-update-timeout=abc`], SLEEP);
    await runContainer(good, stale.ref, ["--label", `${WT}.monitor-only=false`], SLEEP);

    const args = ["--run-once", "--porcelain", "v1", "--log-format", "json", "--enable-lifecycle-hooks"];
    const result = await runBosun([...args, twoBad, maybe, timeout, good]);
    expect(result.code, result.stderr).toBe(0);
    const lines = porcelainLines(result.stdout);
    // Watchtower's reading: `yes` is not a boolean, so the flag (false) applies and it is updated.
    for (const name of [twoBad, maybe, timeout, good]) expect(lines.get(`/${name}`)).toBe("Updated");
    expect((await inspect(twoBad)).Config.Labels?.[`${WT}.monitor-only`]).toBe("yes");

    const warnings = labelWarnings(result.stderr);
    const byContainer = new Map(warnings.map((line) => [line.container, String(line.labels)]));
    expect(warnings).toHaveLength(3);
    expect(byContainer.size).toBe(3);
    expect(byContainer.get(`/${twoBad}`)).toContain(`${WT}.monitor-only="yes": not a boolean`);
    expect(byContainer.get(`/${twoBad}`)).toContain("--monitor-only (false) applies");
    expect(byContainer.get(`/${twoBad}`)).toContain(`${WT}.no-pull="nope": not a boolean`);
    expect(byContainer.get(`/${maybe}`)).toContain(`${WT}.enable="maybe"`);
    expect(byContainer.get(`/${maybe}`)).toContain("the container is included");
    expect(byContainer.get(`/${timeout}`)).toContain(`${WT}.lifecycle.pre-update-timeout="abc"`);
    expect(byContainer.get(`/${timeout}`)).toContain("read as 1 minute");
    expect(byContainer.has(`/${good}`)).toBe(false);
  });

  it("warns about a container that --label-enable leaves out only because of its bad enable value", async () => {
    const stale = await staleRepo(uniqueName("lbl"));
    const name = uniqueName("lbl-maybe");
    await runContainer(name, stale.ref, ["--label", `${WT}.enable=maybe`], SLEEP);
    const before = await inspect(name);
    const result = await runBosun(["--run-once", "--log-format", "json", "--label-enable", name]);
    expect(result.code, result.stderr).toBe(0);
    const warnings = labelWarnings(result.stderr);
    expect(warnings.map((line) => line.container)).toEqual([`/${name}`]);
    expect(String(warnings[0]?.labels)).toContain("excluded (--label-enable)");
    expect((await inspect(name)).Id).toBe(before.Id);
  });
});

/** Deletes `repo:latest` from the test registry (its manifest, by digest), so pulls of it fail. */
async function deleteTag(repo: string): Promise<void> {
  const base = `http://${testEnv().registry}/v2/${repo}/manifests`;
  const head = await fetch(`${base}/latest`, {
    method: "HEAD",
    headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json" },
  });
  const digest = head.headers.get("docker-content-digest");
  if (digest === null) throw new Error(`no digest for ${repo}:latest (HTTP ${String(head.status)})`);
  const deleted = await fetch(`${base}/${digest}`, { method: "DELETE" });
  if (deleted.status !== 202) throw new Error(`DELETE ${digest} answered ${String(deleted.status)}`);
}

const SKIP_LINE = "Unable to update container";
/** The lines of the session's checks (at `--log-level info` a fresh container has none). */
const checkedLines = (stderr: string) =>
  jsonLines(stderr).filter((line) => line.event === "container-checked");

describe("bosun --run-once: why a container is skipped", () => {
  it("logs the cause of every skip at info: a tag deleted from the registry, a registry that is down", async () => {
    const deletedRepo = uniqueName("gone");
    const deleted = uniqueName("skip-gone");
    const stale = await staleRepo(deletedRepo);
    await runContainer(deleted, stale.ref, [], SLEEP);
    await deleteTag(deletedRepo);

    const down = uniqueName("skip-down");
    const port = await freePort();
    const downRef = `127.0.0.1:${String(port)}/${uniqueName("down")}:latest`;
    await docker(["tag", stale.rev1, downRef]);
    await runContainer(down, downRef, [], SLEEP);

    const result = await runBosun(["--run-once", "--porcelain", "v1", "--log-format", "json", deleted, down]);
    expect(result.code, result.stderr).toBe(0);
    const lines = porcelainLines(result.stdout);
    expect(lines.get(`/${deleted}`)).toMatch(/^Skipped Error: pull of .* failed/);
    expect(lines.get(`/${down}`)).toMatch(/^Skipped Error: pull of .* failed/);

    // Watchtower's line for each skip, at info, with the cause.
    const skips = checkedLines(result.stderr);
    expect(skips.map((line) => [line.container, line.level, line.msg]).sort()).toEqual(
      [
        [`/${deleted}`, "info", SKIP_LINE],
        [`/${down}`, "info", SKIP_LINE],
      ].sort(),
    );
    for (const line of skips) expect(String(line.err)).toMatch(/^pull of .* failed: ./);
    await docker(["rmi", downRef]);
  });
});

describe("bosun --run-once: a container whose inspect fails", () => {
  let proxy: DockerFaultProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
  });

  it("is reported Skipped with the cause and logged, never dropped", async () => {
    proxy = await startDaemonProxy("skip");
    const stale = await staleRepo(uniqueName("unread"));
    const name = uniqueName("unread");
    const id = await runContainer(name, stale.ref, [], SLEEP);
    proxy.addRule({
      method: "GET",
      path: new RegExp(`^/containers/${id}/json$`),
      fail: { status: 500, message: "injected inspect failure" },
    });
    const result = await runBosun(["--run-once", "--porcelain", "v1", "--log-format", "json", name], {
      env: { DOCKER_HOST: proxy.host },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(porcelainLines(result.stdout).get(`/${name}`)).toMatch(
      /^Skipped Error: the container could not be inspected: .*injected inspect failure/,
    );
    const skips = checkedLines(result.stderr);
    expect(skips.map((line) => [line.container, line.level, line.msg])).toEqual([
      [`/${name}`, "info", SKIP_LINE],
    ]);
    expect(String(skips[0]?.err)).toContain("injected inspect failure");
    expect((await inspect(name)).Id).toBe(id);
  });

  it("is reported Skipped also when Bosun updated it before (it carries swap records)", async () => {
    proxy ??= await startDaemonProxy("skip");
    proxy.clearRules();
    const repo = uniqueName("unread2");
    const stale = await staleRepo(repo);
    const name = uniqueName("unread2");
    await runContainer(name, stale.ref, [], SLEEP);
    const first = await runBosun(["--run-once", "--porcelain", "v1", name]);
    expect(porcelainLines(first.stdout).get(`/${name}`), first.stderr).toBe("Updated");
    const id = (await inspect(name)).Id;
    // Stale again (rev3 in the registry, the local tag back on rev2): a session inspects only when
    // it has something to swap; a fresh one reports from the list (session-from-list.e2e.test.ts).
    await publish(repo, 3);
    await docker(["tag", stale.rev2, stale.ref]);
    proxy.addRule({
      method: "GET",
      path: new RegExp(`^/containers/${id}/json$`),
      fail: { status: 500, message: "injected inspect failure" },
    });
    const result = await runBosun(["--run-once", "--porcelain", "v1", name], {
      env: { DOCKER_HOST: proxy.host },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(porcelainLines(result.stdout).get(`/${name}`)).toMatch(
      /^Skipped Error: the container could not be inspected: .*injected inspect failure/,
    );
  });
});
