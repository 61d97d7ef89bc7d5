import { describe, expect, it } from "vitest";
import type { ContainerInspect } from "../docker/types.ts";
import { isInstance, isRunning, makeContainer, shortId } from "./container.ts";

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

describe("shortId", () => {
  it.each([
    [`sha256:${"0123456789ab".repeat(5)}abcd`, "0123456789ab"],
    ["abcdef0123456789", "abcdef012345"],
  ])("%s is %s", (id, expected) => {
    expect(shortId(id)).toBe(expected);
  });
});
