/**
 * `--auto-rollback` (issue 13) against the real daemon: a new container that exits, crash-loops or
 * turns unhealthy is replaced by its original (same container ID, data intact), a healthy one is
 * accepted as soon as it is, the rejected image is not tried again by a later Bosun process, and
 * without the flag a crashing image is Updated as in Watchtower.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { REJECTED_DIR } from "../../src/state/rejected-images.ts";
import {
  docker,
  inspect,
  jsonLines,
  porcelainLines,
  publish,
  removeTestContainers,
  runBosun,
  runContainer,
  testEnv,
  uniqueName,
} from "./harness.ts";
import { leftovers, resetTag, runSession, SLEEP, staleRepo, stateOf } from "./update-helpers.ts";

const cmd = (argv: string[]) => `CMD ${JSON.stringify(argv)}`;
/** rev1 sleeps (and stops at once on SIGTERM); rev2 is given by the test. */
const REV1 = [cmd(SLEEP)];
const ROLLBACK = { autoRollback: true, rollbackWindow: 20_000 };
const FAST = { verifyPollMs: 200 };

type Stale = Awaited<ReturnType<typeof staleRepo>>;
/** Shared by the tests (builds are the slow part): rev2 exits at once with code 3. */
const CRASH_REPO = uniqueName("rb-crash");
let crashing: Stale;
/** rev2 has a HEALTHCHECK that passes when the container's env has HEALTHY=yes, else says why it fails. */
let checked: Stale;

beforeAll(async () => {
  crashing = await staleRepo(CRASH_REPO, {
    rev1Lines: REV1,
    rev2Lines: [cmd(["sh", "-c", "exit 3"])],
  });
  checked = await staleRepo(uniqueName("rb-health"), {
    rev1Lines: REV1,
    rev2Lines: [
      cmd(SLEEP),
      `HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD test "$HEALTHY" = yes || (echo "db is down"; false)`,
    ],
  });
}, 120_000);
afterEach(async () => {
  await resetTag(crashing);
  await resetTag(checked);
});
afterAll(removeTestContainers);

/** The old container is back: same ID, running its old image, nothing of Bosun's left. */
async function expectOriginalBack(name: string, before: { Id: string }, rev1: string): Promise<void> {
  const after = await inspect(name);
  expect(after.Id).toBe(before.Id);
  expect(after.State.Running).toBe(true);
  expect(after.Image).toBe(rev1);
  expect(await leftovers(name)).toEqual([]);
}

/** The new container took over: another ID, the new image, nothing of Bosun's left. */
async function expectReplaced(name: string, before: { Id: string }, rev2: string): Promise<void> {
  const after = await inspect(name);
  expect(after.Id).not.toBe(before.Id);
  expect(after.Image).toBe(rev2);
  expect(await leftovers(name)).toEqual([]);
}

/** A container from `stale`'s tag (`args` for docker run, then `prepare`), and one session over it. */
async function updateOne(
  prefix: string,
  stale: Stale,
  args: string[],
  options: Partial<typeof ROLLBACK> = ROLLBACK,
  prepare?: (name: string) => Promise<unknown>,
) {
  const name = uniqueName(prefix);
  await runContainer(name, stale.ref, args);
  await prepare?.(name);
  const before = await inspect(name);
  const result = await runSession({ names: [name], ...options }, FAST);
  return { name, before, result, line: result.lines.get(`/${name}`) };
}

