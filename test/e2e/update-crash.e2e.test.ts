/**
 * Decision 13: Bosun killed (SIGKILL) at each step of a swap never loses the container; the next
 * session restores it (or keeps the running replacement) and then completes the update.
 */
import { afterAll, describe, expect, it } from "vitest";
import { SWAP_STEPS } from "../../src/update/swap.ts";
import {
  ROOT,
  containerNames,
  docker,
  inspect,
  removeTestContainers,
  runContainer,
  runProcess,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { SLEEP, resetTag, runSession, staleRepo } from "./update-helpers.ts";

afterAll(removeTestContainers);

const FIXTURE = `${ROOT}test/e2e/fixtures/swap-and-die.ts`;
/**
 * Killed before the replacement started: the next start rolls the swap back. Killed while it was
 * verified (`verifying`, --auto-rollback), as after `started`: the started replacement is kept.
 */
const ROLLED_BACK: readonly string[] = ["prepared", "set-aside", "stopped", "replacement-created"];

describe("update engine: crash mid-swap", () => {
  it.each(SWAP_STEPS)("killed after %s: the container comes back with its data", async (step) => {
    const stale = await staleRepo(uniqueName("crash"));
    const name = uniqueName("crash");
    await runContainer(name, stale.ref, ["-v", "/data", "-e", "KEEP=me"], SLEEP);
    await docker(["exec", name, "sh", "-c", "echo precious > /data/file"]);
    const before = await inspect(name);

    const killed = await runProcess(process.execPath, ["--import", "tsx", FIXTURE, name, step], {
      env: { ...process.env, DOCKER_HOST: testEnv().dockerHost },
      timeoutMs: 60_000,
    });
    expect(killed.stdout).toContain(`killed after ${step}`);
    expect(killed.signal).toBe("SIGKILL");

    // The next start of Bosun: recovery, then a normal session.
    const next = await runSession({ names: [name] });
    expect(["Updated", "Fresh"]).toContain(next.lines.get(`/${name}`));

    const leftovers = (await containerNames()).filter((other) => other.startsWith(`${name}-bosun-`));
    expect(leftovers).toEqual([]);
    const after = await inspect(name);
    expect(after.State.Running).toBe(true);
    expect(after.Image).toBe(stale.rev2);
    expect(after.Config.Env).toContain("KEEP=me");
    expect(await docker(["exec", name, "cat", "/data/file"])).toBe("precious");
    if (ROLLED_BACK.includes(step)) {
      // The old container was restored, then updated by the second session.
      expect(after.Id).not.toBe(before.Id);
    }
    await resetTag(stale);
  });
});
