/**
 * Basic update scenarios (§8.3 1, 2, 33) through the engine API against the real daemon and registry.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  docker,
  inspect,
  publish,
  removeTestContainers,
  runContainer,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { runSession } from "./update-helpers.ts";

afterAll(removeTestContainers);

describe("update engine: basic", () => {
  it("updates a stale container keeping env, label and command, then reports Fresh (1, 2, 34)", async () => {
    const repo = uniqueName("app");
    const name = uniqueName("app");
    const rev1 = await publish(repo, 1);
    await runContainer(
      name,
      rev1.ref,
      ["-e", "MINE=kept", "--label", "x.mine=yes"],
      ["sh", "-c", "sleep 600"],
    );
    const before = await inspect(name);
    const rev2 = await publish(repo, 2);
    await docker(["rmi", rev2.ref]);
    await docker(["tag", rev1.id, rev1.ref]);

    const first = await runSession({ names: [name] });
    expect(first.lines.get(`/${name}`)).toBe("Updated");
    expect(first.stdout).toContain(`/${name} (${testEnv().registry}/${repo}:latest): Updated`);
    const after = await inspect(name);
    expect(after.Id).not.toBe(before.Id);
    expect(after.Image).toBe(rev2.id);
    expect(after.State.Running).toBe(true);
    expect(after.Config.Env).toContain("MINE=kept");
    expect(after.Config.Env).toContain("REV=2");
    expect(after.Config.Labels?.["x.mine"]).toBe("yes");
    expect(after.Config.Cmd).toEqual(["sh", "-c", "sleep 600"]);
    expect(after.Config.Image).toBe(`${testEnv().registry}/${repo}:latest`);

    const second = await runSession({ names: [name] });
    expect(second.lines.get(`/${name}`)).toBe("Fresh");
    const again = await inspect(name);
    expect(again.Id).toBe(after.Id);
    expect(again.State.StartedAt).toBe(after.State.StartedAt);
  });
});
