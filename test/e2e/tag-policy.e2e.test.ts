/**
 * @module Tag policies against the real registry: a repository with several version tags, each
 * policy moving its container to the expected tag (config and anonymous volume preserved), the
 * digest rule keeping the tag, monitor-only naming the newer tag without touching anything, one
 * tags-list request per repository per session (from the registry's access log), and registries
 * that refuse listing (a loopback proxy answering 401/403/404 on /tags/list).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContainerReport } from "../../src/update/report-types.ts";
import {
  docker,
  imageExists,
  inspect,
  markRegistryLog,
  porcelainLines,
  publish,
  removeTestContainers,
  runBosun,
  runContainer,
  SANDBOX_ID,
  TEST_LABEL,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { e2eRegistry, removeImagesOf, removeTempDirs, startRegistryProxy } from "./registry-helpers.ts";
import { api, freePort, startBosun } from "./daemon-helpers.ts";
import { runSession, SLEEP } from "./update-helpers.ts";

const registry = e2eRegistry();
const repo = uniqueName("tags");
const ref = (tag: string) => `${testEnv().registry}/${repo}:${tag}`;
/** Image ID of each pushed tag (2.0.0 is pushed twice: `2.0.0-old` is its first image). */
const ids = new Map<string, string>();
const POLICY = "bosun.tag-policy";

async function push(tag: string, rev: string): Promise<string> {
  const { id } = await publish(repo, rev, { tag });
  ids.set(tag, id);
  return id;
}

/** Removes the local tag only, so a session has to pull it from the registry. */
async function untag(tag: string): Promise<void> {
  await docker(["image", "rm", ref(tag)]).catch(() => "");
}

const reportOf = (reports: readonly ContainerReport[], name: string) =>
  reports.find((r) => r.name === `/${name}`);

/** Requests for this repository's tag list logged since `mark`. */
async function tagListRequests(mark: ReturnType<typeof markRegistryLog>, repository = repo) {
  // The registry flushes its access log asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return mark.since().filter((r) => r.method === "GET" && r.path.startsWith(`/v2/${repository}/tags/list`));
}

beforeAll(async () => {
  for (const [tag, rev] of [
    ["1.2.3", "1.2.3"],
    ["1.2.4", "1.2.4"],
    ["1.3.0", "1.3.0"],
    ["1.2.3-alpine", "1.2.3a"],
    ["1.3.0-alpine", "1.3.0a"],
    ["1.4.0-rc1", "1.4.0rc1"],
    ["2.0.0", "2.0.0-old"],
    ["latest", "latest"],
  ] as const) {
    await push(tag, rev);
  }
  ids.set("2.0.0-old", ids.get("2.0.0") ?? "");
  for (const tag of ["1.2.4", "1.3.0", "1.3.0-alpine"]) await untag(tag);
}, 180_000);

afterAll(async () => {
  await removeTestContainers();
  // Every image of this file, built or pulled, carries its sandbox label.
  const own = await docker(["image", "ls", "-q", "--filter", `label=${TEST_LABEL}=${SANDBOX_ID}`]);
  if (own !== "") await docker(["image", "rm", "-f", ...new Set(own.split("\n"))]).catch(() => "");
  await registry.close();
  removeTempDirs();
});

describe("monitor-only", () => {
  it("reports Stale with the newer tag and leaves the container and the images alone", async () => {
    const name = uniqueName("tp-monitor");
    await runContainer(name, ref("1.2.3"), ["--label", `${POLICY}=semver:minor`], SLEEP);
    const old = await inspect(name);
    const { report, lines } = await runSession({ names: [name], monitorOnly: true }, { registry });
    expect(lines.get(`/${name}`)).toBe("Stale");
    expect(reportOf(report.containers, name)).toMatchObject({
      state: "Stale",
      currentTag: "1.2.3",
      latestTag: "1.3.0",
      latestImageId: old.Image,
    });
    const now = await inspect(name);
    expect([now.Id, now.Config.Image, now.State.StartedAt]).toEqual([
      old.Id,
      old.Config.Image,
      old.State.StartedAt,
    ]);
    expect(await imageExists(ref("1.3.0"))).toBe(false);
  });
});

