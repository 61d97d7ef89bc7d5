import { describe, expect, it } from "vitest";
import { imageMatcher } from "./image-filter.ts";

describe("imageMatcher", () => {
  it.each([
    // [filter entries, container image, matches]
    [["nginx"], "nginx:latest", true],
    [["nginx"], "nginx:1.27", true],
    [["nginx"], "docker.io/library/nginx:1.27", true],
    [["library/nginx"], "nginx:latest", true],
    [["nginx:1.27"], "nginx:latest", false],
    [["nginx:1.27"], "nginx:1.27", true],
    [["nginx"], "nginxx:latest", false],
    [["foo/bar"], "foo/bar:latest", true],
    [["foo/bar", "foo/baz"], "foo/baz:2", true],
    [["foo/bar"], "foo/baz:latest", false],
    [["localhost:5000/app"], "localhost:5000/app:latest", true],
    [["localhost:5000/app"], "localhost:5001/app:latest", false],
    [["localhost:5000/app:v2"], "localhost:5000/app:v2", true],
    [["ghcr.io/o/r"], "ghcr.io/o/r:edge", true],
    [["Not Valid"], "nginx:latest", false],
    [["nginx"], "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false],
  ])("%j against %s → %s", (entries, image, expected) => {
    expect(imageMatcher(entries)(image)).toBe(expected);
  });
});
