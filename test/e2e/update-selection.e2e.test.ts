/**
 * Selection and modes (§8.3 3–10, 24, 33) through the engine API against the real daemon and registry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildImage,
  docker,
  imageId,
  inspect,
  markRegistryLog,
  removeTestContainers,
  runContainer,
  uniqueName,
} from "./harness.ts";
import { resetTag, runSession, SLEEP, staleRepo } from "./update-helpers.ts";

afterAll(removeTestContainers);

const ENABLE = "com.centurylinklabs.watchtower.enable";
const MONITOR = "com.centurylinklabs.watchtower.monitor-only";
const SCOPE = "com.centurylinklabs.watchtower.scope";

let stale: { ref: string; rev1: string; rev2: string };
beforeAll(async () => {
  stale = await staleRepo(uniqueName("sel"));
});

async function run(prefix: string, args: string[] = [], command: string[] = SLEEP) {
  const name = uniqueName(prefix);
  await resetTag(stale);
  await runContainer(name, stale.ref, args, command);
  return { name, id: (await inspect(name)).Id };
}

describe("update engine: selection", () => {
  it("never touches enable=false, even when named (3)", async () => {
    const a = await run("off", ["--label", `${ENABLE}=false`]);
    const result = await runSession({ names: [a.name] });
    expect(result.stdout).toBe("no containers matched filter");
    expect((await inspect(a.name)).Id).toBe(a.id);
  });

  it("label-enable, names, regex names and disable-containers (4, 5, 6)", async () => {
    const a = await run("lea", ["--label", `${ENABLE}=true`]);
    const b = await run("leb");
    const c = await run("lec");
    const withLabel = await runSession({ names: [a.name, b.name], labelEnable: true });
    expect(withLabel.lines.get(`/${a.name}`)).toBe("Updated");
    expect(withLabel.lines.has(`/${b.name}`)).toBe(false);
    expect((await inspect(b.name)).Id).toBe(b.id);

    await resetTag(stale);
    const disabled = await runSession({ names: [b.name, `/${c.name}`], disableContainers: [c.name] });
    expect(disabled.lines.get(`/${b.name}`)).toBe("Updated");
    expect(disabled.lines.has(`/${c.name}`)).toBe(false);

    await resetTag(stale);
    const regex = await runSession({ names: [`${c.name.slice(0, -2)}.*`] });
    expect(regex.lines.get(`/${c.name}`)).toBe("Updated");
  });

  it("scope x sees only x; scope none only unscoped (7)", async () => {
    const scope = uniqueName("scope");
    const a = await run("sca", ["--label", `${SCOPE}=${scope}`]);
    const b = await run("scb");
    const scoped = await runSession({ names: [a.name, b.name], scope });
    expect(scoped.lines.get(`/${a.name}`)).toBe("Updated");
    expect(scoped.lines.has(`/${b.name}`)).toBe(false);
    await resetTag(stale);
    const none = await runSession({ names: [a.name, b.name], scope: "none" });
    expect(none.lines.get(`/${b.name}`)).toBe("Updated");
    expect(none.lines.has(`/${a.name}`)).toBe(false);
  });

  it("monitor-only pulls but does not update; the label with precedence wins (8, 9)", async () => {
    const a = await run("mon");
    const b = await run("mon", ["--label", `${MONITOR}=false`]);
    const monitor = await runSession({ names: [a.name, b.name], monitorOnly: true });
    expect(monitor.lines.get(`/${a.name}`)).toBe("Stale");
    expect(monitor.lines.get(`/${b.name}`)).toBe("Stale");
    expect((await inspect(a.name)).Id).toBe(a.id);
    expect(await imageId(stale.ref)).toBe(stale.rev2);
    const precedence = await runSession({
      names: [a.name, b.name],
      monitorOnly: true,
      labelTakePrecedence: true,
    });
    expect(precedence.lines.get(`/${a.name}`)).toBe("Stale");
    expect(precedence.lines.get(`/${b.name}`)).toBe("Updated");
  });

  it("no-pull updates to a local rebuild without contacting the registry (10)", async () => {
    const tag = `${uniqueName("local")}/app:latest`;
    await buildImage(tag, ["ENV REV=1"]);
    const name = uniqueName("np");
    await runContainer(name, tag, [], SLEEP);
    const rebuilt = await buildImage(tag, ["ENV REV=2"]);
    const log = markRegistryLog();
    const result = await runSession({ names: [name], noPull: true });
    expect(result.lines.get(`/${name}`)).toBe("Updated");
    expect((await inspect(name)).Image).toBe(rebuilt);
    expect(log.since()).toEqual([]);
  });

  it("stopped containers: untouched, re-created not started, revived (24)", async () => {
    const a = await run("stp");
    await docker(["stop", "-t", "1", a.name]);
    const untouched = await runSession({ names: [a.name] });
    expect(untouched.stdout).toBe("no containers matched filter");
    const created = await runSession({ names: [a.name], includeStopped: true });
    expect(created.lines.get(`/${a.name}`)).toBe("Updated");
    const recreated = await inspect(a.name);
    expect(recreated.Id).not.toBe(a.id);
    expect(recreated.State.Status).toBe("created");

    const b = await run("rev");
    await docker(["stop", "-t", "1", b.name]);
    const revived = await runSession({ names: [b.name], includeStopped: true, reviveStopped: true });
    expect(revived.lines.get(`/${b.name}`)).toBe("Updated");
    expect((await inspect(b.name)).State.Running).toBe(true);
  });

  it("no-restart re-creates without starting (decision 3)", async () => {
    const a = await run("nrs");
    const result = await runSession({ names: [a.name], noRestart: true });
    expect(result.lines.get(`/${a.name}`)).toBe("Updated");
    const after = await inspect(a.name);
    expect(after.Id).not.toBe(a.id);
    expect(after.Image).toBe(stale.rev2);
    expect(after.State.Status).toBe("created");
  });

  it("pinned references are never updated (33)", async () => {
    const digestRef = (
      await docker(["image", "inspect", "--format", "{{index .RepoDigests 0}}", stale.rev1])
    ).trim();
    const a = await run("pin");
    await docker(["rm", "-f", a.name]);
    await runContainer(a.name, digestRef, [], SLEEP);
    const b = uniqueName("pid");
    await runContainer(b, stale.rev1, [], SLEEP);
    const before = await inspect(a.name);
    const result = await runSession({ names: [a.name, b] });
    expect(result.lines.get(`/${a.name}`)).toBe("Fresh");
    expect(result.lines.get(`/${b}`)).toMatch(/^Skipped Error: .*bare image ID/);
    expect((await inspect(a.name)).Id).toBe(before.Id);
    expect(result.report.failed).toEqual([]);
  });
});
