/**
 * The recreation matrix (§8.3 11, 12 and decision 14): everything a replacement must keep, on
 * internal user-defined networks, through the engine API against the real daemon and registry.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  docker,
  inspect,
  removeTestContainers,
  runContainer,
  SANDBOX_ID,
  TEST_LABEL,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { dockerClient, runSession, SLEEP, staleRepo } from "./update-helpers.ts";

const networks: string[] = [];
const volumes: string[] = [];
afterAll(async () => {
  await removeTestContainers();
  for (const network of networks) await docker(["network", "rm", network]).catch(() => undefined);
  for (const volume of volumes) await docker(["volume", "rm", volume]).catch(() => undefined);
});

let stale: { ref: string; rev1: string; rev2: string };
let net1: string;
let net2: string;
let subnet: string;
beforeAll(async () => {
  const health = (cmd: string) => `HEALTHCHECK --interval=30s CMD ${cmd}`;
  stale = await staleRepo(uniqueName("rec"), {
    rev1Lines: [health("true"), 'CMD ["sleep", "601"]', "ENV IMG=one"],
    rev2Lines: [health("echo two"), 'CMD ["sleep", "602"]', "ENV IMG=two"],
  });
  net1 = uniqueName("rn1");
  net2 = uniqueName("rn2");
  const octet = 100 + Math.floor(Math.random() * 100);
  subnet = `10.231.${octet}`;
  await docker([
    "network",
    "create",
    "--internal",
    "--subnet",
    `${subnet}.0/24`,
    "--label",
    "bosun.test=rec",
    net1,
  ]);
  await docker(["network", "create", "--internal", "--label", "bosun.test=rec", net2]);
  networks.push(net1, net2);
});

describe("update engine: recreation", () => {
  it("keeps the configuration, networks and data; image defaults come from the new image (11)", async () => {
    const name = uniqueName("full");
    const vol = uniqueName("named");
    volumes.push(vol);
    const bindDir = `${testEnv().dir}/${uniqueName("bind")}`;
    mkdirSync(bindDir, { recursive: true });
    writeFileSync(`${bindDir}/f`, "bound\n");
    await runContainer(name, stale.ref, [
      "--network",
      net1,
      "--ip",
      `${subnet}.5`,
      "--network-alias",
      "web",
      "-e",
      "FOO=bar",
      "--label",
      "x=y",
      "--hostname",
      "h1",
      "-v",
      `${vol}:/named`,
      "-v",
      "/anon",
      "-v",
      `${bindDir}:/bound:ro`,
      "--restart",
      "unless-stopped",
      "--cap-add",
      "NET_ADMIN",
      "--tmpfs",
      "/run/x",
      "--ulimit",
      "nofile=1024:2048",
      "--memory",
      "64m",
      "--log-opt",
      "max-size=1m",
      "--workdir",
      "/tmp",
      "--user",
      "1000",
      "--expose",
      "9999",
    ]);
    await docker(["network", "connect", "--alias", "second", net2, name]);
    await docker(["exec", "-u", "0", name, "sh", "-c", "echo anon > /anon/f && echo named > /named/f"]);
    const before = await inspect(name);

    const result = await runSession({ names: [name] });
    expect(result.lines.get(`/${name}`)).toBe("Updated");
    const after = await inspect(name);
    expect(after.Id).not.toBe(before.Id);
    expect(after.Image).toBe(stale.rev2);
    expect(after.State.Running).toBe(true);
    expect(after.Config.Env).toEqual(expect.arrayContaining(["FOO=bar", "REV=2", "IMG=two"]));
    expect(after.Config.Env).not.toContain("IMG=one");
    expect(after.Config.Cmd).toEqual(["sleep", "602"]);
    expect(after.Config.Labels?.x).toBe("y");
    expect(after.Config.Hostname).toBe("h1");
    expect(after.Config.WorkingDir).toBe("/tmp");
    expect(after.Config.User).toBe("1000");
    expect(after.Config.Healthcheck).toMatchObject({ Test: ["CMD-SHELL", "echo two"] });
    expect(Object.keys(after.Config.ExposedPorts as object)).toContain("9999/tcp");
    const host = after.HostConfig;
    expect(host.RestartPolicy).toMatchObject({ Name: "unless-stopped" });
    expect(host.CapAdd).toEqual([expect.stringMatching(/^(CAP_)?NET_ADMIN$/)]);
    expect(host.Tmpfs).toHaveProperty("/run/x");
    expect(host.Ulimits).toEqual([{ Name: "nofile", Soft: 1024, Hard: 2048 }]);
    expect(host.Memory).toBe(64 * 1024 * 1024);
    expect(host.LogConfig).toMatchObject({ Config: { "max-size": "1m" } });
    const nets = after.NetworkSettings.Networks;
    expect(nets[net1]?.IPAMConfig).toMatchObject({ IPv4Address: `${subnet}.5` });
    expect(nets[net1]?.IPAddress).toBe(`${subnet}.5`);
    expect(nets[net1]?.Aliases).toContain("web");
    expect(nets[net1]?.Aliases).not.toContain(before.Id.slice(0, 12));
    expect(nets[net2]?.Aliases).toContain("second");
    expect(await docker(["exec", name, "cat", "/anon/f", "/named/f", "/bound/f"])).toBe("anon\nnamed\nbound");
  });

  it("keeps an explicit command; a hostname equal to the old short ID is not frozen (12)", async () => {
    const name = uniqueName("cmd");
    await docker(["tag", stale.rev1, stale.ref]);
    await runContainer(name, stale.ref, [], SLEEP);
    const before = await inspect(name);
    expect((await runSession({ names: [name] })).lines.get(`/${name}`)).toBe("Updated");
    const after = await inspect(name);
    expect(after.Config.Cmd).toEqual(SLEEP);
    expect(after.Config.Hostname).toBe(after.Id.slice(0, 12));
    expect(after.Config.Hostname).not.toBe(before.Config.Hostname);
  });

  it.each([
    [false, 60],
    [true, null],
  ])(
    "--disable-memory-swappiness=%s: the replacement's MemorySwappiness is %s (beatkind, for Podman)",
    async (disable, expected) => {
      const name = uniqueName("swap");
      await docker(["tag", stale.rev1, stale.ref]);
      await runContainer(name, stale.ref, ["--memory-swappiness", "60"], SLEEP);
      expect((await inspect(name)).HostConfig.MemorySwappiness).toBe(60);
      const result = await runSession({ names: [name], disableMemorySwappiness: disable });
      expect(result.lines.get(`/${name}`)).toBe("Updated");
      expect((await inspect(name)).HostConfig.MemorySwappiness ?? null).toBe(expected);
    },
  );

  // 02:42: is the range Docker itself assigns from: a user may still choose such a MAC (R6).
  it.each(["02:11:22:33:44:55", "02:42:0a:e7:00:99"])("keeps a user-set MAC address %s", async (mac) => {
    const name = uniqueName("mac");
    const client = await dockerClient();
    await docker(["tag", stale.rev1, stale.ref]);
    const id = await client.createContainer(name, {
      Image: stale.ref,
      Cmd: SLEEP,
      MacAddress: mac,
      Labels: { [TEST_LABEL]: SANDBOX_ID },
      HostConfig: { NetworkMode: net1 },
    });
    await client.startContainer(id);
    const result = await runSession({ names: [name] });
    expect(result.lines.get(`/${name}`)).toBe("Updated");
    const after = await inspect(name);
    expect(after.Id).not.toBe(id);
    expect(after.NetworkSettings.Networks[net1]?.MacAddress).toBe(mac);
    expect(after.Config.MacAddress).toBe(mac);
  });

  it("does not freeze the MAC the engine assigned", async () => {
    const name = uniqueName("mac");
    await docker(["tag", stale.rev1, stale.ref]);
    await runContainer(name, stale.ref, ["--network", net1], SLEEP);
    const before = await inspect(name);
    expect(before.Config.MacAddress ?? "").toBe("");
    expect((await runSession({ names: [name] })).lines.get(`/${name}`)).toBe("Updated");
    const after = await inspect(name);
    expect(after.Config.MacAddress ?? "").toBe("");
  });
});
