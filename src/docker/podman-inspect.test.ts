import { describe, expect, it } from "vitest";
import { containerInspect } from "../../test/support/container-inspect.ts";
import { podmanInspect, ulimitName } from "./podman-inspect.ts";
import type { ContainerInspect, HostConfig } from "./types.ts";

describe("ulimitName", () => {
  it.each([
    ["RLIMIT_NOFILE", "nofile"],
    ["RLIMIT_NPROC", "nproc"],
    ["RLIMIT_MEMLOCK", "memlock"],
    ["RLIMIT_AS", "as"],
    ["RLIMIT_RTTIME", "rttime"],
    ["rlimit_core", "core"],
    ["nofile", "nofile"],
    ["NOFILE", "nofile"],
    // Only the prefix goes: a name merely containing it is kept (lowercased).
    ["MY_RLIMIT_X", "my_rlimit_x"],
  ])("%s → %s", (name, expected) => {
    expect(ulimitName(name)).toBe(expected);
  });
});

function inspect(host: HostConfig, env: string[] | null, hostname = "f1317a10217d"): ContainerInspect {
  return containerInspect({ Hostname: hostname, Env: env, StopSignal: "15" }, host);
}

describe("podmanInspect", () => {
  it.each<[string, HostConfig, HostConfig]>([
    [
      "ulimits get the names create accepts, values untouched",
      {
        Ulimits: [
          { Name: "RLIMIT_NOFILE", Hard: 20000, Soft: 1024 },
          { Name: "RLIMIT_NPROC", Hard: 32768, Soft: 32768 },
        ],
      },
      {
        Ulimits: [
          { Name: "nofile", Hard: 20000, Soft: 1024 },
          { Name: "nproc", Hard: 32768, Soft: 32768 },
        ],
      },
    ],
    ["no ulimits stay none", { Ulimits: null }, { Ulimits: null }],
    [
      "private namespace modes are Docker's default",
      {
        UTSMode: "private",
        PidMode: "private",
        CgroupnsMode: "private",
        UsernsMode: "private",
        IpcMode: "shareable",
      },
      { UTSMode: "", PidMode: "", CgroupnsMode: "", UsernsMode: "", IpcMode: "shareable" },
    ],
    ["swappiness 0 is Podman's unset", { MemorySwappiness: 0 }, { MemorySwappiness: null }],
    ["a swappiness the user set is kept", { MemorySwappiness: 30 }, { MemorySwappiness: 30 }],
    [
      "other modes are kept",
      { UTSMode: "host", PidMode: "container:db", NetworkMode: "none" },
      { UTSMode: "host", PidMode: "container:db", NetworkMode: "none" },
    ],
  ])("%s", (_, host, expected) => {
    expect(podmanInspect(inspect(host, null)).HostConfig).toEqual(expected);
  });

  it.each<[string, string[] | null, string[] | null]>([
    [
      "drops the marker and the old hostname, keeps the rest",
      ["PATH=/bin", "TERM=xterm", "container=podman", "MINE=kept", "HOME=/root", "HOSTNAME=f1317a10217d"],
      ["PATH=/bin", "TERM=xterm", "MINE=kept", "HOME=/root"],
    ],
    ["a HOSTNAME the user chose apart from the hostname is kept", ["HOSTNAME=other"], ["HOSTNAME=other"]],
    ["no env stays none", null, null],
  ])("env: %s", (_, env, expected) => {
    expect(podmanInspect(inspect({}, env)).Config.Env).toEqual(expected);
  });

  it("leaves the input alone", () => {
    const original = inspect({ Ulimits: [{ Name: "RLIMIT_NOFILE", Hard: 1, Soft: 1 }] }, [
      "container=podman",
    ]);
    const copy = structuredClone(original);
    podmanInspect(original);
    expect(original).toEqual(copy);
  });
});
