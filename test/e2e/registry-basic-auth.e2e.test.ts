/**
 * @module Digest checks and engine pulls against a real distribution registry with htpasswd
 * (Basic) auth: credentials from REPO_USER/REPO_PASS, from config.json `auths` and from a
 * credential helper; wrong or missing credentials are `unknown` with a clear, secret-free reason.
 */
import { spawn as nodeSpawn } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../src/docker/client.ts";
import type { DockerClient } from "../../src/docker/types.ts";
import type { SpawnFn } from "../../src/registry/cred-helper.ts";
import type { RegistryServiceOptions } from "../../src/registry/service.ts";
import { headFailureNotice } from "../../src/update/events/head-fallback.ts";
import { logEvents } from "../../src/update/events/publisher.ts";
import { docker, imageExists, testEnv, uniqueName } from "./harness.ts";
import {
  htpasswdFile,
  pushTo,
  startRegistry,
  tempDir,
  type ExtraRegistry,
  removeImagesOf,
  removeTempDirs,
  e2eRegistry,
} from "./registry-helpers.ts";

const USER = "bosun";
const PASSWORD = "Pa55-w0rd-4-basic-e2e";
const WRONG = "wrong-Secret-9f3c1a";

let registry: ExtraRegistry;
let pushConfig: string;
let client: DockerClient;
const services: { close(): Promise<void> }[] = [];

function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: pino({ level: "debug" }, stream) };
}

function service(extra: Partial<RegistryServiceOptions> = {}) {
  const created = e2eRegistry({ warnOnHeadFailure: "always", ...extra });
  services.push(created);
  return created;
}

