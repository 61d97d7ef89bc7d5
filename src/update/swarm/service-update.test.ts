import pino from "pino";
import { describe, expect, it } from "vitest";
import { ConflictError } from "../../docker/errors.ts";
import type { DockerClient, SwarmService } from "../../docker/types.ts";
import type { DigestCheck, RegistryService } from "../../registry/types.ts";
import { systemClock } from "../../util/clock.ts";
import { checkService, type ServiceUpdateOptions } from "./service-update.ts";
import { collectEvents } from "../../../test/support/collect-events.ts";

const OLD = `sha256:${"1".repeat(64)}`;
const NEW = `sha256:${"2".repeat(64)}`;
const REF = "localhost:5000/app:latest";

function service(extra: Partial<SwarmService> = {}): SwarmService {
  return {
    ID: "svc1",
    Version: { Index: 7 },
    Spec: { Name: "web", TaskTemplate: { ContainerSpec: { Image: `${REF}@${OLD}` } } },
    ...extra,
  };
}

/** Error paths only: the happy path runs against a real swarm in test/e2e/swarm-services.e2e.test.ts. */
async function check(
  options: {
    svc?: SwarmService;
    remote?: DigestCheck;
    monitorOnly?: boolean;
    stopped?: string;
    update?: () => Promise<void>;
  } = {},
) {
  const updates: string[] = [];
  const events = collectEvents();
  const docker = {
    updateService: (_id: string, _version: number, spec: SwarmService["Spec"]) => {
      updates.push(spec.TaskTemplate.ContainerSpec?.Image ?? "");
      return options.update?.() ?? Promise.resolve();
    },
  } as unknown as DockerClient;
  const registry = { registryAuth: () => Promise.resolve(undefined) } as unknown as RegistryService;
  const run: ServiceUpdateOptions = { timeoutMs: 1000, pollMs: 100, stopped: () => options.stopped };
  const report = await checkService(
    {
      docker,
      registry,
      log: pino({ level: "silent" }),
      events,
      clock: systemClock,
      remoteDigest: () => Promise.resolve(options.remote ?? { kind: "differs", remoteDigest: NEW }),
    },
    { service: options.svc ?? service(), labels: {}, monitorOnly: options.monitorOnly ?? false },
    run,
  );
  return { report, updates, events: events.bodies };
}

describe("checkService: what does not reach a rolling update", () => {
  it("an unreadable registry digest: Skipped with the reason, no update", async () => {
    const { report, updates } = await check({ remote: { kind: "unknown", reason: "401 Unauthorized" } });
    expect(report).toMatchObject({
      state: "Skipped",
      kind: "service",
      error: `the registry's digest of ${REF} is unknown: 401 Unauthorized`,
    });
    expect(updates).toEqual([]);
  });

  it("the same digest: Fresh", async () => {
    const { report, updates } = await check({ remote: { kind: "differs", remoteDigest: OLD } });
    expect(report).toMatchObject({
      state: "Fresh",
      name: "web",
      imageName: REF,
      currentImageId: OLD,
      latestImageId: OLD,
    });
    expect(updates).toEqual([]);
  });

  it("monitor-only: Stale with the new digest, no update", async () => {
    const { report, updates, events } = await check({ monitorOnly: true });
    expect(report).toMatchObject({ state: "Stale", currentImageId: OLD, latestImageId: NEW });
    expect(updates).toEqual([]);
    expect(events).toEqual([
      {
        type: "container-checked",
        container: { id: "svc1", name: "web", image: REF, kind: "service" },
        result: "stale",
        currentImageId: OLD,
        latestImageId: NEW,
        monitorOnly: true,
      },
    ]);
  });

  it("a shutdown or a lost lock before its turn: Skipped with the reason", async () => {
    const { report, updates, events } = await check({ stopped: "Bosun was stopped" });
    expect(report).toMatchObject({ state: "Skipped", error: "Bosun was stopped" });
    expect(updates).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(["container-checked", "container-skipped"]);
  });

  it("an image without Swarm's digest pin, or the user's own digest", async () => {
    const unpinned = service({ Spec: { Name: "web", TaskTemplate: { ContainerSpec: { Image: REF } } } });
    expect((await check({ svc: unpinned })).report).toMatchObject({ state: "Skipped", currentImageId: "" });
    const own = service({
      Spec: { Name: "web", TaskTemplate: { ContainerSpec: { Image: `localhost:5000/app@${OLD}` } } },
    });
    const { report, updates } = await check({ svc: own });
    expect(report).toMatchObject({ state: "Fresh", note: "pinned to a digest: never updated" });
    expect(updates).toEqual([]);
  });

  it("an update Swarm refuses (another writer changed the spec): Failed with the daemon's message", async () => {
    const { report, updates, events } = await check({
      update: () =>
        Promise.reject(new ConflictError("POST", "/services/svc1/update", "update out of sequence")),
    });
    expect(updates).toEqual([`${REF}@${NEW}`]);
    expect(report.state).toBe("Failed");
    expect(events.map((event) => (event.type === "notice" ? event.code : event.type))).toEqual([
      "container-checked",
      "service-updating",
      "container-failed",
    ]);
    expect(report.error).toMatch(/^the service update was refused: .*update out of sequence/);
  });
});
