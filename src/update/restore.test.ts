import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { fakeDaemon, type FakeContainer } from "../../test/support/fake-daemon.ts";
import type { Clock } from "../util/clock.ts";
import { restoreOriginal, type RestoreTarget } from "./restore.ts";

const ORIGINAL = "a".repeat(64);
const REPLACEMENT = "b".repeat(64);
const noSleep: Clock = { now: () => 0, sleep: () => Promise.resolve() };

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
