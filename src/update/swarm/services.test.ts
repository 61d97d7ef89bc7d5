import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildFilter } from "../../container/filter.ts";
import type { DockerClient, SystemInfo } from "../../docker/types.ts";
import type { RegistryService } from "../../registry/types.ts";
import { systemClock } from "../../util/clock.ts";
import { createSwarmServices } from "./services.ts";

/** Error paths only: a real manager is in test/e2e/swarm-services.e2e.test.ts. */
function swarmServices(info: () => Promise<Partial<SystemInfo>>, listServices: () => Promise<unknown[]>) {
  const warnings: string[] = [];
  const log = pino(
    { level: "warn" },
    { write: (line: string) => warnings.push((JSON.parse(line) as { msg: string }).msg) },
  );
  const docker = { info, listServices } as unknown as DockerClient;
  const run = createSwarmServices(
    { docker, log, clock: systemClock },
    {
      filter: buildFilter({ names: [], disableContainers: [], labelEnable: false, scope: undefined }),
      monitorOnly: false,
      labelTakePrecedence: false,
      updateTimeoutMs: 1000,
      concurrency: 1,
    },
  );
  return { run: () => run({ registry: {} as RegistryService }), warnings };
}

describe("createSwarmServices", () => {
  it("on a daemon that is no manager: no services, said once, not every session", async () => {
    let listed = 0;
    const { run, warnings } = swarmServices(
      () => Promise.resolve({ Swarm: { LocalNodeState: "active", ControlAvailable: false } }),
      () => {
        listed++;
        return Promise.resolve([]);
      },
    );
    expect(await run()).toEqual([]);
    expect(await run()).toEqual([]);
    expect(listed).toBe(0);
    expect(warnings).toEqual(["Swarm services are not checked: the daemon is not a Swarm manager"]);
  });

  it("a daemon without Swarm information counts as no manager", async () => {
    const { run, warnings } = swarmServices(
      () => Promise.resolve({}),
      () => Promise.resolve([]),
    );
    expect(await run()).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it("a failed service list leaves the session to its containers, with a warning", async () => {
    const { run, warnings } = swarmServices(
      () => Promise.resolve({ Swarm: { ControlAvailable: true } }),
      () => Promise.reject(new Error("503 This node is not a swarm manager")),
    );
    expect(await run()).toEqual([]);
    expect(warnings).toEqual(["Swarm services could not be listed"]);
  });
});
