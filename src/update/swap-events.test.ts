import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { collectEvents } from "../../test/support/collect-events.ts";
import { containerInspect } from "../../test/support/container-inspect.ts";
import { fakeDaemon } from "../../test/support/fake-daemon.ts";
import { makeContainer } from "../container/container.ts";
import type { Clock } from "../util/clock.ts";
import { swapUnit, type SwapDeps, type SwapTarget, type VerifyFailure } from "./swap.ts";

const noSleep: Clock = { now: () => 0, sleep: () => Promise.resolve() };
const REF = "localhost:5000/app:latest";
const NEW_IMAGE = `sha256:${"e".repeat(64)}`;
const REPLACEMENT = "1".repeat(64);

/** One running `/web` swapped on an in-memory daemon; `failures` fails the next calls of a method. */
async function swapWeb(options: { failures?: Record<string, number>; verify?: VerifyFailure } = {}) {
  const inspect = containerInspect({ Image: REF, Labels: {} }, {});
  const container = makeContainer(inspect, undefined, "bridge");
  const daemon = fakeDaemon({ [inspect.Id]: { name: "web", running: true } }, options.failures);
  const events = collectEvents();
  const { verify } = options;
  const deps: SwapDeps = {
    docker: daemon.docker,
    log: pino({ level: "silent" }),
    events,
    session: "session",
    instance: "instance",
    hooks: false,
    removeVolumes: false,
    clock: noSleep,
    ...(verify !== undefined && { verify: () => Promise.resolve(verify) }),
  };
  const target: SwapTarget = {
    container,
    plan: { body: { Image: REF }, connectAfter: [] },
    start: true,
    precreate: true,
    stopTimeoutMs: 10_000,
    imageId: NEW_IMAGE,
    ...(verify !== undefined && { verifyWindowMs: 1000 }),
  };
  const [outcome] = await swapUnit(deps, [target]);
  const subject = { id: inspect.Id, name: "/web", image: REF };
  return { outcome, events: events.bodies, subject, daemon };
}

describe("the events of a swap", () => {
  it("a swap that commits: stopping, created, started, updated, each naming the container", async () => {
    const { outcome, events, subject } = await swapWeb();
    expect(outcome?.ok).toBe(true);
    expect(events).toEqual([
      { type: "container-stopping", container: subject, signal: "SIGTERM" },
      { type: "container-created", container: subject, newId: REPLACEMENT },
      { type: "container-started", container: subject, newId: REPLACEMENT },
      { type: "container-updated", container: subject, newId: REPLACEMENT, newImageId: NEW_IMAGE },
    ]);
  });

  it("a replacement that will not start: the old container is restored, and the swap failed", async () => {
    const { outcome, events, subject, daemon } = await swapWeb({ failures: { start: 1 } });
    expect(outcome?.ok).toBe(false);
    expect(daemon.containers[subject.id]).toEqual({ name: "web", running: true });
    expect(events.map((event) => (event.type === "notice" ? event.code : event.type))).toEqual([
      "container-stopping",
      "container-created",
      "container-restored",
      "container-failed",
    ]);
    expect(events.at(-1)).toEqual({
      type: "container-failed",
      container: subject,
      error: expect.stringContaining("injected") as string,
      restored: true,
    });
  });

  it("a replacement that fails its verification: rolled back, never updated", async () => {
    const failure = { index: 0, reason: "it exited with code 1", imageId: NEW_IMAGE };
    const { outcome, events, subject, daemon } = await swapWeb({ verify: failure });
    expect(outcome?.rolledBack).toEqual({ rejectedImageId: NEW_IMAGE });
    expect(daemon.containers[subject.id]).toEqual({ name: "web", running: true });
    expect(events.map((event) => event.type)).toEqual([
      "container-stopping",
      "container-created",
      "container-started",
      "notice",
      "container-rolled-back",
    ]);
    expect(events.at(-1)).toEqual({
      type: "container-rolled-back",
      container: subject,
      reason: "rolled back: it exited with code 1",
    });
  });
});
