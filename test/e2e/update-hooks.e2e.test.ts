/**
 * Stop signal and timeout, lifecycle hooks, cleanup and volumes (§8.3 13, 14, 18–23, decision 14),
 * through the engine API against the real daemon and registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, imageExists, inspect, removeTestContainers, runContainer, uniqueName } from "./harness.ts";
import { resetTag, runSession, SLEEP, staleRepo } from "./update-helpers.ts";

const volumes: string[] = [];
afterAll(async () => {
  await removeTestContainers();
  for (const volume of volumes) await docker(["volume", "rm", volume]).catch(() => undefined);
});

const HOOK = "com.centurylinklabs.watchtower.lifecycle";
let stale: { ref: string; rev1: string; rev2: string };
beforeAll(async () => {
  stale = await staleRepo(uniqueName("hook"));
});

function volume(): string {
  const name = uniqueName("vol");
  volumes.push(name);
  return name;
}

describe("update engine: stop, hooks, cleanup, volumes", () => {
  it("stops with the stop-signal label (13)", async () => {
    await resetTag(stale);
    const name = uniqueName("sig");
    const vol = volume();
    const script =
      "trap 'echo HUP >> /data/sig; exit 0' HUP; trap 'echo TERM >> /data/sig; exit 0' TERM; sleep 600 & wait";
    await runContainer(
      name,
      stale.ref,
      ["-v", `${vol}:/data`, "--label", "com.centurylinklabs.watchtower.stop-signal=SIGHUP"],
      ["sh", "-c", script],
    );
    const result = await runSession({ names: [name] });
    expect(result.lines.get(`/${name}`)).toBe("Updated");
    expect(await docker(["exec", name, "cat", "/data/sig"])).toBe("HUP");
  });

  it("kills after the stop timeout when SIGTERM is ignored (14)", async () => {
    await resetTag(stale);
    const name = uniqueName("ign");
    await runContainer(name, stale.ref, [], ["sh", "-c", "trap '' TERM; sleep 600 & wait"]);
    const started = Date.now();
    const result = await runSession({ names: [name], stopTimeout: 2_000 });
    const elapsed = Date.now() - started;
    expect(result.lines.get(`/${name}`)).toBe("Updated");
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(9_000);
    expect((await inspect(name)).State.Running).toBe(true);
  });

  it("pre-update exit 75 or 1 skips the container as Failed (18, 19); post-update runs in the new one (20)", async () => {
    await resetTag(stale);
    const tempfail = uniqueName("p75");
    const failing = uniqueName("p1");
    const post = uniqueName("post");
    await runContainer(tempfail, stale.ref, ["--label", `${HOOK}.pre-update=exit 75`], SLEEP);
    await runContainer(failing, stale.ref, ["--label", `${HOOK}.pre-update=echo nope; exit 1`], SLEEP);
    await runContainer(post, stale.ref, ["--label", `${HOOK}.post-update=touch /tmp/done`], SLEEP);
    const before = await inspect(tempfail);
    const result = await runSession({ names: [tempfail, failing, post], enableLifecycleHooks: true });
    expect(result.lines.get(`/${tempfail}`)).toMatch(/^Failed Error: .*exit code 75 \(EX_TEMPFAIL\)/);
    expect(result.lines.get(`/${failing}`)).toMatch(/^Failed Error: .*exited with code 1: nope/);
    const after = await inspect(tempfail);
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect((await inspect(failing)).State.Running).toBe(true);
    expect(result.lines.get(`/${post}`)).toBe("Updated");
    expect(await docker(["exec", post, "ls", "/tmp/done"])).toBe("/tmp/done");
  });

  it("pre-check and post-check run for every selected container, even fresh ones (21)", async () => {
    await resetTag(stale);
    const name = uniqueName("chk");
    const vol = volume();
    await runContainer(
      name,
      stale.ref,
      [
        "-v",
        `${vol}:/data`,
        "--label",
        `${HOOK}.pre-check=echo pre >> /data/log`,
        "--label",
        `${HOOK}.post-check=echo post >> /data/log`,
      ],
      SLEEP,
    );
    await runSession({ names: [name] });
    const fresh = await runSession({ names: [name], enableLifecycleHooks: true });
    expect(fresh.lines.get(`/${name}`)).toBe("Fresh");
    expect((await docker(["exec", name, "cat", "/data/log"])).split("\n")).toEqual(["pre", "post"]);
  });

  it("cleanup removes the replaced image once, when no container uses it (22)", async () => {
    const repo = uniqueName("cln");
    // Image IDs are content addresses: a unique ENV keeps other tests' containers off this image.
    const own = await staleRepo(repo, {
      rev1Lines: [`ENV UNIQUE=${repo}`],
      rev2Lines: [`ENV UNIQUE=${repo}`],
    });
    const a = uniqueName("cla");
    const b = uniqueName("clb");
    await runContainer(a, own.ref, [], SLEEP);
    await runContainer(b, own.ref, [], SLEEP);
    const result = await runSession({ names: [a, b], cleanup: true });
    expect(result.lines.get(`/${a}`)).toBe("Updated");
    expect(result.lines.get(`/${b}`)).toBe("Updated");
    expect(await imageExists(own.rev1)).toBe(false);
    expect(await imageExists(own.rev2)).toBe(true);
  });

  it("anonymous volume data survives; remove-volumes keeps volumes in use and named ones (23, decision 14)", async () => {
    await resetTag(stale);
    const name = uniqueName("anon");
    const vol = volume();
    await runContainer(name, stale.ref, ["-v", "/anon", "-v", `${vol}:/named`], SLEEP);
    await docker(["exec", name, "sh", "-c", "echo keep > /anon/f && echo named > /named/f"]);
    const anonBefore = (await inspect(name)).Mounts.find((mount) => mount.Destination === "/anon");
    const result = await runSession({ names: [name], removeVolumes: true });
    expect(result.lines.get(`/${name}`)).toBe("Updated");
    const after = await inspect(name);
    expect(after.Mounts.find((mount) => mount.Destination === "/anon")?.Name).toBe(anonBefore?.Name);
    expect(await docker(["exec", name, "cat", "/anon/f"])).toBe("keep");
    expect(await docker(["exec", name, "cat", "/named/f"])).toBe("named");
  });
});
