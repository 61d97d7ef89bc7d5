/**
 * Basic update scenarios against Podman's Docker-compatible API (`podman system service`, rootful,
 * vfs): a stale container made with the podman CLI is updated keeping its env, labels, command,
 * restart policy and the data of a named and an anonymous volume; its dependent is restarted after
 * it; the next run through bin/bosun finds both Fresh. Bosun killed mid-swap on Podman loses
 * nothing: the next session restores the container (or keeps its replacement) and updates it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, porcelainLines, publish, runBosun, runProcess, uniqueName } from "./harness.ts";
import {
  inspectOnPodman,
  podman,
  podmanClient,
  podmanContainerNames,
  podmanEnv,
  removePodmanTestContainers,
  runPodmanContainer,
  stalePodmanRepo,
} from "./podman-helpers.ts";
import { runSession, SLEEP, stateOf } from "./update-helpers.ts";

const volumes: string[] = [];
const images: string[] = [];

afterAll(async () => {
  await removePodmanTestContainers();
  for (const volume of volumes) await podman(["volume", "rm", "-f", volume]).catch(() => undefined);
  for (const image of images) await podman(["rmi", "-f", image]).catch(() => undefined);
  await (await podmanClient()).close();
});

describe("update engine: Podman", () => {
  it("updates a stale container keeping its config and volume data, restarts its dependent, then Fresh", async () => {
    const repo = uniqueName("pod-app");
    const app = uniqueName("pod-app");
    const web = uniqueName("pod-web");
    const named = uniqueName("pod-data");
    volumes.push(named);
    // Podman holds rev1 under the tag; the registry moves on to rev2.
    const stale = await stalePodmanRepo(repo);
    const webImage = await publish(uniqueName("pod-web"), 1);
    images.push(stale.ref, webImage.ref);
    await podman(["pull", "-q", webImage.ref]);
    await runPodmanContainer(
      app,
      stale.ref,
      [
        "-e",
        "MINE=kept",
        "--label",
        "x.mine=yes",
        "--restart",
        "unless-stopped",
        "-v",
        `${named}:/named`,
        "-v",
        "/anon",
      ],
      SLEEP,
    );
    await podman(["exec", app, "sh", "-c", "echo named-data >/named/f && echo anon-data >/anon/f"]);
    await runPodmanContainer(
      web,
      webImage.ref,
      ["--label", `com.centurylinklabs.watchtower.depends-on=${app}`],
      SLEEP,
    );
    const before = await inspectOnPodman(app);
    const webBefore = await inspectOnPodman(web);

    const first = await runSession({ names: [app, web] }, { docker: await podmanClient() });
    expect((await podmanClient()).engine).toBe("podman");
    expect(first.report.containers.find((entry) => entry.name === `/${app}`)?.error).toBeUndefined();
    expect(first.lines.get(`/${app}`)).toBe("Updated");
    expect(stateOf(first, web)).toBe("Restarted");

    const after = await inspectOnPodman(app);
    expect(after.Id).not.toBe(before.Id);
    expect(after.Image).toBe(stale.rev2);
    expect(after.State.Running).toBe(true);
    expect(after.Config.Image).toBe(stale.ref);
    expect(after.Config.Env).toEqual(
      expect.arrayContaining(["MINE=kept", "REV=2", `HOSTNAME=${after.Config.Hostname}`]),
    );
    expect(after.Config.Env).not.toContain(`HOSTNAME=${before.Config.Hostname}`);
    expect(after.Config.Labels?.["x.mine"]).toBe("yes");
    expect(after.Config.Cmd).toEqual(SLEEP);
    expect(after.HostConfig.RestartPolicy).toEqual({ Name: "unless-stopped", MaximumRetryCount: 0 });
    expect(after.HostConfig.Ulimits).toEqual(before.HostConfig.Ulimits);
    const anonymous = (inspect: typeof before) =>
      inspect.Mounts.find((mount) => mount.Destination === "/anon")?.Name;
    expect(anonymous(after)).toBe(anonymous(before));
    expect(after.Mounts.find((mount) => mount.Destination === "/named")?.Name).toBe(named);
    expect(await podman(["exec", app, "cat", "/named/f", "/anon/f"])).toBe("named-data\nanon-data");
    expect((await podmanContainerNames()).filter((name) => name.includes("-bosun-"))).toEqual([]);

    const webAfter = await inspectOnPodman(web);
    expect(webAfter.State.Running).toBe(true);
    expect(webAfter.Image).toBe(webBefore.Image);
    expect(webAfter.State.StartedAt > after.State.StartedAt).toBe(true);

    // The second run goes through the CLI, as a user runs it with DOCKER_HOST on the Podman socket.
    const second = await runBosun(["--run-once", "--porcelain", "v1", app, web], {
      env: { DOCKER_HOST: podmanEnv().host },
    });
    expect(second.stderr).not.toContain("level=error");
    expect(second.code).toBe(0);
    const lines = porcelainLines(second.stdout);
    expect(lines.get(`/${app}`)).toBe("Fresh");
    expect(lines.get(`/${web}`)).toBe("Fresh");
    const again = await inspectOnPodman(app);
    expect(again.Id).toBe(after.Id);
    expect(again.State.StartedAt).toBe(after.State.StartedAt);
  });
});

describe("crash mid-swap on Podman", () => {
  // Killed while the old container is stopped aside, and once its replacement runs.
  it.each(["stopped", "started"])("killed after %s: the container comes back with its data", async (step) => {
    const stale = await stalePodmanRepo(uniqueName("pod-crash"));
    images.push(stale.ref);
    const name = uniqueName("pod-crash");
    await runPodmanContainer(name, stale.ref, ["-v", "/data", "-e", "KEEP=me"], SLEEP);
    await podman(["exec", name, "sh", "-c", "echo precious > /data/file"]);

    const killed = await runProcess(
      process.execPath,
      ["--import", "tsx", `${ROOT}test/e2e/fixtures/swap-and-die.ts`, name, step],
      { env: { ...process.env, DOCKER_HOST: podmanEnv().host }, timeoutMs: 60_000 },
    );
    expect(killed.stdout).toContain(`killed after ${step}`);
    expect(killed.signal).toBe("SIGKILL");

    const next = await runSession({ names: [name] }, { docker: await podmanClient() });
    expect(["Updated", "Fresh"]).toContain(next.lines.get(`/${name}`));
    expect((await podmanContainerNames()).filter((other) => other.startsWith(`${name}-bosun-`))).toEqual([]);
    const after = await inspectOnPodman(name);
    expect(after.State.Running).toBe(true);
    expect(after.Image).toBe(stale.rev2);
    expect(after.Config.Env).toContain("KEEP=me");
    expect(await podman(["exec", name, "cat", "/data/file"])).toBe("precious");
  });
});