describe("auto-rollback", () => {
  it("an image that exits at once: the same container comes back with its anonymous volume's data", async () => {
    const { name, before, result, line } = await updateOne(
      "rb-exit",
      crashing,
      ["-v", "/data"],
      ROLLBACK,
      (name) => docker(["exec", name, "sh", "-c", "echo precious > /data/file"]),
    );
    expect(line).toMatch(/^Failed Error: rolled back: exited with code 3 after [0-2] s$/);
    expect(result.report.containers[0]?.rolledBack).toBe(true);
    await expectOriginalBack(name, before, crashing.rev1);
    expect(await docker(["exec", name, "cat", "/data/file"])).toBe("precious");
  });

  it("a crash loop under restart=always is rolled back, the original keeps its policy", async () => {
    const { name, before, line } = await updateOne("rb-loop", crashing, ["--restart", "always"]);
    // Docker restarts it between two looks: seen down ("exited") or back up ("restarted"), by timing.
    expect(line).toMatch(
      /^Failed Error: rolled back: (exited with code 3|restarted \d+ times?) after [0-3] s$/,
    );
    await expectOriginalBack(name, before, crashing.rev1);
    expect(await docker(["inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}", name])).toBe("always");
  });

  it("a failing HEALTHCHECK is rolled back with the probe's last line", async () => {
    const { name, before, line } = await updateOne("rb-sick", checked, ["-e", "HEALTHY=no"]);
    expect(line).toBe("Failed Error: rolled back: unhealthy: db is down");
    await expectOriginalBack(name, before, checked.rev1);
  });

  it("a passing HEALTHCHECK is accepted as soon as it is healthy, well before the window", async () => {
    const started = Date.now();
    const { name, before, line } = await updateOne("rb-well", checked, ["-e", "HEALTHY=yes"], {
      autoRollback: true,
      rollbackWindow: 60_000,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(line).toBe("Updated");
    await expectReplaced(name, before, checked.rev2);
  });

  it("a parent rolled back takes its network_mode: container: child back to its namespace", async () => {
    const parent = uniqueName("rb-parent");
    const child = uniqueName("rb-child");
    const stale = crashing;
    await runContainer(parent, stale.ref);
    // The child is not stale (the local base image, never pulled): it is only restarted for its parent.
    await runContainer(
      child,
      testEnv().baseImage,
      ["--network", `container:${parent}`, "--label", "com.centurylinklabs.watchtower.no-pull=true"],
      SLEEP,
    );
    const [parentBefore, childBefore] = [await inspect(parent), await inspect(child)];

    const result = await runSession({ names: [parent, child], ...ROLLBACK }, FAST);
    expect(result.lines.get(`/${parent}`)).toMatch(/^Failed Error: rolled back: exited with code 3/);
    expect(stateOf(result, child)).toBe("Failed");
    expect(result.lines.get(`/${child}`)).toContain(`rolled back with /${parent}`);
    await expectOriginalBack(parent, parentBefore, stale.rev1);
    const childAfter = await inspect(child);
    expect(childAfter.Id).toBe(childBefore.Id);
    expect(childAfter.State.Running).toBe(true);
    expect(await leftovers(child)).toEqual([]);
    // The child shares the restored parent's network namespace.
    const netns = (name: string) => docker(["exec", name, "readlink", "/proc/1/ns/net"]);
    expect(await netns(child)).toBe(await netns(parent));
  });

  it("without auto-rollback a crashing image is Updated, as in Watchtower", async () => {
    const { name, before, line } = await updateOne("rb-off", crashing, [], {});
    expect(line).toBe("Updated");
    await expectReplaced(name, before, crashing.rev2);
  });

  it("a rejected image is not tried again by a restarted Bosun; a newer good image is applied", async () => {
    const name = uniqueName("rb-memo");
    // Last in the file: it pushes a newer image to the shared tag.
    const stale = crashing;
    await runContainer(name, stale.ref);
    const before = await inspect(name);
    const stateDir = await mkdtemp(join(tmpdir(), "bosun-state-"));
    try {
      const bosun = () =>
        runBosun(["--run-once", "--porcelain", "v1", "--log-format", "json", name], {
          env: { BOSUN_AUTO_ROLLBACK: "true", BOSUN_ROLLBACK_WINDOW: "3", BOSUN_STATE_DIR: stateDir },
        });
      const first = await bosun();
      expect(first.code).toBe(0);
      expect(porcelainLines(first.stdout).get(`/${name}`)).toMatch(
        /^Failed Error: rolled back: exited with code 3/,
      );
      // The notification entry: one error line says what happened.
      const entries = jsonLines(first.stderr).filter((line) => line.level === "error");
      expect(entries.map((line) => line.err)).toEqual([
        expect.stringMatching(/^rolled back: exited with code 3/),
      ]);
      expect(await readdir(join(stateDir, REJECTED_DIR))).toEqual([`${name}@${stale.rev2.slice(7)}.json`]);

      const second = await bosun();
      const short = stale.rev2.slice(7, 19);
      expect(porcelainLines(second.stdout).get(`/${name}`)).toMatch(
        new RegExp(`^Skipped Error: image ${short} was rolled back at \\d{4}-\\d\\d-\\d\\dT`),
      );
      expect((await inspect(name)).Id).toBe(before.Id);

      const rev3 = await publish(CRASH_REPO, 3, { lines: REV1 });
      const third = await bosun();
      expect(porcelainLines(third.stdout).get(`/${name}`)).toBe("Updated");
      expect((await inspect(name)).Image).toBe(rev3.id);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
