/**
 * @module Helpers for e2e tests against the private dockerd and registry of scripts/test-env.sh.
 * The tests drive the engine through the docker CLI, so they stay independent of Bosun's own client.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startDockerFaultProxy, type DockerFaultProxy } from "../support/docker-fault-proxy.ts";
import { tempDir } from "../support/temp-dir.ts";

const execFileAsync = promisify(execFile);

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BOSUN_BIN = `${ROOT}bin/bosun`;

/** Label put on everything a test creates, so a test file can remove what it made. */
export const TEST_LABEL = "bosun.test";
/**
 * This test file's value of TEST_LABEL: each file imports the harness in its own module graph, so
 * cleanup removes only what this file made, even while other test runs share the daemon.
 */
export const SANDBOX_ID = `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: the e2e global setup (scripts/test-env.sh up) did not run`);
  }
  return value;
}

export interface TestEnv {
  dockerHost: string;
  registry: string;
  registryLog: string;
  redisUrl: string;
  baseImage: string;
  dir: string;
  /** `tcp://127.0.0.1:PORT` of the same dockerd, with mutual TLS. */
  dockerTlsHost: string;
  /** Directory holding ca.pem, cert.pem and key.pem for `dockerTlsHost`. */
  dockerCertPath: string;
}

export function testEnv(): TestEnv {
  return {
    dockerHost: required("DOCKER_HOST"),
    registry: required("BOSUN_TEST_REGISTRY"),
    registryLog: required("BOSUN_TEST_REGISTRY_LOG"),
    redisUrl: required("BOSUN_TEST_REDIS_URL"),
    baseImage: required("BOSUN_TEST_BASE_IMAGE"),
    dir: required("BOSUN_TEST_DIR"),
    dockerTlsHost: required("BOSUN_TEST_DOCKER_TLS_HOST"),
    dockerCertPath: required("BOSUN_TEST_DOCKER_CERT_PATH"),
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The second private dockerd of scripts/test-env-second.sh, for the several-hosts tests. */
export function secondDockerHost(): string {
  return required("BOSUN_TEST_SECOND_DOCKER_HOST");
}

/**
 * Runs the docker CLI against the private daemon (or `host`, e.g. the second dockerd or the Podman
 * service) and returns its trimmed stdout; throws with stderr.
 */
export async function docker(
  args: string[],
  options: { input?: string; timeoutMs?: number; host?: string } = {},
) {
  const env = { ...process.env, DOCKER_HOST: options.host ?? testEnv().dockerHost, DOCKER_BUILDKIT: "0" };
  if (options.input === undefined) {
    try {
      const { stdout } = await execFileAsync("docker", args, {
        env,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout.trim();
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? "";
      throw new Error(`docker ${args.join(" ")} failed: ${stderr.trim() || String(error)}`, { cause: error });
    }
  }
  const result = await runProcess("docker", args, {
    env,
    input: options.input,
    timeoutMs: options.timeoutMs,
  });
  if (result.code !== 0) throw new Error(`docker ${args.join(" ")} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** Spawns a process with a bounded lifetime and collects its output. */
export function runProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string | undefined; timeoutMs?: number | undefined } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    // A process that exits before reading its input (bosun on a startup error) closes the pipe.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Builds an image FROM the local busybox base with the legacy builder (needed for HEALTHCHECK and
 * STOPSIGNAL) and no network. `lines` are Dockerfile instructions after FROM. Returns the image ID.
 */
export async function buildImage(tag: string, lines: string[] = []): Promise<string> {
  const dockerfile =
    [`FROM ${testEnv().baseImage}`, `LABEL ${TEST_LABEL}=${SANDBOX_ID}`, ...lines].join("\n") + "\n";
  await docker(["build", "--network", "none", "-q", "-t", tag, "-"], { input: dockerfile });
  return imageId(tag);
}

/** Builds revision `rev` of `repo` (`ENV REV=<rev>` plus `lines`) and pushes it as `<registry>/<repo>:<tag>`. */
export async function publish(
  repo: string,
  rev: number | string,
  options: { tag?: string; lines?: string[] } = {},
): Promise<{ ref: string; id: string }> {
  const ref = `${testEnv().registry}/${repo}:${options.tag ?? "latest"}`;
  const id = await buildImage(ref, [`ENV REV=${rev}`, ...(options.lines ?? [])]);
  await docker(["push", "-q", ref]);
  return { ref, id };
}

export async function imageId(ref: string): Promise<string> {
  return docker(["image", "inspect", "--format", "{{.Id}}", ref]);
}

export async function imageExists(ref: string): Promise<boolean> {
  return docker(["image", "inspect", ref]).then(
    () => true,
    () => false,
  );
}

/**
 * `docker run -d` with the test label; containers get `--network none` unless the args choose one.
 * `host`: another daemon than the main one.
 */
export async function runContainer(
  name: string,
  image: string,
  args: string[] = [],
  command: string[] = [],
  host?: string,
) {
  const hasNetwork = args.some(
    (arg) => arg === "--network" || arg.startsWith("--network=") || arg === "--net",
  );
  const networkArgs = hasNetwork ? [] : ["--network", "none"];
  return docker(
    [
      "run",
      "-d",
      "--name",
      name,
      "--label",
      `${TEST_LABEL}=${SANDBOX_ID}`,
      ...networkArgs,
      ...args,
      image,
      ...command,
    ],
    host === undefined ? {} : { host },
  );
}

export interface ContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  Created: string;
  State: { Status: string; Running: boolean; StartedAt: string; Pid: number };
  Config: {
    Image: string;
    Env: string[] | null;
    Cmd: string[] | null;
    Entrypoint: string[] | null;
    Labels: Record<string, string> | null;
    Hostname: string;
    [key: string]: unknown;
  };
  HostConfig: Record<string, unknown>;
  NetworkSettings: { Networks: Record<string, Record<string, unknown>> };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string }[];
}

export async function inspect(name: string): Promise<ContainerInspect> {
  const [first] = JSON.parse(await docker(["inspect", "--type", "container", name])) as ContainerInspect[];
  if (first === undefined) throw new Error(`docker inspect ${name} returned nothing`);
  return first;
}

export async function containerExists(name: string): Promise<boolean> {
  return inspect(name).then(
    () => true,
    () => false,
  );
}

/** Names (without `/`) of every container, running or not. */
export async function containerNames(): Promise<string[]> {
  const out = await docker(["ps", "-a", "--format", "{{.Names}}"]);
  return out === "" ? [] : out.split("\n");
}

/** Removes every container this test file created (by its sandbox label). Run in afterEach/afterAll. */
export async function removeTestContainers(): Promise<void> {
  const ids = await docker(["ps", "-aq", "--filter", `label=${TEST_LABEL}=${SANDBOX_ID}`]);
  if (ids !== "") await docker(["rm", "-f", "-v", ...ids.split("\n")]);
}

/** Runs `bin/bosun` against the private daemon with a bounded lifetime. */
export async function runBosun(
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // The run's own temp dir (test/support/run-temp-dir.ts): what Bosun leaves there fails the run.
    ...(process.env.TMPDIR !== undefined && { TMPDIR: process.env.TMPDIR }),
    DOCKER_HOST: testEnv().dockerHost,
    // No config.json of the machine's: tests that need credentials bring their own.
    DOCKER_CONFIG: `${testEnv().dir}/no-docker-config`,
    // Never the machine's /var/lib/bosun: a state dir (history, rejected images) per process.
    BOSUN_STATE_DIR: tempDir("state"),
    ...options.env,
  };
  return runProcess(process.execPath, [BOSUN_BIN, ...args], { env, timeoutMs: options.timeoutMs ?? 120_000 });
}

/** A line of `--log-format json`: logrus's shape (`"level":"info"`, RFC 3339 `time`, `msg`). */
export interface JsonLogLine {
  level: string;
  msg?: string;
  [field: string]: unknown;
}

/** The JSON log lines of a `--log-format json` run's stderr. */
export function jsonLines(stderr: string): JsonLogLine[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as JsonLogLine);
}

/** Lines `/<name> (<image>): <State>...` of a `--porcelain v1` run, keyed by container name. */
export function porcelainLines(stdout: string): Map<string, string> {
  const lines = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const match = /^(\/\S+) \((.+?)\): (.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[3] !== undefined) lines.set(match[1], match[3]);
  }
  return lines;
}

/** A position in the registry access log; `since()` returns the requests logged after it. */
export function markRegistryLog(): { since(): RegistryRequest[] } {
  return markAccessLog(testEnv().registryLog);
}

export interface RegistryRequest {
  method: string;
  path: string;
  status: number;
  /** The client's User-Agent: Bosun's starts with `bosun/`, the engine's with `docker/`. */
  userAgent: string;
}

/** Parses the combined-format access lines of the distribution registry's log. */
export function parseAccessLog(text: string): RegistryRequest[] {
  const requests: RegistryRequest[] = [];
  for (const line of text.split("\n")) {
    const match =
      /"(GET|HEAD|POST|PUT|PATCH|DELETE) (\S+) HTTP\/[\d.]+" (\d{3}) (?:\S+ "[^"]*" "([^"]*)")?/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined && match[3] !== undefined) {
      requests.push({
        method: match[1],
        path: match[2],
        status: Number(match[3]),
        userAgent: match[4] ?? "",
      });
    }
  }
  return requests;
}

/** A position in the registry access log at `path`; `since()` returns the requests logged after it. */
export function markAccessLog(path: string): { since(): RegistryRequest[] } {
  const offset = statSync(path).size;
  return { since: () => parseAccessLog(readFileSync(path).subarray(offset).toString("utf8")) };
}

/**
 * The recording fault proxy (test/support/docker-fault-proxy.ts) in front of the private dockerd,
 * on `<test dir>/<name>.sock`: its `host` is the DOCKER_HOST of the Bosun under test.
 */
export function startDaemonProxy(name: string): Promise<DockerFaultProxy> {
  return startDockerFaultProxy({
    upstreamSocket: testEnv().dockerHost.replace(/^unix:\/\//, ""),
    socketPath: `${testEnv().dir}/${name}.sock`,
  });
}

/** A unique, lowercase name for this test run, so reruns never collide with leftovers. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
