import { describe, expect, it } from "vitest";
import type { ContainerInspect, DockerClient } from "../docker/types.ts";
import type { Clock } from "../util/clock.ts";
import { watchReplacement } from "./verify-watch.ts";

/** A clock that jumps on sleep: the watch runs without waiting. */
function fakeClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

/** A Docker client whose inspect answers from `states` by clock time (only inspect is used). */
function dockerAt(
  clock: Clock,
  state: (now: number) => Partial<ContainerInspect["State"]> & { Health?: unknown },
) {
  let inspects = 0;
  const docker = {
    inspectContainer: () => {
      inspects++;
      return Promise.resolve({
        Id: "new",
        Image: "sha256:bad",
        RestartCount: 0,
        State: { Status: "running", ExitCode: 0, ...state(clock.now()) },
        Config: {},
      });
    },
  } as unknown as DockerClient;
  return { docker, inspects: () => inspects };
}

describe("watchReplacement", () => {
  it("fails as soon as the container exits, with the image to remember", async () => {
    const clock = fakeClock();
    const { docker } = dockerAt(clock, (now) => (now >= 2_000 ? { Status: "exited", ExitCode: 3 } : {}));
    expect(await watchReplacement({ docker, clock }, "new", 0, 60_000)).toEqual({
      ok: false,
      reason: "exited with code 3 after 2 s",
      imageId: "sha256:bad",
    });
    expect(clock.now()).toBe(2_000);
  });

  it("accepts a quiet container at the end of the window, not before", async () => {
    const clock = fakeClock();
    const { docker, inspects } = dockerAt(clock, () => ({}));
    expect(await watchReplacement({ docker, clock }, "new", 0, 5_000)).toEqual({ ok: true, cutShort: false });
    expect(clock.now()).toBe(5_000);
    expect(inspects()).toBe(11);
  });

  it("stops at a shutdown and accepts what ran so far", async () => {
    const clock = fakeClock();
    const { docker } = dockerAt(clock, () => ({}));
    const shutdown = AbortSignal.abort();
    expect(await watchReplacement({ docker, clock }, "new", 0, 5_000, shutdown)).toEqual({
      ok: true,
      cutShort: true,
    });
  });
});
