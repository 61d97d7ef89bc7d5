import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { DockerClient } from "../docker/types.ts";
import type { UpdateEngine } from "../update/engine.ts";
import { buildReport } from "../update/report.ts";
import { LockBusyError, type WriterLock } from "../update/writer-lock.ts";
import { createFleet, type HostParts } from "./fleet.ts";
import { hostEntryId } from "./merge-reports.ts";

const log = pino({ level: "silent" });

/** A host whose session reports one Updated container named after it, or throws `fails`. */
function fakeHost(name: string, fails?: Error): HostParts {
  const engine = {
    runSession: () =>
      fails === undefined
        ? Promise.resolve(
            buildReport(
              [
                {
                  id: `${name}1`,
                  name: `/${name}`,
                  imageName: "img",
                  currentImageId: "old",
                  latestImageId: "new",
                  state: "Updated",
                },
              ],
              1,
              2,
            ),
          )
        : Promise.reject(fails),
  } as unknown as UpdateEngine;
  const lock: WriterLock = {
    instance: name,
    acquire: () => Promise.resolve(undefined),
    run: (work) => work({ lost: false, release: () => Promise.resolve() }),
  };
  const docker = { close: () => Promise.resolve() } as unknown as DockerClient;
  return { docker, engine, lock };
}

type Behaviour = "ok" | "down" | "refuses" | "busy";

function fleetOf(behaviours: Record<string, Behaviour[]>) {
  const connects: string[] = [];
  const homes: string[] = [];
  let sessions = 0;
  const fleet = createFleet({
    hosts: Object.keys(behaviours),
    log,
    shutdown: new AbortController().signal,
    now: () => 9,
    beginSession: () => {
      sessions += 1;
    },
    connect: (host, { home }) => {
      connects.push(host);
      if (home) homes.push(host);
      const behaviour = behaviours[host]?.shift() ?? "ok";
      if (behaviour === "down") return Promise.reject(new Error(`connect ENOENT ${host}`));
      if (behaviour === "refuses")
        return Promise.resolve(fakeHost(host, new Error("500 listing containers")));
      if (behaviour === "busy") return Promise.resolve(fakeHost(host, new LockBusyError("other@1")));
      return Promise.resolve(fakeHost(host));
    },
  });
  return { fleet, connects, homes, sessions: () => sessions };
}

describe("a fleet session", () => {
  it.each([
    { behaviours: { a: ["ok"], b: ["ok"] }, states: { a: "Updated", b: "Updated" }, failed: [] },
    {
      behaviours: { a: ["ok"], b: ["down"] },
      states: { a: "Updated", "host:b": "Skipped" },
      failed: [["b", false]],
    },
    {
      behaviours: { a: ["refuses"], b: ["ok"] },
      states: { "host:a": "Skipped", b: "Updated" },
      failed: [["a", false]],
    },
    {
      behaviours: { a: ["ok"], b: ["busy"] },
      states: { a: "Updated", "host:b": "Skipped" },
      failed: [["b", true]],
    },
  ] as const)("$behaviours: the other hosts proceed", async ({ behaviours, states, failed }) => {
    const copy = (list: readonly Behaviour[]): Behaviour[] => [...list];
    const { fleet } = fleetOf(
      Object.fromEntries(
        Object.entries(behaviours as Record<string, readonly Behaviour[]>).map(([host, list]) => [
          host,
          copy(list),
        ]),
      ),
    );
    const session = await fleet.runSession(undefined);
    const byName = Object.fromEntries(
      session.report.containers.map((entry) => [
        entry.id === hostEntryId(entry.host ?? "") ? `host:${entry.host ?? ""}` : entry.name.slice(1),
        entry.state,
      ]),
    );
    expect(byName).toEqual(states);
    expect(session.failures.map((failure) => [failure.host, failure.busy])).toEqual(failed);
  });

  it("names the failed host and its reason in the host's entry", async () => {
    const { fleet } = fleetOf({ a: ["ok"], b: ["down"] });
    const { report } = await fleet.runSession(undefined);
    expect(report.skipped).toEqual([
      expect.objectContaining({ host: "b", error: "Docker host failed: connect ENOENT b" }),
    ]);
  });

  it("tries a host that was down again at the next session, and renews the registry memo per session", async () => {
    const { fleet, connects, sessions } = fleetOf({ a: ["ok"], b: ["down", "down", "ok"] });
    await fleet.connectAll();
    expect(fleet.connected().map((host) => host.host)).toEqual(["a"]);
    const first = await fleet.runSession(undefined);
    expect(first.failures.map((failure) => failure.host)).toEqual(["b"]);
    const second = await fleet.runSession(undefined);
    expect(second.failures).toEqual([]);
    expect(second.report.updated.map((entry) => entry.host)).toEqual(["a", "b"]);
    // a once (kept), b three times: at startup, down again at the first session, up at the second.
    expect(connects).toEqual(["a", "b", "b", "b"]);
    expect(sessions()).toBe(2);
  });

  it("self-updates only on the first host, where Bosun runs", async () => {
    const { fleet, homes } = fleetOf({ a: ["ok"], b: ["ok"], c: ["ok"] });
    await fleet.connectAll();
    expect(homes).toEqual(["a"]);
  });
});
