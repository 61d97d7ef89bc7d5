import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { container, reportOf } from "../../test/support/reports.ts";
import type { SessionReport } from "../update/report-types.ts";
import type { Clock } from "../util/clock.ts";
import { CoordinatorStoppedError, createRunCoordinator, type RunCoordinator } from "./coordinator.ts";

interface Call {
  images: string[] | undefined;
  report: SessionReport;
  resolve(): void;
  reject(error: Error): void;
}

const clock: Clock = { now: () => 0, sleep: () => Promise.resolve() };

/** A coordinator whose sessions end only when the test says so; counts concurrent sessions. */
function setup(): { coordinator: RunCoordinator; calls: Call[]; maxConcurrent: () => number } {
  const calls: Call[] = [];
  let active = 0;
  let max = 0;
  const coordinator = createRunCoordinator({
    logger: pino({ level: "silent" }),
    clock,
    runSession: (images) =>
      new Promise<SessionReport>((resolve, reject) => {
        active++;
        max = Math.max(max, active);
        const report = reportOf([container(calls.length + 1, "Fresh")]);
        calls.push({
          images,
          report,
          resolve: () => {
            active--;
            resolve(report);
          },
          reject: (error) => {
            active--;
            reject(error);
          },
        });
      }),
  });
  return { coordinator, calls, maxConcurrent: () => max };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function call(calls: Call[], index: number): Call {
  const found = calls[index];
  if (found === undefined) throw new Error(`no session #${String(index)} (only ${String(calls.length)})`);
  return found;
}

describe("run coordinator", () => {
  it("runs a single request and gives its caller the report", async () => {
    const { coordinator, calls } = setup();
    const result = coordinator.request(["a"]);
    await flush();
    expect(calls).toHaveLength(1);
    expect(call(calls, 0).images).toEqual(["a"]);
    call(calls, 0).resolve();
    await expect(result).resolves.toBe(call(calls, 0).report);
  });

  it("merges requests made at the same moment into one run", async () => {
    const { coordinator, calls } = setup();
    const results = [coordinator.request(["b"]), coordinator.request(["a", "b"]), coordinator.request(["c"])];
    await flush();
    expect(calls).toHaveLength(1);
    expect(call(calls, 0).images).toEqual(["a", "b", "c"]);
    call(calls, 0).resolve();
    for (const result of results) await expect(result).resolves.toBe(call(calls, 0).report);
  });

  it("treats an empty image list as a full run", async () => {
    const { coordinator, calls } = setup();
    void coordinator.request([]);
    await flush();
    expect(call(calls, 0).images).toBeUndefined();
  });

  it("never overlaps runs: requests during a run wait for the next one, merged", async () => {
    const { coordinator, calls, maxConcurrent } = setup();
    const first = coordinator.request(["a"]);
    await flush();
    const during = [coordinator.request(["x"]), coordinator.request(["y"]), coordinator.request(["x"])];
    await flush();
    expect(calls).toHaveLength(1);
    call(calls, 0).resolve();
    await expect(first).resolves.toBe(call(calls, 0).report);
    await flush();
    expect(calls).toHaveLength(2);
    expect(call(calls, 1).images).toEqual(["x", "y"]);
    call(calls, 1).resolve();
    for (const result of during) await expect(result).resolves.toBe(call(calls, 1).report);
    expect(maxConcurrent()).toBe(1);
  });

  it("a full request absorbs the targeted ones pending with it, in either order", async () => {
    const { coordinator, calls } = setup();
    void coordinator.request(["a"]);
    await flush();
    const pending = [coordinator.request(["x"]), coordinator.request(), coordinator.request(["y"])];
    call(calls, 0).resolve();
    await flush();
    expect(calls).toHaveLength(2);
    expect(call(calls, 1).images).toBeUndefined();
    call(calls, 1).resolve();
    for (const result of pending) await expect(result).resolves.toBe(call(calls, 1).report);
  });

  it("100 concurrent triggers during a run cause exactly one more run", async () => {
    const { coordinator, calls, maxConcurrent } = setup();
    void coordinator.request();
    await flush();
    const results = Array.from({ length: 100 }, (_, i) =>
      i % 3 === 0 ? coordinator.scheduledTick().report : coordinator.request([`img${String(i % 7)}`]),
    );
    call(calls, 0).resolve();
    await flush();
    call(calls, 1).resolve();
    const reports = await Promise.all(results);
    expect(calls).toHaveLength(2);
    expect(new Set(reports)).toEqual(new Set([call(calls, 1).report]));
    expect(maxConcurrent()).toBe(1);
  });

  it("scheduledTick reports merged only when a full run is already pending", async () => {
    const { coordinator, calls } = setup();
    const first = coordinator.scheduledTick();
    expect(first.merged).toBe(false);
    await flush();
    expect(coordinator.busy).toBe(true);
    // A run is in progress: this tick is deferred to the next run, not skipped.
    const second = coordinator.scheduledTick();
    expect(second.merged).toBe(false);
    const third = coordinator.scheduledTick();
    expect(third.merged).toBe(true);
    call(calls, 0).resolve();
    await expect(first.report).resolves.toBe(call(calls, 0).report);
    await flush();
    call(calls, 1).resolve();
    await expect(second.report).resolves.toBe(call(calls, 1).report);
    await expect(third.report).resolves.toBe(call(calls, 1).report);
    expect(calls).toHaveLength(2);
    await flush();
    expect(coordinator.busy).toBe(false);
  });

  it("rejects every waiter of a failed run and goes on with the next", async () => {
    const { coordinator, calls } = setup();
    const a = coordinator.request(["a"]);
    const b = coordinator.request(["b"]);
    await flush();
    const later = coordinator.request(["c"]);
    call(calls, 0).reject(new Error("docker is gone"));
    await expect(a).rejects.toThrow("docker is gone");
    await expect(b).rejects.toThrow("docker is gone");
    await flush();
    expect(call(calls, 1).images).toEqual(["c"]);
    call(calls, 1).resolve();
    await expect(later).resolves.toBe(call(calls, 1).report);
  });

  it("stop waits for the run in progress, rejects the pending waiters and starts nothing", async () => {
    const { coordinator, calls } = setup();
    const running = coordinator.request(["a"]);
    await flush();
    const pending = coordinator.request(["b"]);
    let stopped = false;
    const stopping = coordinator.stop().then(() => {
      stopped = true;
    });
    await expect(pending).rejects.toBeInstanceOf(CoordinatorStoppedError);
    await flush();
    expect(stopped).toBe(false);
    call(calls, 0).resolve();
    await stopping;
    expect(stopped).toBe(true);
    await expect(running).resolves.toBe(call(calls, 0).report);
    await expect(coordinator.request(["c"])).rejects.toBeInstanceOf(CoordinatorStoppedError);
    await expect(coordinator.scheduledTick().report).rejects.toBeInstanceOf(CoordinatorStoppedError);
    await flush();
    expect(calls).toHaveLength(1);
  });

  it("stop before a queued run starts cancels it", async () => {
    const { coordinator, calls } = setup();
    const queued = coordinator.request(["a"]);
    await coordinator.stop();
    await expect(queued).rejects.toBeInstanceOf(CoordinatorStoppedError);
    await flush();
    expect(calls).toHaveLength(0);
  });
});
