/**
 * @module Helpers for e2e tests against the Podman service of scripts/test-env-podman.sh. Containers
 * are made with the podman CLI, as a Podman user makes them; they are inspected through Podman's
 * Docker-compatible API (the docker CLI), which is what Bosun reads.
 */
import { createDockerClient } from "../../src/docker/client.ts";
import type { DockerClient } from "../../src/docker/types.ts";
import { docker, publish, runProcess, SANDBOX_ID, TEST_LABEL, type ContainerInspect } from "./harness.ts";

export interface PodmanEnv {
  /** `unix://…/podman.sock`. */
  host: string;
  /** CONTAINERS_CONF, CONTAINERS_STORAGE_CONF and CONTAINERS_REGISTRIES_CONF of the service. */
  configEnv: Record<string, string>;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: scripts/test-env.sh up did not start the Podman service`);
  }
  return value;
}

export function podmanEnv(): PodmanEnv {
  return {
    host: required("BOSUN_TEST_PODMAN_HOST"),
    configEnv: {
      CONTAINERS_CONF: required("BOSUN_TEST_PODMAN_CONTAINERS_CONF"),
      CONTAINERS_STORAGE_CONF: required("BOSUN_TEST_PODMAN_STORAGE_CONF"),
      CONTAINERS_REGISTRIES_CONF: required("BOSUN_TEST_PODMAN_REGISTRIES_CONF"),
    },
  };
}

/** Runs the podman CLI against the test service and returns its trimmed stdout; throws with stderr. */
export async function podman(args: string[]): Promise<string> {
  const env = podmanEnv();
  const result = await runProcess("podman", ["--remote", "--url", env.host, ...args], {
    env: { ...process.env, ...env.configEnv },
  });
  if (result.code !== 0) throw new Error(`podman ${args.join(" ")} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** `podman run -d` with the test label on network "none" (the service's default). */
export async function runPodmanContainer(name: string, image: string, args: string[], command: string[]) {
  return podman([
    "run",
    "-d",
    "--name",
    name,
    "--label",
    `${TEST_LABEL}=${SANDBOX_ID}`,
    ...args,
    image,
    ...command,
  ]);
}

/** The container as Podman's Docker-compatible API reports it. */
export async function inspectOnPodman(name: string): Promise<ContainerInspect> {
  const out = await docker(["inspect", "--type", "container", name], { host: podmanEnv().host });
  const [first] = JSON.parse(out) as ContainerInspect[];
  if (first === undefined) throw new Error(`inspect ${name} on Podman returned nothing`);
  return first;
}

/** Names of every Podman container, running or not. */
export async function podmanContainerNames(): Promise<string[]> {
  const out = await podman(["ps", "-a", "--format", "{{.Names}}"]);
  return out === "" ? [] : out.split("\n");
}

/** Removes this file's Podman containers (by the sandbox label) with their anonymous volumes. */
export async function removePodmanTestContainers(): Promise<void> {
  const ids = await podman(["ps", "-aq", "--filter", `label=${TEST_LABEL}=${SANDBOX_ID}`]);
  if (ids !== "") await podman(["rm", "-f", "-v", "-t", "0", ...ids.split("\n")]);
}

let client: DockerClient | undefined;

/** Bosun's own client connected to the Podman service. */
export async function podmanClient(): Promise<DockerClient> {
  client ??= await createDockerClient({ host: podmanEnv().host });
  return client;
}

/**
 * Publishes rev1 of `repo`, has Podman pull it, then publishes rev2: a Podman container run from the
 * tag is stale. Returns the tag and the image IDs (the same on dockerd and Podman).
 */
export async function stalePodmanRepo(repo: string): Promise<{ ref: string; rev1: string; rev2: string }> {
  const rev1 = await publish(repo, 1);
  await podman(["pull", "-q", rev1.ref]);
  const rev2 = await publish(repo, 2);
  return { ref: rev1.ref, rev1: rev1.id, rev2: rev2.id };
}
