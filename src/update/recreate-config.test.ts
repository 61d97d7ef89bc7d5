import { describe, expect, it } from "vitest";
import type {
  ContainerConfig,
  ContainerInspect,
  EndpointSettings,
  HealthConfig,
  HostConfig,
  ImageInspect,
  MountPoint,
} from "../docker/types.ts";
import {
  apiAtLeast,
  configuredMacs,
  createConfig,
  createHostConfig,
  recreatePlan,
  type RecreateOptions,
} from "./recreate-config.ts";

const ID = `abcdef012345${"9".repeat(52)}`;
const SHORT_ID = "abcdef012345";
const VOLUME_A = "a".repeat(64);
const VOLUME_B = "b".repeat(64);

interface Fixture {
  config?: ContainerConfig;
  host?: HostConfig;
  networks?: Record<string, EndpointSettings> | null;
  mounts?: MountPoint[];
  status?: string;
}

function inspect(fixture: Fixture = {}): ContainerInspect {
  return {
    Id: ID,
    Name: "/app",
    Created: "2026-01-01T00:00:00Z",
    Image: `sha256:${"1".repeat(64)}`,
    State: {
      Status: fixture.status ?? "running",
      Running: (fixture.status ?? "running") === "running",
      Paused: false,
      Restarting: false,
      Pid: 1,
      ExitCode: 0,
      StartedAt: "",
      FinishedAt: "",
    },
    Config: { Image: "app:1", ...fixture.config },
    HostConfig: { NetworkMode: "bridge", ...fixture.host },
    NetworkSettings: { Networks: fixture.networks === undefined ? {} : fixture.networks },
    Mounts: fixture.mounts ?? [],
  };
}

function image(config: ContainerConfig | null = {}): ImageInspect {
  return { Id: `sha256:${"1".repeat(64)}`, RepoTags: [], RepoDigests: [], Created: "", Config: config };
}

const options = (extra: Partial<RecreateOptions> = {}): RecreateOptions => ({
  imageRef: "localhost:5000/app:latest",
  apiVersion: "1.47",
  networkMode: "bridge",
  ...extra,
});

const config = (
  fixture: Fixture,
  imageConfig: ContainerConfig | null = {},
  extra: Partial<RecreateOptions> = {},
) =>
  createConfig(
    inspect(fixture),
    image(imageConfig),
    options({ networkMode: fixture.host?.NetworkMode ?? "bridge", ...extra }),
  );

describe("apiAtLeast", () => {
  it.each([
    ["1.44", "1.44", true],
    ["1.47", "1.44", true],
    ["1.43", "1.44", false],
    ["1.41", "1.44", false],
    ["1.100", "1.44", true],
    ["2.0", "1.44", true],
    ["0.99", "1.44", false],
  ])("%s >= %s is %s", (version, wanted, expected) => {
    expect(apiAtLeast(version, wanted)).toBe(expected);
  });
});

