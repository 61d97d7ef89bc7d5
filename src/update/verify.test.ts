import { describe, expect, it } from "vitest";
import { judge, observe, type Observation, type Verdict } from "./verify.ts";

const running: Observation = { status: "running", exitCode: 0, restartCount: 0, hasHealthcheck: false };
const checked = (health: string, lastHealthOutput?: string): Observation => ({
  ...running,
  hasHealthcheck: true,
  health,
  lastHealthOutput,
});
const WINDOW = 60_000;

describe("judge", () => {
  it.each<[string, Observation, number, Verdict]>([
    [
      "exited at once",
      { ...running, status: "exited", exitCode: 3 },
      2_000,
      {
        kind: "failed",
        reason: "exited with code 3 after 2 s",
      },
    ],
    [
      "exited with code 0",
      { ...running, status: "exited" },
      1_400,
      {
        kind: "failed",
        reason: "exited with code 0 after 1 s",
      },
    ],
    [
      "being restarted by its policy",
      { ...running, status: "restarting", exitCode: 1 },
      3_000,
      {
        kind: "failed",
        reason: "exited with code 1 after 3 s",
      },
    ],
    [
      "restart count grew",
      { ...running, restartCount: 2, exitCode: 1 },
      4_000,
      {
        kind: "failed",
        reason: "restarted 2 times (exit code 1) after 4 s",
      },
    ],
    [
      "restarted once and running again (Docker reset its exit code)",
      { ...running, restartCount: 1, exitCode: 0 },
      1_000,
      { kind: "failed", reason: "restarted 1 time after 1 s" },
    ],
    [
      "unhealthy",
      checked("unhealthy", "probe failed: 503"),
      5_000,
      {
        kind: "failed",
        reason: "unhealthy: probe failed: 503",
      },
    ],
    ["healthy early: proven at once", checked("healthy"), 3_000, { kind: "proven" }],
    ["health starting within the window", checked("starting"), 10_000, { kind: "pending" }],
    [
      "health still starting at the end of the window",
      checked("starting"),
      WINDOW,
      {
        kind: "failed",
        reason: "not healthy after 60 s (health: starting)",
      },
    ],
    ["no healthcheck, running within the window", running, 59_999, { kind: "pending" }],
    ["no healthcheck, running at the end of the window", running, WINDOW, { kind: "proven" }],
    [
      "no healthcheck, paused at the end of the window",
      { ...running, status: "paused" },
      WINDOW,
      {
        kind: "failed",
        reason: "paused after 60 s",
      },
    ],
  ])("%s", (_, observation, elapsedMs, verdict) => {
    expect(judge(observation, { baselineRestarts: 0, elapsedMs, windowMs: WINDOW })).toEqual(verdict);
  });

  it("counts restarts from the baseline", () => {
    const seen = { ...running, restartCount: 1 };
    expect(judge(seen, { baselineRestarts: 1, elapsedMs: 1_000, windowMs: WINDOW })).toEqual({
      kind: "pending",
    });
  });
});

describe("observe", () => {
  const inspect = (state: Record<string, unknown>, healthcheck?: unknown) => ({
    Id: "x",
    RestartCount: 1,
    State: { Status: "running", ExitCode: 0, ...state },
    Config: healthcheck === undefined ? {} : { Healthcheck: healthcheck },
  });
  it.each<[string, unknown, Partial<Observation>]>([
    ["no healthcheck", inspect({}), { hasHealthcheck: false, health: undefined, restartCount: 1 }],
    ["healthcheck NONE", inspect({}, { Test: ["NONE"] }), { hasHealthcheck: false }],
    [
      "healthcheck, starting",
      inspect({ Health: { Status: "starting", Log: [] } }, { Test: ["CMD", "true"] }),
      {
        hasHealthcheck: true,
        health: "starting",
        lastHealthOutput: undefined,
      },
    ],
    [
      "unhealthy: the last line of the last probe",
      inspect(
        {
          Health: {
            Status: "unhealthy",
            Log: [{ Output: "old" }, { Output: "checking\nno answer on :80\n" }],
          },
        },
        { Test: ["CMD-SHELL", "false"] },
      ),
      { health: "unhealthy", lastHealthOutput: "no answer on :80" },
    ],
  ])("%s", (_, input, expected) => {
    expect(observe(input)).toMatchObject(expected);
  });

  it("rejects an answer without a state", () => {
    expect(() => observe({ Config: {} })).toThrow();
  });
});
