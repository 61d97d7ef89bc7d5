import { describe, expect, it } from "vitest";
import { apiHost, canonicalReference, isLoopbackHost, parseImageReference } from "./reference.ts";

const D = "sha256:" + "a".repeat(64);

describe("parseImageReference", () => {
  it.each([
    ["nginx", "docker.io/library/nginx:latest"],
    ["nginx:1.25-alpine", "docker.io/library/nginx:1.25-alpine"],
    ["library/nginx", "docker.io/library/nginx:latest"],
    ["docker.io/nginx", "docker.io/library/nginx:latest"],
    ["index.docker.io/library/nginx:1", "docker.io/library/nginx:1"],
    ["user/app", "docker.io/user/app:latest"],
    ["containrrr/watchtower:1.7.1", "docker.io/containrrr/watchtower:1.7.1"],
    ["ghcr.io/o/r:tag", "ghcr.io/o/r:tag"],
    ["ghcr.io/org/team/app", "ghcr.io/org/team/app:latest"],
    ["lscr.io/linuxserver/plex", "lscr.io/linuxserver/plex:latest"],
    ["quay.io/prometheus/node-exporter:v1.8.0", "quay.io/prometheus/node-exporter:v1.8.0"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["localhost/app", "localhost/app:latest"],
    ["127.0.0.1:5000/a/b:1.0", "127.0.0.1:5000/a/b:1.0"],
    ["[::1]:5000/app", "[::1]:5000/app:latest"],
    [`host:5000/a/b@${D}`, `host:5000/a/b@${D}`],
    [`nginx:1.25@${D}`, `docker.io/library/nginx:1.25@${D}`],
    [`nginx@${D}`, `docker.io/library/nginx@${D}`],
    ["my-registry.example.com:443/a_b/c__d/e-f:v_1.2", "my-registry.example.com:443/a_b/c__d/e-f:v_1.2"],
    ["gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/static-debian12:nonroot"],
    ["mcr.microsoft.com/dotnet/aspnet:8.0", "mcr.microsoft.com/dotnet/aspnet:8.0"],
    ["public.ecr.aws/nginx/nginx:stable", "public.ecr.aws/nginx/nginx:stable"],
    [
      "registry.gitlab.com/group/sub/project/image:MAIN_1",
      "registry.gitlab.com/group/sub/project/image:MAIN_1",
    ],
    ["Example.COM/app", "Example.COM/app:latest"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalReference(parseImageReference(input))).toBe(expected);
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["Nginx", /lowercase/],
    ["user/App:1", /lowercase/],
    ["ghcr.io/Owner/app", /lowercase/],
    ["nginx@sha256:abc", /bad digest/],
    [`nginx@sha256:${"A".repeat(64)}`, /bad digest/],
    ["nginx@md5", /bad digest/],
    ["nginx:", /bad tag/],
    ["nginx:-bad", /bad tag/],
    [`nginx:${"a".repeat(129)}`, /bad tag/],
    ["nginx/", /bad repository name|empty/],
    ["a//b", /bad repository name/],
    ["-a/b", /bad repository name/],
    ["host_x:5000/app", /bad registry host|bad repository name/],
    ["ghcr.io/", /empty repository/],
    ["a".repeat(64), /image ID/],
    [`sha256:${"b".repeat(64)}`, /image ID/],
    [`a/${"b".repeat(260)}`, /too long/],
  ])("rejects %j", (input, message) => {
    expect(() => parseImageReference(input)).toThrow(message);
  });

  it("parses the parts of a digested reference with a tag", () => {
    expect(parseImageReference(`localhost:5000/a/b:1@${D}`)).toEqual({
      domain: "localhost:5000",
      path: "a/b",
      tag: "1",
      digest: D,
    });
  });
});

describe("hosts", () => {
  it.each([
    ["docker.io", "registry-1.docker.io"],
    ["ghcr.io", "ghcr.io"],
    ["localhost:5000", "localhost:5000"],
  ])("apiHost(%s) = %s", (domain, host) => {
    expect(apiHost(domain)).toBe(host);
  });

  it.each([
    ["localhost:5000", true],
    ["127.0.0.1:5000", true],
    ["127.9.8.7", true],
    ["[::1]:5000", true],
    ["128.0.0.1:5000", false],
    ["example.com", false],
    ["localhost.example.com", false],
  ])("isLoopbackHost(%s) = %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
