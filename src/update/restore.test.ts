import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { DockerApiError, NotFoundError } from "../docker/errors.ts";
import type { ContainerInspect, DockerClient } from "../docker/types.ts";
import type { Clock } from "../util/clock.ts";
import { restoreOriginal, type RestoreTarget } from "./restore.ts";

interface FakeContainer {
  name: string;
  running: boolean;
  autoRemove?: boolean;
}

const ORIGINAL = "a".repeat(64);
const REPLACEMENT = "b".repeat(64);
const noSleep: Clock = { now: () => 0, sleep: () => Promise.resolve() };

/** An in-memory daemon: just the calls a restore makes; `failures` fails the next calls of a method. */
function fakeDaemon(containers: Record<string, FakeContainer>, failures: Record<string, number> = {}) {
  const calls: string[] = [];
  let created = 0;
  const find = (ref: string) => {
    const id = ref in containers ? ref : Object.keys(containers).find((key) => containers[key]?.name === ref);
    const container = id === undefined ? undefined : containers[id];
    if (id === undefined || container === undefined) throw new NotFoundError("GET", ref, "no such container");
    return { id, container };
  };
  const act = (method: string, ref: string, effect: (container: FakeContainer, id: string) => void) => {
    calls.push(`${method} ${ref.slice(0, 1)}`);
    if ((failures[method] ?? 0) > 0) {
      failures[method] = (failures[method] ?? 0) - 1;
      return Promise.reject(new DockerApiError(500, "POST", method, "injected"));
    }
    const { id, container } = find(ref);
    effect(container, id);
    return Promise.resolve();
  };
  const docker = {
    inspectContainer: async (ref: string) => {
      await Promise.resolve();
      const { id, container } = find(ref);
      return {
        Id: id,
        Name: `/${container.name}`,
        State: { Running: container.running, Status: container.running ? "running" : "exited" },
        HostConfig: { AutoRemove: container.autoRemove === true },
        Config: { Labels: {} },
      } as unknown as ContainerInspect;
    },
    startContainer: (id: string) => act("start", id, (c) => (c.running = true)),
    stopContainer: (id: string) => act("stop", id, (c) => (c.running = false)),
    renameContainer: (id: string, name: string) => act("rename", id, (c) => (c.name = name)),
    removeContainer: (id: string) =>
      act("remove", id, (_c, found) => {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        delete containers[found];
      }),
    createContainer: (name: string) => {
      calls.push(`create ${name}`);
      const id = String(++created).repeat(64);
      containers[id] = { name, running: false };
      return Promise.resolve(id);
    },
    connectNetwork: () => Promise.resolve(),
    waitContainer: () => Promise.resolve(0),
  };
  return { docker: docker as unknown as DockerClient, calls, containers };
}

const TARGET: RestoreTarget = {
  originalId: ORIGINAL,
  name: "web",
  wasRunning: true,
  replacements: [REPLACEMENT],
  mayBeStopping: true,
  self: false,
  stopTimeoutSeconds: 10,
};

const ASIDE = `web-bosun-old-r-${"a".repeat(12)}`;

describe("restoreOriginal", () => {
  it.each<[string, Record<string, FakeContainer>, Record<string, number>, string[]]>([
    [
      "a stopped original under its aside name: started, then renamed back, then the replacement goes",
      { [ORIGINAL]: { name: ASIDE, running: false }, [REPLACEMENT]: { name: "web", running: false } },
      {},
      ["start a", "rename b", "rename a", "remove b"],
    ],
    [
      "still running while a stop may be in flight: stopped first, so it cannot exit after the restore",
      { [ORIGINAL]: { name: ASIDE, running: true } },
      {},
      ["stop a", "start a", "rename a"],
    ],
    [
      "start refused twice by the daemon: retried until it runs",
      { [ORIGINAL]: { name: ASIDE, running: false } },
      { start: 2 },
      ["start a", "start a", "start a", "rename a"],
    ],
    [
      "untouched original (the swap failed before the rename): only the replacement goes",
      {
        [ORIGINAL]: { name: "web", running: true },
        [REPLACEMENT]: { name: "web-bosun-new-x", running: false },
      },
      {},
      ["remove b"],
    ],
  ])("%s", async (_title, containers, failures, expected) => {
    const daemon = fakeDaemon(containers, failures);
    const result = await restoreOriginal(
      { docker: daemon.docker, log: pino({ level: "silent" }), clock: noSleep },
      TARGET,
    );
    expect(result.restored).toBe(true);
    expect(daemon.calls).toEqual(expected);
    expect(daemon.containers[ORIGINAL]).toEqual({ name: "web", running: true });
    expect(daemon.containers[REPLACEMENT]).toBeUndefined();
  });

  it("gives up within its bound and says where the container is; the record (aside name) stays", async () => {
    const daemon = fakeDaemon({ [ORIGINAL]: { name: ASIDE, running: false } }, { start: 100 });
    const result = await restoreOriginal(
      { docker: daemon.docker, log: pino({ level: "silent" }), clock: noSleep },
      { ...TARGET, replacements: [] },
    );
    expect(result).toMatchObject({ restored: false, state: `exited under the name ${ASIDE}` });
    expect(daemon.calls.filter((call) => call === "start a").length).toBeLessThanOrEqual(7);
  });

  it("a --rm original Docker removed is recreated from its record under its name, and started", async () => {
    const daemon = fakeDaemon({ [REPLACEMENT]: { name: "web", running: false } });
    const plan = { body: { Image: "sha256:old", HostConfig: { AutoRemove: true } }, connectAfter: [] };
    const result = await restoreOriginal(
      { docker: daemon.docker, log: pino({ level: "silent" }), clock: noSleep },
      { ...TARGET, originalPlan: plan },
    );
    expect(result.restored).toBe(true);
    expect(daemon.calls).toEqual(["rename b", "create web", `start 1`, "remove b"]);
    expect(daemon.containers[result.id]).toEqual({ name: "web", running: true });
  });

  it("a --rm original gone without a record of its configuration is not retried", async () => {
    const daemon = fakeDaemon({});
    const result = await restoreOriginal(
      { docker: daemon.docker, log: pino({ level: "silent" }), clock: noSleep },
      { ...TARGET, replacements: [] },
    );
    expect(result).toMatchObject({ restored: false, state: "no longer exists" });
    expect(daemon.calls).toEqual([]);
  });
});
