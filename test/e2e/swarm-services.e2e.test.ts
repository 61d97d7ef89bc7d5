/**
 * Swarm services (`--swarm-services`) against the swarm-mode dockerd of scripts/test-env-swarm.sh:
 * a stale replicated service is updated through Swarm, a failing image is rolled back by Swarm and
 * reported Failed with its reason, nothing moves without the flag, and task containers never go
 * through the container path. Images come from the loopback registry, as the nodes pull them.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { docker, publish, runBosun, runProcess, SANDBOX_ID, TEST_LABEL, uniqueName } from "./harness.ts";

function swarmHost(): string {
  const host = process.env.BOSUN_TEST_SWARM_HOST;
  if (host === undefined || host === "") {
    throw new Error(
      "BOSUN_TEST_SWARM_HOST is not set: scripts/test-env.sh up did not start the swarm dockerd (scripts/test-env-swarm.sh)",
    );
  }
  return host;
}

/** The docker CLI against the swarm daemon; throws with its stderr. */
async function swarm(args: string[], timeoutMs = 90_000): Promise<string> {
  const env = { ...process.env, DOCKER_HOST: swarmHost() };
  const result = await runProcess("docker", args, { env, timeoutMs });
  if (result.code !== 0) throw new Error(`docker ${args.join(" ")} (swarm) failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

const created: string[] = [];
const pulled: string[] = [];
const built: string[] = [];

/** An image pushed to the loopback registry, with the digest the registry gives its tag. */
async function pushed(repo: string, rev: number, lines: string[] = []) {
  const { ref } = await publish(repo, rev, { lines });
  built.push(ref);
  const digests = JSON.parse(
    await docker(["image", "inspect", "--format", "{{json .RepoDigests}}", ref]),
  ) as string[];
  const digest = digests[0]?.split("@")[1];
  if (digest === undefined) throw new Error(`${ref} has no RepoDigests after its push`);
  pulled.push(`${ref.split(":").slice(0, -1).join(":")}@${digest}`);
  return { ref, digest };
}

interface ServiceInspect {
  Version: { Index: number };
  Spec: { TaskTemplate: { ContainerSpec: { Image: string } } };
  UpdateStatus?: { State: string; Message: string };
}

async function inspectService(name: string): Promise<ServiceInspect> {
  const [first] = JSON.parse(await swarm(["service", "inspect", name])) as ServiceInspect[];
  if (first === undefined) throw new Error(`no service ${name}`);
  return first;
}

/** `<container id> <Config.Image>` of the running task containers of a service, sorted. */
async function runningTasks(name: string): Promise<string[]> {
  const ids = await swarm([
    "ps",
    "-q",
    "--filter",
    `label=com.docker.swarm.service.name=${name}`,
    "--filter",
    "status=running",
  ]);
  if (ids === "") return [];
  const out = await swarm(["inspect", "--format", "{{.Id}} {{.Config.Image}}", ...ids.split("\n")]);
  return out.split("\n").sort();
}

/**
 * A replicated service of 2 tasks, converged before it returns. Short grace, monitor and delay keep
 * the rolling updates of these tests to seconds; `extra` adds flags (e.g. the failure action).
 */
async function createService(name: string, image: string, extra: string[] = []) {
  created.push(name);
  await swarm([
    "service",
    "create",
    "--detach",
    "--quiet",
    "--name",
    name,
    "--label",
    `${TEST_LABEL}=${SANDBOX_ID}`,
    "--replicas",
    "2",
    "--stop-grace-period",
    "1s",
    "--update-parallelism",
    "2",
    "--update-delay",
    "0s",
    "--update-monitor",
    "2s",
    "--restart-delay",
    "1s",
    ...extra,
    image,
  ]);
  // Converged once both tasks run (the CLI's own wait adds a 5 s stability check).
  for (let i = 0; i < 120 && (await runningTasks(name)).length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(await runningTasks(name)).toHaveLength(2);
}

async function bosun(args: string[]) {
  return runBosun(["--run-once", "--porcelain", "v1", ...args], {
    env: { DOCKER_HOST: swarmHost() },
    timeoutMs: 120_000,
  });
}

beforeAll(async () => {
  // A missing or broken swarm daemon is a failure of the environment, never a skip.
  expect(await swarm(["info", "--format", "{{.Swarm.ControlAvailable}}"], 30_000)).toBe("true");
});

afterEach(async () => {
  const ids = await swarm(["service", "ls", "-q", "--filter", `label=${TEST_LABEL}=${SANDBOX_ID}`]);
  if (ids !== "") await swarm(["service", "rm", ...ids.split("\n")]);
  // Swarm removes the tasks' containers after the service; their images go once they are gone.
  const tasks = () =>
    Promise.all(
      created.map((name) => swarm(["ps", "-aq", "--filter", `label=com.docker.swarm.service.name=${name}`])),
    );
  for (let i = 0; i < 40 && (await tasks()).some((out) => out !== ""); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  created.splice(0);
  if (pulled.length > 0) await swarm(["image", "rm", "-f", ...pulled.splice(0)]).catch(() => "");
  if (built.length > 0) await docker(["image", "rm", "-f", ...built.splice(0)]).catch(() => "");
});

describe("--swarm-services", () => {
  it("updates a stale replicated service through Swarm: its tasks end on the new digest; tasks are not containers to Bosun", async () => {
    const repo = uniqueName("svc");
    const name = uniqueName("svc");
    const rev1 = await pushed(repo, 1);
    await createService(name, rev1.ref);
    const before = await inspectService(name);
    expect(before.Spec.TaskTemplate.ContainerSpec.Image).toBe(`${rev1.ref}@${rev1.digest}`);
    const rev2 = await pushed(repo, 2);
    expect(rev2.digest).not.toBe(rev1.digest);

    const run = await bosun(["--swarm-services"]);
    expect(run.code, run.stderr).toBe(0);
    // One line for the service, by its name; none for its two task containers.
    expect(run.stdout.trim().split("\n")).toEqual([`${name} (${rev2.ref}): Updated`]);
    const after = await inspectService(name);
    expect(after.Spec.TaskTemplate.ContainerSpec.Image).toBe(`${rev2.ref}@${rev2.digest}`);
    expect(after.UpdateStatus?.State).toBe("completed");
    const tasks = await runningTasks(name);
    expect(tasks).toHaveLength(2);
    for (const task of tasks) expect(task).toMatch(new RegExp(`^\\w+ ${rev2.ref}@${rev2.digest}$`));

    const again = await bosun(["--swarm-services"]);
    expect(again.stdout.trim().split("\n")).toEqual([`${name} (${rev2.ref}): Fresh`]);
    expect((await inspectService(name)).Version.Index).toBe(after.Version.Index);
  });

  it("a new image whose tasks fail, with failure action rollback: Failed with Swarm's reason, the service back on its image", async () => {
    const repo = uniqueName("svc");
    const name = uniqueName("svc");
    const rev1 = await pushed(repo, 1);
    await createService(name, rev1.ref, [
      "--update-failure-action",
      "rollback",
      "--update-max-failure-ratio",
      "0",
    ]);
    const tasksBefore = await runningTasks(name);
    const bad = await pushed(repo, 2, ['CMD ["/bin/false"]']);

    const run = await bosun(["--swarm-services"]);
    // Swarm's reason lives only while the rollback runs; a rollback over between two polls (a
    // loaded host) leaves only its final message.
    expect(run.stdout.trim()).toMatch(
      new RegExp(
        `^${name} \\(${bad.ref}\\): Failed Error: Swarm rolled the update back: (update rolled back due to failure or early termination of task \\w+|rollback completed)$`,
      ),
    );
    const after = await inspectService(name);
    expect(after.UpdateStatus?.State).toBe("rollback_completed");
    expect(after.Spec.TaskTemplate.ContainerSpec.Image).toBe(`${rev1.ref}@${rev1.digest}`);
    // rollback_completed can come before the rolled-back tasks report running: wait for them (bounded).
    let tasksAfter = await runningTasks(name);
    for (let i = 0; i < 60 && tasksAfter.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      tasksAfter = await runningTasks(name);
    }
    expect(tasksAfter).toHaveLength(2);
    for (const task of tasksAfter) expect(task).toMatch(new RegExp(`^\\w+ ${rev1.ref}@${rev1.digest}$`));
    expect(tasksAfter).not.toEqual(tasksBefore);
  });

  it("without the flag nothing in a stale service moves, and its task containers are not recreated by the container path", async () => {
    const repo = uniqueName("svc");
    const name = uniqueName("svc");
    const rev1 = await pushed(repo, 1);
    await createService(name, rev1.ref);
    const before = await inspectService(name);
    const tasks = await runningTasks(name);
    await pushed(repo, 2);

    // Even named as positional arguments: the rule is about what a task is, not about selection.
    const taskNames = (
      await swarm(["ps", "--filter", `label=com.docker.swarm.service.name=${name}`, "--format", "{{.Names}}"])
    ).split("\n");
    const run = await bosun(taskNames);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe("no containers matched filter");
    expect(await inspectService(name)).toEqual(before);
    expect(await runningTasks(name)).toEqual(tasks);
  });
});