describe("createConfig: the image's defaults are subtracted", () => {
  it("uses the followed reference, not the image ID", () => {
    expect(config({ config: { Image: "sha256:deadbeef" } }).Image).toBe("localhost:5000/app:latest");
  });

  it("Env: exact K=V entries of the image are dropped, user overrides and additions stay", () => {
    const result = config(
      { config: { Env: ["PATH=/usr/bin", "MODE=prod", "EXTRA=1", "KEEP=image"] } },
      { Env: ["PATH=/usr/bin", "MODE=dev", "KEEP=image"] },
    );
    expect(result.Env).toEqual(["MODE=prod", "EXTRA=1"]);
  });

  it("Env: missing on both sides gives an empty list", () => {
    expect(config({}, null).Env).toEqual([]);
  });

  it("Labels: image labels with an equal value are dropped; changed values and the watchtower label stay", () => {
    const result = config(
      {
        config: {
          Labels: {
            "org.opencontainers.image.version": "1.0",
            maintainer: "me",
            "com.centurylinklabs.watchtower": "true",
            "com.centurylinklabs.watchtower.enable": "true",
            user: "x",
          },
        },
      },
      {
        Labels: {
          "org.opencontainers.image.version": "1.0",
          maintainer: "someone else",
          "com.centurylinklabs.watchtower": "true",
          "com.centurylinklabs.watchtower.enable": "true",
        },
      },
    );
    expect(result.Labels).toEqual({ maintainer: "me", "com.centurylinklabs.watchtower": "true", user: "x" });
  });

  it("Volumes: the image's are dropped, the user's stay", () => {
    const result = config(
      { config: { Volumes: { "/data": {}, "/cache": {} } } },
      { Volumes: { "/data": {} } },
    );
    expect(result.Volumes).toEqual({ "/cache": {} });
  });

  it("ExposedPorts: the image's are dropped, the user's stay, and every port binding is exposed", () => {
    const result = config(
      {
        config: { ExposedPorts: { "80/tcp": {}, "9000/tcp": {} } },
        host: { PortBindings: { "80/tcp": [{ HostPort: "8080" }], "53/udp": [{ HostPort: "5353" }] } },
      },
      { ExposedPorts: { "80/tcp": {}, "443/tcp": {} } },
    );
    expect(Object.keys(result.ExposedPorts ?? {}).sort()).toEqual(["53/udp", "80/tcp", "9000/tcp"]);
  });

  it.each<[string, ContainerConfig, ContainerConfig, { Entrypoint: unknown; Cmd: unknown }]>([
    [
      "both equal the image's: both dropped",
      { Entrypoint: ["/init"], Cmd: ["serve"] },
      { Entrypoint: ["/init"], Cmd: ["serve"] },
      { Entrypoint: null, Cmd: null },
    ],
    [
      "entrypoint equal, cmd overridden: cmd kept",
      { Entrypoint: ["/init"], Cmd: ["debug"] },
      { Entrypoint: ["/init"], Cmd: ["serve"] },
      { Entrypoint: null, Cmd: ["debug"] },
    ],
    [
      "entrypoint overridden, cmd equal: both kept",
      { Entrypoint: ["/other"], Cmd: ["serve"] },
      { Entrypoint: ["/init"], Cmd: ["serve"] },
      { Entrypoint: ["/other"], Cmd: ["serve"] },
    ],
    [
      "no entrypoint anywhere, cmd equal: cmd dropped",
      { Entrypoint: null, Cmd: ["sh"] },
      { Cmd: ["sh"] },
      { Entrypoint: null, Cmd: null },
    ],
    [
      "entrypoint prefix only is not equal",
      { Entrypoint: ["/init", "--x"], Cmd: ["serve"] },
      { Entrypoint: ["/init"], Cmd: ["serve"] },
      { Entrypoint: ["/init", "--x"], Cmd: ["serve"] },
    ],
  ])("Entrypoint/Cmd: %s", (_, own, imageConfig, expected) => {
    const result = config({ config: own }, imageConfig);
    expect({ Entrypoint: result.Entrypoint, Cmd: result.Cmd }).toEqual(expected);
  });

  it.each<[string, ContainerConfig, ContainerConfig, ContainerConfig]>([
    [
      "equal to the image's: dropped",
      { WorkingDir: "/app", User: "node" },
      { WorkingDir: "/app", User: "node" },
      {},
    ],
    [
      "user-set: kept",
      { WorkingDir: "/srv", User: "1000:1000" },
      { WorkingDir: "/app", User: "node" },
      { WorkingDir: "/srv", User: "1000:1000" },
    ],
  ])("WorkingDir/User: %s", (_, own, imageConfig, expected) => {
    const result = config({ config: own }, imageConfig);
    expect({ WorkingDir: result.WorkingDir, User: result.User }).toEqual({
      WorkingDir: expected.WorkingDir,
      User: expected.User,
    });
    if (expected.WorkingDir === undefined) expect(result).not.toHaveProperty("WorkingDir");
  });

  const imageHealth = { Test: ["CMD", "true"], Interval: 30e9, Timeout: 5e9, Retries: 3, StartPeriod: 0 };
  it.each<[string, HealthConfig, HealthConfig | undefined]>([
    ["identical to the image's: removed", { ...imageHealth }, undefined],
    ["only the interval changed: only it stays", { ...imageHealth, Interval: 10e9 }, { Interval: 10e9 }],
    [
      "own test, same timings: only the test stays",
      { ...imageHealth, Test: ["CMD", "curl", "x"] },
      { Test: ["CMD", "curl", "x"] },
    ],
    ["disabled (NONE): kept", { ...imageHealth, Test: ["NONE"] }, { Test: ["NONE"] }],
  ])("Healthcheck: %s", (_, own, expected) => {
    const result = config({ config: { Healthcheck: own } }, { Healthcheck: imageHealth });
    expect(result.Healthcheck).toEqual(expected);
    if (expected === undefined) expect(result).not.toHaveProperty("Healthcheck");
  });

  it("Healthcheck: a container's own check is kept whole when the image has none", () => {
    const own = { Test: ["CMD", "true"], Interval: 1e9 };
    expect(config({ config: { Healthcheck: own } }, {}).Healthcheck).toEqual(own);
  });

  it.each<[string, Fixture, string, boolean]>([
    ["the short ID (engine default): dropped", { config: { Hostname: SHORT_ID } }, "bridge", false],
    ["user-chosen: kept", { config: { Hostname: "myhost", Domainname: "example.org" } }, "bridge", true],
    ["container: network mode: dropped", { config: { Hostname: "myhost" } }, "container:vpn", false],
    [
      "with a UTS mode: dropped",
      { config: { Hostname: "myhost" }, host: { UTSMode: "host" } },
      "bridge",
      false,
    ],
    ["empty UTS mode: kept", { config: { Hostname: "myhost" }, host: { UTSMode: "" } }, "bridge", true],
  ])("Hostname: %s", (_, fixture, networkMode, kept) => {
    const result = config(fixture, {}, { networkMode });
    if (kept) {
      expect(result.Hostname).toBe(fixture.config?.Hostname);
      expect(result.Domainname).toBe(fixture.config?.Domainname);
    } else {
      expect(result).not.toHaveProperty("Hostname");
      expect(result).not.toHaveProperty("Domainname");
    }
  });

  it("copies everything else as is", () => {
    const result = config({ config: { Tty: true, OpenStdin: true, StopSignal: "SIGINT", StopTimeout: 3 } });
    expect(result).toMatchObject({ Tty: true, OpenStdin: true, StopSignal: "SIGINT", StopTimeout: 3 });
  });

  it.each([
    ["user MAC, API < 1.44: kept in Config", "12:34:56:78:9a:bc", "1.41", true],
    ["user MAC, API >= 1.44: moves to the endpoint", "12:34:56:78:9a:bc", "1.44", false],
    ["user MAC in Docker's own 02:42: range: kept", "02:42:ac:11:00:02", "1.41", true],
    ["empty: dropped", "", "1.41", false],
  ])("Config.MacAddress: %s", (_, mac, apiVersion, kept) => {
    const result = config({ config: { MacAddress: mac } }, {}, { apiVersion });
    if (kept) expect(result.MacAddress).toBe(mac);
    else expect(result).not.toHaveProperty("MacAddress");
  });

  it("does not modify the inspect it is given", () => {
    const old = inspect({ config: { Env: ["A=1"], Hostname: SHORT_ID, Entrypoint: ["/x"] } });
    const before = structuredClone(old);
    createConfig(old, image({ Env: ["A=1"], Entrypoint: ["/x"] }), options());
    createHostConfig(old, options());
    expect(old).toEqual(before);
  });
});

