import { describe, expect, it } from "vitest";
import { pullTarget } from "./image-ref.ts";

describe("pullTarget", () => {
  it.each([
    ["busybox", "busybox", "latest"],
    ["busybox:1.36", "busybox", "1.36"],
    ["localhost:5000/team/app", "localhost:5000/team/app", "latest"],
    ["localhost:5000/team/app:v2", "localhost:5000/team/app", "v2"],
    ["ghcr.io/o/r@sha256:abc", "ghcr.io/o/r", "sha256:abc"],
    ["ghcr.io/o/r:1.0@sha256:abc", "ghcr.io/o/r", "sha256:abc"],
    ["localhost:5000/r@sha256:abc", "localhost:5000/r", "sha256:abc"],
  ])("%s → fromImage %s, tag %s", (ref, fromImage, tag) => {
    expect(pullTarget(ref)).toEqual({ fromImage, tag });
  });
});
