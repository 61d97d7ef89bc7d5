import { describe, expect, it } from "vitest";
import { apiHost, isLoopbackHost } from "./hosts.ts";

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
