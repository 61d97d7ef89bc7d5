import { describe, expect, it } from "vitest";
import { podmanCreateBody } from "./podman-create.ts";
import type { ContainerCreateBody } from "./types.ts";

describe("podmanCreateBody", () => {
  it.each<[string, boolean]>([
    ["none", false],
    ["host", false],
    ["container:db", false],
    ["bridge", true],
    ["my-net", true],
  ])("network mode %s keeps its endpoints: %s", (mode, kept) => {
    const body: ContainerCreateBody = {
      Image: "app",
      HostConfig: { NetworkMode: mode },
      NetworkingConfig: { EndpointsConfig: { [mode]: {} } },
    };
    const result = podmanCreateBody(body);
    expect(result.NetworkingConfig !== undefined).toBe(kept);
    expect(result.HostConfig).toEqual({ NetworkMode: mode });
    expect(body.NetworkingConfig).toBeDefined();
  });
});
