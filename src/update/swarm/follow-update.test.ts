import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../docker/errors.ts";
import type { SwarmService } from "../../docker/types.ts";
import type { Clock } from "../../util/clock.ts";
import { followUpdate, type FollowResult } from "./follow-update.ts";

type Status = SwarmService["UpdateStatus"];

/** A clock whose sleeps pass at once and move time on. */
function steppingClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

/** Reads of the service, one per poll: [version, UpdateStatus] or an error; the last one repeats. */
function follow(reads: ([number, Status] | Error)[], timeoutMs = 10_000): Promise<FollowResult> {
  let index = 0;
  const inspect = () => {
    const read = reads[Math.min(index++, reads.length - 1)];
    if (read === undefined || read instanceof Error) return Promise.reject(read ?? new Error("no read"));
    const [Index, UpdateStatus] = read;
    return Promise.resolve({
      ID: "svc",
      Version: { Index },
      Spec: { Name: "web", TaskTemplate: {} },
      UpdateStatus,
    } satisfies SwarmService);
  };
  return followUpdate({ inspect, clock: steppingClock() }, { postedVersion: 10, timeoutMs, pollMs: 1000 });
}

const updating: Status = { State: "updating", Message: "update in progress" };
const ROLLBACK_REASON = "update rolled back due to failure or early termination of task t1";

describe("followUpdate", () => {
  it.each<[string, ([number, Status] | Error)[], FollowResult]>([
    [
      "completed after a queue and an update in progress",
      [
        [11, null],
        [12, updating],
        [13, { State: "completed" }],
      ],
      { ok: true },
    ],
    [
      "a read of the old version is not the new update's status",
      [
        [10, { State: "completed" }],
        [11, undefined],
        [12, { State: "completed" }],
      ],
      { ok: true },
    ],
    [
      "a rollback: Swarm's reason from rollback_started, not the final 'rollback completed'",
      [
        [12, updating],
        [13, { State: "rollback_started", Message: ROLLBACK_REASON }],
        [14, { State: "rollback_completed", Message: "rollback completed" }],
      ],
      { ok: false, error: `Swarm rolled the update back: ${ROLLBACK_REASON}` },
    ],
    [
      "a rollback seen only at its end keeps Swarm's final message",
      [[14, { State: "rollback_completed", Message: "rollback completed" }]],
      { ok: false, error: "Swarm rolled the update back: rollback completed" },
    ],
    [
      "paused, with Swarm's message",
      [
        [12, updating],
        [13, { State: "paused", Message: "update paused due to failure or early termination of task t2" }],
      ],
      {
        ok: false,
        error: "Swarm paused the update: update paused due to failure or early termination of task t2",
      },
    ],
    [
      "a paused rollback",
      [
        [13, { State: "rollback_started", Message: ROLLBACK_REASON }],
        [14, { State: "rollback_paused" }],
      ],
      { ok: false, error: `Swarm paused the rollback of the update: ${ROLLBACK_REASON}` },
    ],
    [
      "a passing read error is retried",
      [new Error("connection reset"), [12, { State: "completed" }]],
      { ok: true },
    ],
    [
      "the service removed meanwhile",
      [[12, updating], new NotFoundError("GET", "/services/svc", "service svc not found")],
      { ok: false, error: "the service was removed during its update" },
    ],
  ])("%s", async (_, reads, expected) => {
    expect(await follow(reads)).toEqual(expected);
  });

  it("gives up after the timeout with the last state, and leaves the update to Swarm", async () => {
    expect(await follow([[12, updating]], 5000)).toEqual({
      ok: false,
      error: "the rolling update did not end within 5s (last state: updating); Swarm goes on with it",
    });
    expect(await follow([new Error("connection refused")], 3000)).toEqual({
      ok: false,
      error:
        "the rolling update did not end within 3s (last state: not started, last error: connection refused); Swarm goes on with it",
    });
  });

  it("reads the service a bounded number of times", async () => {
    let reads = 0;
    const inspect = () => {
      reads++;
      return Promise.resolve({
        ID: "svc",
        Version: { Index: 12 },
        Spec: { Name: "web", TaskTemplate: {} },
        UpdateStatus: updating,
      } satisfies SwarmService);
    };
    await followUpdate(
      { inspect, clock: steppingClock() },
      { postedVersion: 10, timeoutMs: 10_000, pollMs: 1000 },
    );
    expect(reads).toBe(11);
  });
});
