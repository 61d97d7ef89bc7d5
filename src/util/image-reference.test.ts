import { describe, expect, it } from "vitest";
import {
  ImageReference,
  ImageReferenceError,
  isImageId,
  pinnedReason,
  referenceKey,
  shortId,
  splitReference,
  withTag,
} from "./image-reference.ts";

const D = "sha256:" + "a".repeat(64);
const HEX = "0123456789abcdef".repeat(4);

const parse = (text: string) => ImageReference.parse(text);

describe("ImageReference.parse", () => {
  it.each([
    // [input, canonical, familiar]
    ["nginx", "docker.io/library/nginx:latest", "nginx:latest"],
    ["nginx:1.25-alpine", "docker.io/library/nginx:1.25-alpine", "nginx:1.25-alpine"],
    ["library/nginx", "docker.io/library/nginx:latest", "nginx:latest"],
    ["docker.io/nginx", "docker.io/library/nginx:latest", "nginx:latest"],
    ["index.docker.io/library/nginx:1", "docker.io/library/nginx:1", "nginx:1"],
    ["user/app", "docker.io/user/app:latest", "user/app:latest"],
    ["docker.io/library/a/b", "docker.io/library/a/b:latest", "library/a/b:latest"],
    ["containrrr/watchtower:1.7.1", "docker.io/containrrr/watchtower:1.7.1", "containrrr/watchtower:1.7.1"],
    ["ghcr.io/o/r:tag", "ghcr.io/o/r:tag", "ghcr.io/o/r:tag"],
    ["ghcr.io/org/team/app", "ghcr.io/org/team/app:latest", "ghcr.io/org/team/app:latest"],
    ["lscr.io/linuxserver/plex", "lscr.io/linuxserver/plex:latest", "lscr.io/linuxserver/plex:latest"],
    ["quay.io/prometheus/node-exporter:v1.8.0", "quay.io/prometheus/node-exporter:v1.8.0", undefined],
    ["localhost:5000/app", "localhost:5000/app:latest", "localhost:5000/app:latest"],
    ["localhost/app", "localhost/app:latest", "localhost/app:latest"],
    ["127.0.0.1:5000/a/b:1.0", "127.0.0.1:5000/a/b:1.0", undefined],
    ["[::1]:5000/app", "[::1]:5000/app:latest", "[::1]:5000/app:latest"],
    [`host:5000/a/b@${D}`, `host:5000/a/b@${D}`, undefined],
    [`nginx:1.25@${D}`, `docker.io/library/nginx:1.25@${D}`, `nginx:1.25@${D}`],
    [`nginx@${D}`, `docker.io/library/nginx@${D}`, `nginx@${D}`],
    [
      "my-registry.example.com:443/a_b/c__d/e-f:v_1.2",
      "my-registry.example.com:443/a_b/c__d/e-f:v_1.2",
      undefined,
    ],
    ["gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/static-debian12:nonroot", undefined],
    ["mcr.microsoft.com/dotnet/aspnet:8.0", "mcr.microsoft.com/dotnet/aspnet:8.0", undefined],
    ["public.ecr.aws/nginx/nginx:stable", "public.ecr.aws/nginx/nginx:stable", undefined],
    [
      "registry.gitlab.com/group/sub/project/image:MAIN_1",
      "registry.gitlab.com/group/sub/project/image:MAIN_1",
      undefined,
    ],
    ["Example.COM/app", "Example.COM/app:latest", undefined],
    // A short ID is a valid repository name: only a container's Config.Image reads it as an ID.
    ["0123456789ab", "docker.io/library/0123456789ab:latest", "0123456789ab:latest"],
    ["  nginx  ", "docker.io/library/nginx:latest", "nginx:latest"],
  ])("%s → %s", (input, canonical, familiar) => {
    const ref = parse(input);
    expect(ref.canonical).toBe(canonical);
    expect(ref.familiar).toBe(familiar ?? canonical);
    expect(ref.toString()).toBe(input.trim());
  });

  it.each([
    ["", /empty/, "REFERENCE_EMPTY"],
    ["   ", /empty/, "REFERENCE_EMPTY"],
    ["Nginx", /lowercase/, "REFERENCE_PATH"],
    ["user/App:1", /lowercase/, "REFERENCE_PATH"],
    ["ghcr.io/Owner/app", /lowercase/, "REFERENCE_PATH"],
    ["nginx@sha256:abc", /bad digest/, "REFERENCE_DIGEST"],
    [`nginx@sha256:${"A".repeat(64)}`, /bad digest/, "REFERENCE_DIGEST"],
    ["nginx@md5", /bad digest/, "REFERENCE_DIGEST"],
    ["nginx:", /bad tag/, "REFERENCE_TAG"],
    ["nginx:-bad", /bad tag/, "REFERENCE_TAG"],
    [`nginx:${"a".repeat(129)}`, /bad tag/, "REFERENCE_TAG"],
    ["nginx/", /bad repository name|empty/, "REFERENCE_PATH"],
    ["a//b", /bad repository name/, "REFERENCE_PATH"],
    ["-a/b", /bad repository name/, "REFERENCE_PATH"],
    ["host_x:5000/app", /bad registry host|bad repository name/, "REFERENCE_DOMAIN"],
    ["ghcr.io/", /empty repository/, "REFERENCE_PATH"],
    ["Not Valid", /lowercase/, "REFERENCE_PATH"],
    ["a".repeat(64), /image ID/, "REFERENCE_IMAGE_ID"],
    [`sha256:${"b".repeat(64)}`, /image ID/, "REFERENCE_IMAGE_ID"],
    [`a/${"b".repeat(260)}`, /too long/, "REFERENCE_LENGTH"],
  ])("rejects %j", (input, message, code) => {
    let caught: unknown;
    try {
      parse(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImageReferenceError);
    expect((caught as ImageReferenceError).code).toBe(code);
    expect((caught as ImageReferenceError).message).toMatch(message);
    if (input.trim() !== "") expect((caught as ImageReferenceError).message).toContain(`"${input.trim()}"`);
    expect(ImageReference.tryParse(input)).toBeUndefined();
  });

  it.each([
    // [input, domain, path, tag, digest, name as written]
    [`localhost:5000/a/b:1@${D}`, "localhost:5000", "a/b", "1", D, "localhost:5000/a/b"],
    ["nginx", "docker.io", "library/nginx", "latest", undefined, "nginx"],
    ["library/nginx", "docker.io", "library/nginx", "latest", undefined, "library/nginx"],
    ["user/app:1", "docker.io", "user/app", "1", undefined, "user/app"],
    [`ghcr.io/o/r@${D}`, "ghcr.io", "o/r", undefined, D, "ghcr.io/o/r"],
    ["localhost/app", "localhost", "app", "latest", undefined, "localhost/app"],
    ["localhost:5000/app:latest", "localhost:5000", "app", "latest", undefined, "localhost:5000/app"],
    ["ghcr.io/owner/app", "ghcr.io", "owner/app", "latest", undefined, "ghcr.io/owner/app"],
    ["[::1]:5000/app:v1", "[::1]:5000", "app", "v1", undefined, "[::1]:5000/app"],
  ])("%s has its parts", (input, domain, path, tag, digest, name) => {
    const ref = parse(input);
    expect({ domain: ref.domain, path: ref.path, tag: ref.tag, digest: ref.digest, name: ref.name }).toEqual({
      domain,
      path,
      tag,
      digest,
      name,
    });
    expect(ref.repository).toBe(`${domain}/${path}`);
  });
});

describe("ImageReference spelling-preserving edits", () => {
  it.each([
    ["127.0.0.1:5000/app:1.2.3", "1.3.0", "127.0.0.1:5000/app:1.3.0"],
    ["nginx:1.25", "1.27", "nginx:1.27"],
    ["localhost:5000/team/app", "2.0", "localhost:5000/team/app:2.0"],
    ["docker.io/nginx", "1.27", "docker.io/nginx:1.27"],
    [`nginx:1@${D}`, "2", "nginx:2"],
  ])("%s with tag %s is %s", (input, tag, expected) => {
    expect(parse(input).withTag(tag).toString()).toBe(expected);
  });

  it("refuses a bad tag", () => {
    expect(() => parse("nginx").withTag("-x")).toThrow(ImageReferenceError);
  });

  it.each([
    [`nginx:1.25@${D}`, "nginx:1.25", "docker.io/library/nginx:1.25"],
    [`localhost:5000/app@${D}`, "localhost:5000/app", "localhost:5000/app:latest"],
    ["nginx:1", "nginx:1", "docker.io/library/nginx:1"],
  ])("%s without its digest is %s (%s)", (input, written, canonical) => {
    const ref = parse(input).withoutDigest();
    expect(ref.toString()).toBe(written);
    expect(ref.canonical).toBe(canonical);
  });
});

describe("ImageReference equality and matching", () => {
  it.each([
    ["nginx", "docker.io/library/nginx:latest", true],
    ["nginx:latest", "index.docker.io/nginx", true],
    ["nginx", "nginx:1", false],
    ["localhost:5000/app", "localhost:5001/app", false],
    [`nginx@${D}`, `docker.io/library/nginx@${D}`, true],
    [`nginx@${D}`, "nginx", false],
  ])("%s equals %s: %s", (a, b, expected) => {
    expect(parse(a).equals(parse(b))).toBe(expected);
  });

  it.each([
    // [filter entry, container image, matches]
    ["nginx", "nginx:latest", true],
    ["nginx", "nginx:1.27", true],
    ["nginx", "docker.io/library/nginx:1.27", true],
    ["library/nginx", "nginx:latest", true],
    ["nginx:1.27", "nginx:latest", false],
    ["nginx:1.27", "nginx:1.27", true],
    ["nginx", "nginxx:latest", false],
    ["foo/bar", "foo/bar:latest", true],
    ["foo/bar", "foo/baz:latest", false],
    ["localhost:5000/app", "localhost:5000/app:latest", true],
    ["localhost:5000/app", "localhost:5001/app:latest", false],
    ["localhost:5000/app:v2", "localhost:5000/app:v2", true],
    ["ghcr.io/o/r", "ghcr.io/o/r:edge", true],
    ["nginx", `nginx@${D}`, true],
    ["nginx:latest", `nginx@${D}`, false],
    [`nginx@${D}`, "nginx:1", true],
  ])("entry %s selects %s: %s", (entry, image, expected) => {
    expect(parse(entry).matches(parse(image))).toBe(expected);
  });
});

describe("splitReference", () => {
  it.each([
    // As written, never validated: the pull's fromImage and tag come from here.
    ["busybox", "busybox", undefined, undefined],
    ["busybox:1.36", "busybox", "1.36", undefined],
    ["localhost:5000/team/app", "localhost:5000/team/app", undefined, undefined],
    ["localhost:5000/team/app:v2", "localhost:5000/team/app", "v2", undefined],
    ["ghcr.io/o/r@sha256:abc", "ghcr.io/o/r", undefined, "sha256:abc"],
    ["ghcr.io/o/r:1.0@sha256:abc", "ghcr.io/o/r", "1.0", "sha256:abc"],
    ["localhost:5000/r@sha256:abc", "localhost:5000/r", undefined, "sha256:abc"],
    ["registry.example.com:443/team/app", "registry.example.com:443/team/app", undefined, undefined],
    ["[::1]:5000/app:v1", "[::1]:5000/app", "v1", undefined],
    ["nginx:", "nginx", "", undefined],
  ])("%s → %s %s %s", (text, name, tag, digest) => {
    expect(splitReference(text)).toEqual({ name, tag, digest });
  });
});

describe("image IDs", () => {
  it.each([
    [`sha256:${HEX}`, true],
    [HEX, true],
    ["0123456789ab", true],
    ["0123456789a", false],
    [`sha256:${HEX.slice(0, 12)}`, false],
    ["nginx", false],
    [`nginx@sha256:${HEX}`, false],
  ])("isImageId(%j) = %s", (text, expected) => {
    expect(isImageId(text)).toBe(expected);
  });

  it.each<[string, string | undefined]>([
    ["nginx:latest", undefined],
    ["localhost:5000/app:latest", undefined],
    [`nginx@sha256:${HEX}`, "pinned to a digest: never updated"],
    [`nginx:1.25@sha256:${HEX}`, "pinned to a digest: never updated"],
    [`sha256:${HEX}`, "created from a bare image ID: never updated"],
    ["0123456789ab", "created from a bare image ID: never updated"],
  ])("pinnedReason(%j) = %j", (text, expected) => {
    expect(pinnedReason(text)).toBe(expected);
  });

  it.each([
    [`sha256:${HEX}`, "0123456789ab"],
    [HEX, "0123456789ab"],
    ["0123456789ab", "0123456789ab"],
    ["abcdef0123456789", "abcdef012345"],
    ["abc", "abc"],
  ])("shortId(%j) = %j", (id, expected) => {
    expect(shortId(id)).toBe(expected);
  });
});

describe("referenceKey", () => {
  it.each([
    ["nginx", "docker.io/library/nginx:latest"],
    ["docker.io/library/nginx:latest", "docker.io/library/nginx:latest"],
    ["localhost:5000/app:1", "localhost:5000/app:1"],
    [`sha256:${HEX}`, `sha256:${HEX}`],
    ["Not Valid", "Not Valid"],
  ])("%j → %j", (text, key) => {
    expect(referenceKey(text)).toBe(key);
  });
});

describe("withTag (text)", () => {
  it.each([
    { input: "nginx", tag: "1.2", expected: "nginx:1.2" },
    { input: "localhost:5000/app:1.0", tag: "1.1", expected: "localhost:5000/app:1.1" },
    { input: "app:1.0@sha256:" + "a".repeat(64), tag: "2.0", expected: "app:2.0" },
    { input: " registry:5000/team/app ", tag: "v3", expected: "registry:5000/team/app:v3" },
  ])("$input with $tag is $expected", ({ input, tag, expected }) => {
    expect(withTag(input, tag)).toBe(expected);
  });
});
