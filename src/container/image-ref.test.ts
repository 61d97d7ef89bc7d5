import { describe, expect, it } from "vitest";
import { followedImage, pinnedReason, registryHost } from "./image-ref.ts";

const ZODIAC = "com.centurylinklabs.zodiac.original-image";
const HEX = "0123456789abcdef".repeat(4);

describe("followedImage", () => {
  it.each<[string, Record<string, string>, string]>([
    ["nginx", {}, "nginx:latest"],
    ["nginx:1.25", {}, "nginx:1.25"],
    ["localhost:5000/app", {}, "localhost:5000/app:latest"],
    ["localhost:5000/app:v2", {}, "localhost:5000/app:v2"],
    ["registry.example.com:443/team/app", {}, "registry.example.com:443/team/app:latest"],
    [`nginx@sha256:${HEX}`, {}, `nginx@sha256:${HEX}`],
    [`sha256:${HEX}`, {}, `sha256:${HEX}`],
    ["0123456789ab", {}, "0123456789ab"],
    ["ignored", { [ZODIAC]: "original/app" }, "original/app:latest"],
  ])("%j %j follows %j", (image, labels, expected) => {
    expect(followedImage(image, labels)).toBe(expected);
  });
});

describe("pinnedReason", () => {
  it.each<[string, string | undefined]>([
    ["nginx:latest", undefined],
    ["localhost:5000/app:latest", undefined],
    [`nginx@sha256:${HEX}`, "pinned to a digest: never updated"],
    [`nginx:1.25@sha256:${HEX}`, "pinned to a digest: never updated"],
    [`sha256:${HEX}`, "created from a bare image ID: never updated"],
    ["0123456789ab", "created from a bare image ID: never updated"],
  ])("%j: %j", (ref, expected) => {
    expect(pinnedReason(ref)).toBe(expected);
  });
});

describe("registryHost", () => {
  it.each([
    ["nginx:latest", "docker.io"],
    ["library/nginx", "docker.io"],
    ["localhost/app", "localhost"],
    ["localhost:5000/app:latest", "localhost:5000"],
    ["ghcr.io/owner/app", "ghcr.io"],
    ["user/app:1", "docker.io"],
  ])("%j is on %j", (ref, host) => {
    expect(registryHost(ref)).toBe(host);
  });
});
