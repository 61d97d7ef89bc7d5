/**
 * A session checks from the container list and inspects containers only when it has to
 * (update/check-from-list.ts): against the real daemon and registry, through the recording Docker
 * API proxy, which tells which containers Bosun inspected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerFaultProxy } from "../support/docker-fault-proxy.ts";
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
  uniqueName,
} from "./harness.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

const DEPENDS_ON = "com.centurylinklabs.watchtower.depends-on";
let proxy: DockerFaultProxy;

beforeAll(async () => {
  proxy = await startDaemonProxy("list");
});

afterAll(async () => {
  await proxy.close();
  await removeTestContainers();
});

/** A `--run-once` session over `names` through the proxy: its porcelain states, checks and inspects. */
async function session(names: readonly string[], ids: readonly string[]) {
  const first = proxy.requests.length;
  const result = await runBosun(
    ["--run-once", "--porcelain", "v1", "--log-format", "json", "--log-level", "debug", ...names],
    { env: { DOCKER_HOST: proxy.host } },
  );
  expect(result.code, result.stderr).toBe(0);
  const inspected = new Set(
    proxy.requests
      .slice(first)
      .filter((request) => request.method === "GET")
      .map((request) => /^\/containers\/([0-9a-f]{64})\/json$/.exec(request.path)?.[1])
      .filter((id) => id !== undefined && ids.includes(id)),
  );
  const checked = jsonLines(result.stderr)
    .filter((line) => line.event === "container-checked")
    .map((line) => String(line.container))
    .sort();
  return { states: porcelainLines(result.stdout), checked, inspected, stderr: result.stderr };
}

describe("bosun --run-once: checks from the container list", () => {
  it("inspects no container when every one is fresh, and checks each once", async () => {
    const fresh = await publish(uniqueName("fromlist"), 1);
    const [a, b, web] = [uniqueName("fl-a"), uniqueName("fl-b"), uniqueName("fl-web")];
    const ids = [
      await runContainer(a, fresh.ref, [], SLEEP),
      await runContainer(b, fresh.ref, [], SLEEP),
      await runContainer(web, fresh.ref, ["--label", `${DEPENDS_ON}=${a}`], SLEEP),
    ];

    const result = await session([a, b, web], ids);
    for (const name of [a, b, web]) expect(result.states.get(`/${name}`), result.stderr).toBe("Fresh");
    expect(result.checked).toEqual([`/${a}`, `/${b}`, `/${web}`].sort());
    expect([...result.inspected]).toEqual([]);
  });

  it("goes the whole way once a container is stale: inspects, updates it, checks each once", async () => {
    const stale = await staleRepo(uniqueName("fromlist-stale"));
    const fresh = await publish(uniqueName("fromlist-fresh"), 1);
    const [old, current] = [uniqueName("fl-old"), uniqueName("fl-current")];
    const ids = [
      await runContainer(old, stale.ref, [], SLEEP),
      await runContainer(current, fresh.ref, [], SLEEP),
    ];

    const result = await session([old, current], ids);
    expect(result.states.get(`/${old}`), result.stderr).toBe("Updated");
    expect(result.states.get(`/${current}`)).toBe("Fresh");
    expect((await inspect(old)).Image).toBe(stale.rev2);
    expect(result.checked).toEqual([`/${old}`, `/${current}`].sort());
    expect(result.inspected).toEqual(new Set(ids));
  });

  it("inspects a container the list names by image ID (its tag moved) and updates it", async () => {
    const stale = await staleRepo(uniqueName("fromlist-moved"));
    const name = uniqueName("fl-moved");
    const id = await runContainer(name, stale.ref, [], SLEEP);
    // Pulled outside Bosun: the tag names rev2, so the engine lists the container by rev1's ID.
    await docker(["tag", stale.rev2, stale.ref]);
    const listed = await docker(["ps", "--filter", `id=${id}`, "--format", "{{.Image}}"]);
    expect(stale.rev1).toContain(listed);

    const result = await session([name], [id]);
    expect(result.states.get(`/${name}`), result.stderr).toBe("Updated");
    expect((await inspect(name)).Image).toBe(stale.rev2);
    expect(result.inspected).toEqual(new Set([id]));
  });

  it("reports a fresh container Fresh even when its inspect would fail: it is not inspected", async () => {
    const fresh = await publish(uniqueName("fromlist-unread"), 1);
    const name = uniqueName("fl-unread");
    const id = await runContainer(name, fresh.ref, [], SLEEP);
    proxy.addRule({
      method: "GET",
      path: new RegExp(`^/containers/${id}/json$`),
      fail: { status: 500, message: "injected inspect failure" },
    });
    try {
      const result = await session([name], [id]);
      expect(result.states.get(`/${name}`), result.stderr).toBe("Fresh");
      expect(result.inspected).toEqual(new Set());
    } finally {
      proxy.clearRules();
    }
  });

  it("still reports a dependency cycle among fresh containers (it inspects them to say so)", async () => {
    const fresh = await publish(uniqueName("fromlist-cycle"), 1);
    const [one, two] = [uniqueName("fl-cy1"), uniqueName("fl-cy2")];
    const ids = [
      await runContainer(one, fresh.ref, ["--label", `${DEPENDS_ON}=${two}`], SLEEP),
      await runContainer(two, fresh.ref, ["--label", `${DEPENDS_ON}=${one}`], SLEEP),
    ];

    const result = await session([one, two], ids);
    for (const name of [one, two]) {
      expect(result.states.get(`/${name}`), result.stderr).toMatch(/^Skipped Error: circular dependency/);
    }
    expect(result.checked).toEqual([`/${one}`, `/${two}`].sort());
    expect(result.inspected).toEqual(new Set(ids));
  });
});
