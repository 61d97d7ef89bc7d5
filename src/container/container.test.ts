import { describe, expect, it } from "vitest";
import type { ContainerInspect } from "../docker/types.ts";
import { followedImage, isInstance, isRunning, makeContainer } from "./container.ts";

function inspect(
  state: { Running: boolean; Restarting: boolean },
  image = "app",
  labels: Record<string, string> = {},
) {
  const value: ContainerInspect = {
    Id: "f".repeat(64),
    Name: "/app",
    Created: "",
    Image: `sha256:${"1".repeat(64)}`,
    State: { Status: "", Paused: false, Pid: 0, ExitCode: 0, StartedAt: "", FinishedAt: "", ...state },
    Config: { Image: image, Labels: labels },
    HostConfig: {},
    NetworkSettings: {},
    Mounts: [],
  };
  return value;
}

describe("makeContainer", () => {
  it("derives name, followed image, labels and the resolved network mode", () => {
    const container = makeContainer(
      inspect({ Running: true, Restarting: false }, "nginx", { a: "b" }),
      undefined,
      "container:vpn",
    );
    expect(container).toMatchObject({
      id: "f".repeat(64),
      name: "/app",
      imageName: "nginx:latest",
      labels: { a: "b" },
      networkMode: "container:vpn",
      image: undefined,
    });
  });

  it.each([
    [{ Running: true, Restarting: false }, true],
    [{ Running: false, Restarting: true }, true],
    [{ Running: false, Restarting: false }, false],
  ])("isRunning %j is %s", (state, expected) => {
    expect(isRunning(makeContainer(inspect(state), undefined, "bridge"))).toBe(expected);
  });
});

describe("isInstance", () => {
  it.each<[Record<string, string>, boolean]>([
    [{ "com.centurylinklabs.watchtower": "true" }, true],
    [{ "com.centurylinklabs.watchtower": "True" }, false],
    [{ "com.centurylinklabs.watchtower": "1" }, false],
    [{ "com.centurylinklabs.watchtower": "false" }, false],
    [{ "com.centurylinklabs.watchtower.enable": "true" }, false],
    [{}, false],
  ])("%j is %s", (labels, expected) => {
    expect(isInstance(labels)).toBe(expected);
  });
});

describe("followedImage", () => {
  const ZODIAC = "com.centurylinklabs.zodiac.original-image";
  const HEX = "0123456789abcdef".repeat(4);
  it.each<[string, Record<string, string>, string]>([
    ["nginx", {}, "nginx:latest"],
    ["nginx:1.25", {}, "nginx:1.25"],
    ["docker.io/nginx", {}, "docker.io/nginx:latest"],
    ["localhost:5000/app", {}, "localhost:5000/app:latest"],
    ["localhost:5000/app:v2", {}, "localhost:5000/app:v2"],
    ["registry.example.com:443/team/app", {}, "registry.example.com:443/team/app:latest"],
    ["[::1]:5000/app", {}, "[::1]:5000/app:latest"],
    [`nginx@sha256:${HEX}`, {}, `nginx@sha256:${HEX}`],
    [`sha256:${HEX}`, {}, `sha256:${HEX}`],
    ["0123456789ab", {}, "0123456789ab"],
    ["Nginx", {}, "Nginx:latest"],
    ["ignored", { [ZODIAC]: "original/app" }, "original/app:latest"],
  ])("%j %j follows %j", (image, labels, expected) => {
    expect(followedImage(image, labels)).toBe(expected);
  });
});