/** A DOCKER_CONFIG directory holding `config`. */
function configDir(config: unknown): string {
  const dir = tempDir("docker-config");
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

function digestOf(repoDigest: string | undefined): string {
  return repoDigest?.split("@")[1] ?? "";
}

beforeAll(async () => {
  registry = await startRegistry(uniqueName("basic"), {
    auth: { htpasswd: await htpasswdFile(USER, PASSWORD) },
  });
  pushConfig = tempDir("push-config");
  await dockerWithLogin();
  client = await createDockerClient({ host: testEnv().dockerHost });
});

afterAll(async () => {
  await client.close();
  await Promise.all(services.map((s) => s.close()));
  await removeImagesOf(registry.host);
  await registry.stop();
  removeTempDirs();
});

async function dockerWithLogin(): Promise<void> {
  // Logs the CLI in once; pushes reuse pushConfig.
  await pushTo(registry.host, uniqueName("login-probe"), 0, {
    configDir: pushConfig,
    login: { user: USER, password: PASSWORD },
  });
}

function push(repo: string, rev: number) {
  return pushTo(registry.host, repo, rev, { configDir: pushConfig });
}

describe("Basic auth registry (htpasswd)", () => {
  it("the registry really requires credentials: anonymous checks are unknown with a clear reason", async () => {
    const { ref, repoDigests } = await push(uniqueName("basic-anon"), 1);
    const check = await service().checkDigest(ref, repoDigests);
    expect(check).toEqual({
      kind: "unknown",
      reason: `${registry.host} requires credentials and none are configured`,
      fallback: { image: ref, warn: true },
    });
  });

  it("REPO_USER/REPO_PASS: match for the current image, differs after a new push", async () => {
    const repo = uniqueName("basic-env");
    const first = await push(repo, 1);
    const checker = service({ repoUser: USER, repoPass: PASSWORD });
    const mark = registry.mark();
    expect(await checker.checkDigest(first.ref, first.repoDigests)).toEqual({
      kind: "match",
      remoteDigest: digestOf(first.repoDigests[0]),
    });
    const second = await push(repo, 2);
    expect(second.repoDigests).not.toEqual(first.repoDigests);
    expect(await checker.checkDigest(first.ref, first.repoDigests)).toEqual({
      kind: "differs",
      remoteDigest: digestOf(second.repoDigests[0]),
    });
    expect((await checker.checkDigest(second.ref, second.repoDigests)).kind).toBe("match");
    // The registry flushes its access log asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const own = mark.since().filter((r) => r.path.startsWith(`/v2/${repo}/manifests/`) || r.path === "/v2/");
    expect(own.filter((r) => r.method === "HEAD" && r.status === 200).length).toBeGreaterThanOrEqual(3);
    expect(mark.since().filter((r) => r.method === "GET" && r.path.includes(`/v2/${repo}/blobs/`))).toEqual(
      [],
    );
  });

  it.each([
    ["auth (base64)", (host: string) => ({ auths: { [host]: { auth: b64(`${USER}:${PASSWORD}`) } } })],
    ["username/password", (host: string) => ({ auths: { [host]: { username: USER, password: PASSWORD } } })],
    [
      "a legacy key with scheme and path",
      (host: string) => ({ auths: { [`http://${host}/v1/`]: { auth: b64(`${USER}:${PASSWORD}`) } } }),
    ],
  ])("config.json auths with %s: match, then differs after a new push", async (_form, config) => {
    const repo = uniqueName("basic-cfg");
    const first = await push(repo, 1);
    const checker = service({ dockerConfigDir: configDir(config(registry.host)) });
    expect(await checker.checkDigest(first.ref, first.repoDigests)).toEqual({
      kind: "match",
      remoteDigest: digestOf(first.repoDigests[0]),
    });
    const second = await push(repo, 2);
    expect(await checker.checkDigest(first.ref, first.repoDigests)).toEqual({
      kind: "differs",
      remoteDigest: digestOf(second.repoDigests[0]),
    });
  });

  it("REPO_USER/REPO_PASS win over config.json, as Watchtower (pkg/registry/trust.go)", async () => {
    const { ref, repoDigests } = await push(uniqueName("basic-order"), 1);
    const auths = (password: string) =>
      configDir({ auths: { [registry.host]: { auth: b64(`${USER}:${password}`) } } });
    const envWins = service({ dockerConfigDir: auths(WRONG), repoUser: USER, repoPass: PASSWORD });
    expect((await envWins.checkDigest(ref, repoDigests)).kind).toBe("match");
    const envWrong = service({ dockerConfigDir: auths(PASSWORD), repoUser: USER, repoPass: WRONG });
    expect((await envWrong.checkDigest(ref, repoDigests)).kind).toBe("unknown");
  });

  it.each([
    ["REPO_USER/REPO_PASS", () => ({ repoUser: USER, repoPass: WRONG })],
    [
      "config.json",
      () => ({
        dockerConfigDir: configDir({ auths: { [registry.host]: { auth: b64(`${USER}:${WRONG}`) } } }),
      }),
    ],
  ])(
    "wrong credentials from %s: unknown, the reason names the problem, never the password",
    async (_from, opts) => {
      const { ref, repoDigests } = await push(uniqueName("basic-wrong"), 1);
      const { lines, logger } = logCapture();
      const check = await service({ ...opts(), logger }).checkDigest(ref, repoDigests);
      expect(check.kind).toBe("unknown");
      const reason = check.kind === "unknown" ? check.reason : "";
      expect(reason).toMatch(new RegExp(`${registry.host}.*(denied|rejected).*401`));
      expect(reason).not.toContain(WRONG);
      expect(reason).not.toContain(b64(`${USER}:${WRONG}`));
      // The warning the session tells (warnOnHeadFailure "always") carries the reason, and no secret either.
      expect(check.kind === "unknown" && check.fallback?.warn).toBe(true);
      headFailureNotice(logEvents(logger), check);
      const logged = lines.join("\n");
      const notices = lines.flatMap((line) => (JSON.parse(line) as { notice?: string }).notice ?? []);
      expect(notices).toEqual(["head-fallback"]);
      expect(logged).not.toContain(WRONG);
      expect(logged).not.toContain(b64(`${USER}:${WRONG}`));
    },
  );

  it("registryAuth gives an X-Registry-Auth the real daemon accepts for a pull", async () => {
    const { ref } = await push(uniqueName("basic-pull"), 1);
    await docker(["image", "rm", "-f", ref]);
    expect(await imageExists(ref)).toBe(false);
    // Without credentials the daemon cannot pull: proves the header is what makes the pull work.
    await expect(client.pullImage(ref)).rejects.toThrow();
    const auth = await service({ repoUser: USER, repoPass: PASSWORD }).registryAuth(ref);
    expect(auth).toBeDefined();
    expect(auth).not.toContain(PASSWORD);
    await client.pullImage(ref, { registryAuth: auth ?? "" });
    expect(await imageExists(ref)).toBe(true);
  });

  it("registryAuth from config.json works for a pull too; anonymous registries get none", async () => {
    const { ref } = await push(uniqueName("basic-pull-cfg"), 1);
    await docker(["image", "rm", "-f", ref]);
    const checker = service({
      dockerConfigDir: configDir({ auths: { [registry.host]: { auth: b64(`${USER}:${PASSWORD}`) } } }),
    });
    const auth = await checker.registryAuth(ref);
    await client.pullImage(ref, { registryAuth: auth ?? "" });
    expect(await imageExists(ref)).toBe(true);
    expect(await checker.registryAuth(`${testEnv().registry}/other:1`)).toBeUndefined();
  });
});

describe("credential helpers (credHelpers in config.json)", () => {
  let helperDir: string;
  let spawnWithPath: SpawnFn;

  beforeAll(() => {
    helperDir = tempDir("cred-helper");
    const script = join(helperDir, "docker-credential-bosuntest");
    // The protocol: `get` with the server address on stdin, JSON on stdout, "credentials not found" otherwise.
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        'read -r server || [ -n "$server" ]',
        `echo "$server" >> "${helperDir}/asked"`,
        `if [ "$1" = get ] && [ "$server" = "${registry.host}" ]; then`,
        `  printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$server"`,
        "  exit 0",
        "fi",
        'echo "credentials not found in native keychain"',
        "exit 1",
        "",
      ].join("\n"),
    );
    chmodSync(script, 0o755);
    const empty = join(helperDir, "docker-credential-bosunempty");
    writeFileSync(
      empty,
      [
        "#!/bin/sh",
        `cat >> "${helperDir}/asked-empty"`,
        'echo "credentials not found in native keychain"',
        "exit 1",
        "",
      ].join("\n"),
    );
    chmodSync(empty, 0o755);
    const path = `${helperDir}:${process.env.PATH ?? ""}`;
    spawnWithPath = (command, args, options) =>
      nodeSpawn(command, args, { ...options, env: { ...process.env, PATH: path } });
  });

  it("a helper for the registry host gives credentials: match, and a pull with registryAuth", async () => {
    const { ref, repoDigests } = await push(uniqueName("basic-helper"), 1);
    const checker = service({
      dockerConfigDir: configDir({ credHelpers: { [registry.host]: "bosuntest" } }),
      spawn: spawnWithPath,
    });
    expect(await checker.checkDigest(ref, repoDigests)).toEqual({
      kind: "match",
      remoteDigest: digestOf(repoDigests[0]),
    });
    await docker(["image", "rm", "-f", ref]);
    await client.pullImage(ref, { registryAuth: (await checker.registryAuth(ref)) ?? "" });
    expect(await imageExists(ref)).toBe(true);
  });

  it("a helper answering 'credentials not found' falls back to config.json auths", async () => {
    const { ref, repoDigests } = await push(uniqueName("basic-helper-nf"), 1);
    const checker = service({
      dockerConfigDir: configDir({
        credHelpers: { [registry.host]: "bosunempty" },
        auths: { [registry.host]: { auth: b64(`${USER}:${PASSWORD}`) } },
      }),
      spawn: spawnWithPath,
    });
    expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(readFileSync(join(helperDir, "asked-empty"), "utf8")).toContain(registry.host);
  });

  it("a missing helper: unknown with an error naming the helper; registryAuth rejects likewise", async () => {
    const { ref, repoDigests } = await push(uniqueName("basic-helper-missing"), 1);
    const checker = service({
      dockerConfigDir: configDir({ credHelpers: { [registry.host]: "bosun-nonexistent" } }),
      spawn: spawnWithPath,
    });
    const check = await checker.checkDigest(ref, repoDigests);
    expect(check).toEqual({
      kind: "unknown",
      reason: "credential helper docker-credential-bosun-nonexistent not found on PATH",
    });
    await expect(checker.registryAuth(ref)).rejects.toThrow(/docker-credential-bosun-nonexistent/);
  });
});
