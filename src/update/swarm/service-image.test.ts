import { describe, expect, it } from "vitest";
import { pinnedImage, serviceImage, type ServiceImage } from "./service-image.ts";

const D1 = `sha256:${"a".repeat(64)}`;

describe("serviceImage", () => {
  it.each<[string, ServiceImage["kind"], string, string | undefined]>([
    // Swarm's own pin: the tag is followed, the digest is what runs.
    [`localhost:5000/app:latest@${D1}`, "followed", "localhost:5000/app:latest", D1],
    [`nginx:1.25@${D1}`, "followed", "nginx:1.25", D1],
    [`ghcr.io/org/app:v2@${D1}`, "followed", "ghcr.io/org/app:v2", D1],
    // A digest the user chose, without a tag: never updated.
    [`localhost:5000/app@${D1}`, "pinned", `localhost:5000/app@${D1}`, undefined],
    // --no-resolve-image: no digest, so what runs is unknown.
    ["localhost:5000/app:latest", "unpinned", "localhost:5000/app:latest", undefined],
    ["nginx", "unpinned", "nginx", undefined],
    ["", "invalid", "", undefined],
    ["localhost:5000/App:1", "invalid", "localhost:5000/App:1", undefined],
  ])("%j is %s (ref %j)", (image, kind, ref, digest) => {
    const parsed = serviceImage(image);
    expect(parsed.kind).toBe(kind);
    expect(parsed.ref).toBe(ref);
    expect(parsed.kind === "followed" ? parsed.digest : undefined).toBe(digest);
  });

  it("pins a tag to a digest the way Swarm does", () => {
    expect(pinnedImage("localhost:5000/app:latest", D1)).toBe(`localhost:5000/app:latest@${D1}`);
    expect(serviceImage(pinnedImage("nginx:1", D1))).toEqual({
      kind: "followed",
      ref: "nginx:1",
      digest: D1,
    });
  });
});