describe("createHostConfig", () => {
  it("keeps the whole host config and sets the resolved network mode", () => {
    const host: HostConfig = {
      NetworkMode: "container:0123456789ab",
      RestartPolicy: { Name: "unless-stopped" },
      CapAdd: ["NET_ADMIN"],
      Memory: 1024,
      Binds: ["/host:/data:ro"],
    };
    const result = createHostConfig(inspect({ host }), options({ networkMode: "container:vpn" }));
    expect(result).toEqual({ ...host, NetworkMode: "container:vpn" });
  });

  it("rewrites links to name:alias", () => {
    const result = createHostConfig(
      inspect({ host: { Links: ["/db:/app/db", "/cache:/app/redis"] } }),
      options(),
    );
    expect(result.Links).toEqual(["db:db", "cache:redis"]);
  });

  it("re-attaches anonymous volumes at the same path; named volumes and binds are left to the host config", () => {
    const mounts: MountPoint[] = [
      {
        Type: "volume",
        Name: VOLUME_A,
        Source: "/var/lib/docker/volumes/a/_data",
        Destination: "/data",
        RW: true,
      },
      { Type: "volume", Name: VOLUME_B, Source: "/x", Destination: "/ro", RW: false },
      { Type: "volume", Name: "named", Source: "/y", Destination: "/named", RW: true },
      { Type: "bind", Source: "/host", Destination: "/bound", RW: true },
    ];
    const result = createHostConfig(
      inspect({ mounts, host: { Binds: ["named:/named", "/host:/bound"] } }),
      options(),
    );
    expect(result.Mounts).toEqual([
      { Type: "volume", Source: VOLUME_A, Target: "/data", ReadOnly: false },
      { Type: "volume", Source: VOLUME_B, Target: "/ro", ReadOnly: true },
    ]);
  });

  it("does not re-attach an anonymous volume where a bind or a mount already targets the path", () => {
    const mounts: MountPoint[] = [
      { Type: "volume", Name: VOLUME_A, Source: "/a", Destination: "/bound", RW: true },
      { Type: "volume", Name: VOLUME_B, Source: "/b", Destination: "/mounted", RW: true },
    ];
    const hostMounts = [{ Type: "bind", Source: "/srv", Target: "/mounted" }];
    const result = createHostConfig(
      inspect({ mounts, host: { Binds: ["/host:/bound:rw"], Mounts: hostMounts } }),
      options(),
    );
    expect(result.Mounts).toEqual(hostMounts);
  });

  it("an anonymous --mount (type=volume without a source) is pointed at the same volume", () => {
    const mounts: MountPoint[] = [
      { Type: "volume", Name: VOLUME_A, Source: "/a", Destination: "/data", RW: true },
    ];
    const hostMounts = [{ Type: "volume", Target: "/data", VolumeOptions: { NoCopy: true } }];
    const result = createHostConfig(inspect({ mounts, host: { Mounts: hostMounts } }), options());
    expect(result.Mounts).toEqual([
      { Type: "volume", Source: VOLUME_A, Target: "/data", VolumeOptions: { NoCopy: true } },
    ]);
  });

  it("leaves Mounts unset when there is nothing to mount", () => {
    expect(createHostConfig(inspect(), options())).not.toHaveProperty("Mounts");
  });
});