describe("tag policies in one session", () => {
  const names = {
    patch: uniqueName("tp-patch"),
    minor: uniqueName("tp-minor"),
    major: uniqueName("tp-major"),
    excluded: uniqueName("tp-excl"),
    alpine: uniqueName("tp-alpine"),
    none: uniqueName("tp-none"),
    top: uniqueName("tp-top"),
    rc: uniqueName("tp-rc"),
  };
  let reports: ContainerReport[];
  let before: Map<string, Awaited<ReturnType<typeof inspect>>>;
  let listRequests: number;

  beforeAll(async () => {
    const keep = ["-e", "KEEP=me", "--label", "tp.keep=yes", "-v", "/data"];
    await runContainer(names.patch, ref("1.2.3"), ["--label", `${POLICY}=semver:patch`, ...keep], SLEEP);
    await runContainer(names.minor, ref("1.2.3"), ["--label", `${POLICY}=semver:minor`, ...keep], SLEEP);
    await runContainer(names.major, ref("1.2.3"), ["--label", `${POLICY}=semver:major`], SLEEP);
    await runContainer(
      names.excluded,
      ref("1.2.3"),
      ["--label", `${POLICY}=semver:major`, "--label", "bosun.tag-exclude=^2\\."],
      SLEEP,
    );
    await runContainer(names.alpine, ref("1.2.3-alpine"), ["--label", `${POLICY}=semver:major`], SLEEP);
    await runContainer(names.none, ref("1.2.3"), [], SLEEP);
    await runContainer(names.top, ref("2.0.0"), ["--label", `${POLICY}=semver:major`], SLEEP);
    await runContainer(names.rc, ref("1.2.4"), ["--label", `${POLICY}=semver:minor`], SLEEP);
    // 2.0.0 gets a new image: the top container has no higher version, so its digest rule applies.
    await push("2.0.0", "2.0.0-new");
    await untag("2.0.0");
    before = new Map(
      await Promise.all(Object.values(names).map(async (n) => [n, await inspect(n)] as const)),
    );
    const mark = markRegistryLog();
    ({
      report: { containers: reports },
    } = await runSession({ names: Object.values(names) }, { registry }));
    listRequests = (await tagListRequests(mark)).length;
  }, 240_000);

  it.each([
    ["patch", "1.2.4"],
    ["minor", "1.3.0"],
    ["major", "2.0.0"],
    ["excluded", "1.3.0"],
    ["alpine", "1.3.0-alpine"],
  ] as const)("semver %s moves to %s: Updated, running the new tag with its config", async (key, tag) => {
    const name = names[key];
    const old = before.get(name);
    const current = old?.Config.Image.split(":").pop();
    expect(reportOf(reports, name)).toMatchObject({ state: "Updated", currentTag: current, latestTag: tag });
    const now = await inspect(name);
    expect(now.Id).not.toBe(old?.Id);
    expect(now.Config.Image).toBe(ref(tag));
    expect(now.Image).toBe(ids.get(tag));
    expect(now.State.Running).toBe(true);
    expect(now.Config.Labels?.[POLICY]).toBe(old?.Config.Labels?.[POLICY]);
    if (key === "patch" || key === "minor") {
      expect(now.Config.Env).toContain("KEEP=me");
      expect(now.Config.Labels?.["tp.keep"]).toBe("yes");
      const volume = (c: typeof now) => c.Mounts.find((m) => m.Destination === "/data")?.Name;
      expect(volume(now)).toBe(old === undefined ? "" : volume(old));
    }
  });

  it("without a policy the tag is kept (Fresh)", async () => {
    expect(reportOf(reports, names.none)).toMatchObject({
      state: "Fresh",
      currentTag: "1.2.3",
      latestTag: "1.2.3",
    });
    expect((await inspect(names.none)).Id).toBe(before.get(names.none)?.Id);
  });

  it("with no higher version the digest check of the current tag still runs", async () => {
    expect(reportOf(reports, names.top)).toMatchObject({
      state: "Updated",
      currentTag: "2.0.0",
      latestTag: "2.0.0",
    });
    const now = await inspect(names.top);
    expect(now.Config.Image).toBe(ref("2.0.0"));
    expect(now.Image).toBe(ids.get("2.0.0"));
    expect(now.Image).not.toBe(ids.get("2.0.0-old"));
  });

  it("a release never moves to a pre-release", () => {
    expect(reportOf(reports, names.rc)).toMatchObject({ currentTag: "1.2.4", latestTag: "1.3.0" });
  });

  it("lists the repository's tags exactly once for the whole session", () => {
    expect(listRequests).toBe(1);
  });
});

