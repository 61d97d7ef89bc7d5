import { describe, expect, it } from "vitest";
import { collectEvents } from "../../test/support/collect-events.ts";
import type { ContainerSummary, DockerClient } from "../docker/types.ts";
import { cleanupImages } from "./cleanup.ts";

const image = (n: number) => `sha256:${String(n).repeat(64)}`;

/** A fake client: only the two calls cleanup makes. */
function fakeDocker(inUse: string[], failing: string[] = [], listFails = false) {
  const removed: string[] = [];
  const docker = {
    listContainers: (options?: { all?: boolean }) => {
      if (listFails) return Promise.reject(new Error("daemon down"));
      if (options?.all !== true) return Promise.reject(new Error("cleanup must list stopped containers too"));
      return Promise.resolve(inUse.map((id) => ({ ImageID: id }) as ContainerSummary));
    },
    removeImage: (ref: string) => {
      if (failing.includes(ref)) return Promise.reject(new Error("conflict"));
      removed.push(ref);
      return Promise.resolve();
    },
  } as unknown as DockerClient;
  return { docker, removed };
}

describe("cleanupImages", () => {
  it("removes each replaced image once, unless a container (in any state) still uses it", async () => {
    const { docker, removed } = fakeDocker([image(2)]);
    const events = collectEvents();
    const result = await cleanupImages(docker, events, [image(1), image(2), image(1), image(3)]);
    expect(removed).toEqual([image(1), image(3)]);
    expect(result).toEqual([image(1), image(3)]);
    expect(events.bodies.filter((body) => body.type === "image-removed")).toEqual([
      { type: "image-removed", imageId: image(1) },
      { type: "image-removed", imageId: image(3) },
    ]);
  });

  it("a failed removal is not fatal and not reported as removed", async () => {
    const { docker, removed } = fakeDocker([], [image(1)]);
    const events = collectEvents();
    expect(await cleanupImages(docker, events, [image(1), image(3)])).toEqual([image(3)]);
    expect(removed).toEqual([image(3)]);
    expect(events.bodies).toEqual([
      {
        type: "notice",
        code: "image-removal-failed",
        level: "warn",
        message: "Could not remove image",
        fields: { image: "111111111111", err: "conflict" },
      },
      { type: "image-removed", imageId: image(3) },
    ]);
  });

  it("removes nothing when the containers cannot be listed", async () => {
    const { docker, removed } = fakeDocker([], [], true);
    expect(await cleanupImages(docker, collectEvents(), [image(1)])).toEqual([]);
    expect(removed).toEqual([]);
  });

  it("does nothing without images", async () => {
    const { docker } = fakeDocker([], [], true);
    expect(await cleanupImages(docker, collectEvents(), [])).toEqual([]);
  });
});