describe("recreatePlan", () => {
  it("drops Config.Volumes entries that are now explicit mounts", () => {
    const plan = recreatePlan(
      inspect({
        config: { Volumes: { "/data": {}, "/cache": {} } },
        mounts: [{ Type: "volume", Name: VOLUME_A, Source: "/a", Destination: "/data", RW: true }],
      }),
      image({}),
      options(),
    );
    expect(plan.body.Volumes).toEqual({ "/cache": {} });
    expect(plan.body.HostConfig?.Mounts).toEqual([
      { Type: "volume", Source: VOLUME_A, Target: "/data", ReadOnly: false },
    ]);
  });

  const networks = (): Record<string, EndpointSettings> => ({
    front: {
      Aliases: [SHORT_ID, "web", "www"],
      IPAMConfig: { IPv4Address: "10.0.0.5" },
      MacAddress: "02:42:0a:00:00:05",
      NetworkID: "n1",
      EndpointID: "e1",
      IPAddress: "10.0.0.5",
      Gateway: "10.0.0.1",
    },
    back: { Aliases: [SHORT_ID], IPAMConfig: null, MacAddress: "12:34:56:78:9a:bc", NetworkID: "n2" },
    extra: { Aliases: null, Links: ["db:database"], DriverOpts: { mtu: "1400" }, NetworkID: "n3" },
  });

  it("API >= 1.44: every endpoint at create, without the short-ID alias or operational data", () => {
    const plan = recreatePlan(
      inspect({
        config: { MacAddress: "12:34:56:78:9a:bc" },
        host: { NetworkMode: "front" },
        networks: networks(),
      }),
      image({}),
      options({ networkMode: "front", apiVersion: "1.44" }),
    );
    expect(plan.connectAfter).toEqual([]);
    expect(plan.body.NetworkingConfig?.EndpointsConfig).toEqual({
      front: { Aliases: ["web", "www"], IPAMConfig: { IPv4Address: "10.0.0.5" } },
      back: { MacAddress: "12:34:56:78:9a:bc" },
      extra: { Links: ["db:database"], DriverOpts: { mtu: "1400" } },
    });
    expect(plan.body).not.toHaveProperty("MacAddress");
  });

  it("API >= 1.44: a user MAC in 02:42: is kept on its endpoint, an engine-assigned one is not", () => {
    const plan = recreatePlan(
      inspect({
        config: { MacAddress: "02:42:0a:00:00:05" },
        host: { NetworkMode: "front" },
        networks: networks(),
      }),
      image({}),
      options({ networkMode: "front", apiVersion: "1.47" }),
    );
    const endpoints = plan.body.NetworkingConfig?.EndpointsConfig ?? {};
    expect(endpoints.front?.MacAddress).toBe("02:42:0a:00:00:05");
    expect(endpoints.back).not.toHaveProperty("MacAddress");
  });

  it.each<[string, Fixture, string[]]>([
    ["nothing configured, running", { networks: networks() }, []],
    ["Config.MacAddress, any range", { config: { MacAddress: "02:42:AC:11:00:99" } }, ["02:42:ac:11:00:99"]],
    [
      "never started: every endpoint MAC is the configured one",
      { status: "created", networks: networks() },
      ["02:42:0a:00:00:05", "12:34:56:78:9a:bc"],
    ],
    [
      "exited after running: endpoint MACs are what the engine assigned",
      { status: "exited", networks: networks() },
      [],
    ],
  ])("configuredMacs: %s", (_, fixture, macs) => {
    expect([...configuredMacs(inspect(fixture))].sort()).toEqual(macs);
  });

  it("API < 1.44: the network-mode endpoint at create, the others connected after", () => {
    const plan = recreatePlan(
      inspect({
        config: { MacAddress: "12:34:56:78:9a:bc" },
        host: { NetworkMode: "back" },
        networks: networks(),
      }),
      image({}),
      options({ networkMode: "back", apiVersion: "1.41" }),
    );
    expect(plan.body.NetworkingConfig?.EndpointsConfig).toEqual({ back: {} });
    expect(plan.connectAfter).toEqual([
      { network: "front", endpoint: { Aliases: ["web", "www"], IPAMConfig: { IPv4Address: "10.0.0.5" } } },
      { network: "extra", endpoint: { Links: ["db:database"], DriverOpts: { mtu: "1400" } } },
    ]);
    // Before 1.44 the user MAC travels in Config.
    expect(plan.body.MacAddress).toBe("12:34:56:78:9a:bc");
  });

  it("API < 1.44 with the default network mode: the first endpoint at create", () => {
    const plan = recreatePlan(
      inspect({ host: { NetworkMode: "default" }, networks: networks() }),
      image({}),
      options({ networkMode: "default", apiVersion: "1.43" }),
    );
    expect(Object.keys(plan.body.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(["front"]);
    expect(plan.connectAfter.map((entry) => entry.network)).toEqual(["back", "extra"]);
  });

  it.each(["host", "none"])("network mode %s: only that endpoint, nothing connected after", (mode) => {
    const plan = recreatePlan(
      inspect({
        host: { NetworkMode: mode },
        networks: { [mode]: { Aliases: ["x"], MacAddress: "12:34:56:78:9a:bc" } },
      }),
      image({}),
      options({ networkMode: mode, apiVersion: "1.41" }),
    );
    expect(plan.body.NetworkingConfig).toEqual({ EndpointsConfig: { [mode]: {} } });
    expect(plan.connectAfter).toEqual([]);
  });

  it("container: network mode: no networking config at all", () => {
    const plan = recreatePlan(
      inspect({ host: { NetworkMode: "container:0123" }, networks: networks() }),
      image({}),
      options({ networkMode: "container:vpn", apiVersion: "1.41" }),
    );
    expect(plan.body).not.toHaveProperty("NetworkingConfig");
    expect(plan.connectAfter).toEqual([]);
    expect(plan.body.HostConfig?.NetworkMode).toBe("container:vpn");
  });

  it("no networks at all: no networking config", () => {
    const plan = recreatePlan(inspect({ networks: null }), image({}), options({ apiVersion: "1.41" }));
    expect(plan.body).not.toHaveProperty("NetworkingConfig");
    expect(plan.connectAfter).toEqual([]);
  });

  it("works without an image inspect (nothing is subtracted)", () => {
    const plan = recreatePlan(
      inspect({ config: { Env: ["A=1"], Entrypoint: ["/x"], WorkingDir: "/w" } }),
      undefined,
      options(),
    );
    expect(plan.body).toMatchObject({ Env: ["A=1"], Entrypoint: ["/x"], WorkingDir: "/w" });
  });
});
