import { afterAll, describe, expect, it } from "vitest";
import {
  docker,
  imageId,
  inspect,
  markRegistryLog,
  publish,
  removeTestContainers,
  runContainer,
  testEnv,
  uniqueName,
} from "./harness.ts";

afterAll(removeTestContainers);

describe("the private test environment", () => {
  it("runs a private dockerd without a default bridge", async () => {
    const info = JSON.parse(await docker(["info", "--format", "{{json .}}"])) as { DockerRootDir: string };
    expect(info.DockerRootDir.startsWith(testEnv().dir)).toBe(true);
    const networks = await docker(["network", "ls", "--format", "{{.Name}}"]);
    expect(networks.split("\n")).not.toContain("bridge");
  });

  it("publishes revisions to the loopback registry and logs the requests", async () => {
    const repo = uniqueName("env");
    const mark = markRegistryLog();
    const rev1 = await publish(repo, 1);
    const rev2 = await publish(repo, 2);
    expect(rev1.id).not.toBe(rev2.id);
    expect(await imageId(rev2.ref)).toBe(rev2.id);
    const puts = mark.since().filter((r) => r.method === "PUT" && r.path === `/v2/${repo}/manifests/latest`);
    expect(puts).toHaveLength(2);
  });

  it("runs containers from the busybox base", async () => {
    const name = uniqueName("env");
    await runContainer(name, testEnv().baseImage);
    const container = await inspect(name);
    expect(container.State.Running).toBe(true);
    expect(await docker(["exec", name, "sh", "-c", "echo ok"])).toBe("ok");
  });
});