describe("the HTTP API's JSON", () => {
  it("names the current and the newer tag of a monitor-only container", async () => {
    const name = uniqueName("tp-api");
    const scope = uniqueName("tp-scope");
    const token = "tag-policy-api-token";
    await runContainer(
      name,
      ref("1.2.3"),
      ["--label", `${POLICY}=semver:minor`, "--label", `com.centurylinklabs.watchtower.scope=${scope}`],
      SLEEP,
    );
    const port = await freePort();
    const bosun = startBosun([
      ...["--scope", scope, "--monitor-only", "--http-api-update", "--http-api-token", token],
      ...["--http-api-host", "127.0.0.1", "--http-api-port", String(port), name],
    ]);
    try {
      await bosun.waitForLog((line) => line.msg.startsWith("The HTTP API is enabled"));
      const response = await api(port, "/v1/update", { token });
      expect(response.status, response.body).toBe(200);
      const body = response.json() as { containers: Record<string, unknown>[] };
      expect(body.containers).toEqual([
        expect.objectContaining({ name, state: "Stale", currentTag: "1.2.3", latestTag: "1.3.0" }),
      ]);
    } finally {
      await bosun.stop("SIGKILL");
    }
  });
});

describe("--tag-policy (BOSUN_TAG_POLICY) through the CLI", () => {
  it("is the default of containers without the label; the label still wins", async () => {
    const byDefault = uniqueName("tp-cli");
    const byLabel = uniqueName("tp-cli-label");
    await runContainer(byDefault, ref("1.2.3"), [], SLEEP);
    await runContainer(byLabel, ref("1.2.3"), ["--label", `${POLICY}=digest`], SLEEP);
    const result = await runBosun(["--run-once", "--porcelain", "v1", byDefault, byLabel], {
      env: { BOSUN_TAG_POLICY: "semver:patch" },
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = porcelainLines(result.stdout);
    expect(lines.get(`/${byDefault}`)).toBe("Updated");
    expect(lines.get(`/${byLabel}`)).toBe("Fresh");
    expect((await inspect(byDefault)).Config.Image).toBe(ref("1.2.4"));
    expect((await inspect(byLabel)).Config.Image).toBe(ref("1.2.3"));
  });
});

describe("notifications", () => {
  it("a log-line notification names the newer tag in a sentence", async () => {
    const name = uniqueName("tp-notify");
    await runContainer(name, ref("1.2.3"), ["--label", `${POLICY}=semver:minor`], SLEEP);
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `generic+http://127.0.0.1:${String((server.address() as AddressInfo).port)}/tags`;
      const result = await runBosun([
        ...["--run-once", "--monitor-only", "--no-startup-message", "--notification-url", url, name],
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toContain(`Found newer tag 1.3.0 for ${ref("1.2.3")} (/${name})`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("registries that refuse listing", () => {
  it.each([401, 403, 404])(
    "a %i on /tags/list skips that container with the reason; the others proceed",
    async (status) => {
      const proxy = await startRegistryProxy(testEnv().registry, {
        intercept(req, res) {
          if (!/^\/v2\/.+\/tags\/list/.test(req.url ?? "")) return false;
          res.writeHead(status, { "content-type": "application/json" }).end('{"errors":[]}');
          return true;
        },
      });
      try {
        const refused = uniqueName("tp-refused");
        const other = uniqueName("tp-other");
        const viaProxy = `${proxy.host}/${repo}:1.2.3`;
        await docker(["tag", ref("1.2.3"), viaProxy]);
        await runContainer(refused, viaProxy, ["--label", `${POLICY}=semver:minor`], SLEEP);
        await runContainer(other, ref("1.2.3"), ["--label", `${POLICY}=semver:patch`], SLEEP);
        const { report, lines } = await runSession({ names: [refused, other] }, { registry });
        const reason =
          status === 404
            ? `${proxy.host} has no tag list for ${repo} (404)`
            : `${proxy.host} does not allow listing the tags of ${repo} (${status})`;
        expect(reportOf(report.containers, refused)).toMatchObject({
          state: "Skipped",
          error: `the tags of ${viaProxy} could not be listed: ${reason}`,
        });
        expect(lines.get(`/${refused}`)).toBe(
          `Skipped Error: the tags of ${viaProxy} could not be listed: ${reason}`,
        );
        expect(reportOf(report.containers, other)).toMatchObject({ state: "Updated", latestTag: "1.2.4" });
        expect((await inspect(refused)).Config.Image).toBe(viaProxy);
      } finally {
        await removeTestContainers();
        await removeImagesOf(proxy.host);
        await proxy.stop();
      }
    },
  );
});
