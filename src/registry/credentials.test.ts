import { spawn } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-dir.ts";
import { systemClock } from "../util/clock.ts";
import type { SpawnFn } from "./cred-helper.ts";
import { basicAuthorization, createCredentialResolver, encodeRegistryAuth } from "./credentials.ts";

const b64 = (text: string) => Buffer.from(text).toString("base64");

function configDir(config: unknown): string {
  const dir = tempDir("cred");
  writeFileSync(join(dir, "config.json"), typeof config === "string" ? config : JSON.stringify(config));
  return dir;
}

/** Real helper scripts in a temp dir; the injected spawn resolves the command there instead of PATH. */
function helpers(scripts: Record<string, string>): { spawn: SpawnFn; calls: string[] } {
  const dir = tempDir("helpers");
  const calls: string[] = [];
  for (const [name, body] of Object.entries(scripts)) {
    const path = join(dir, `docker-credential-${name}`);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
  }
  return {
    calls,
    spawn: (command, args, options) => {
      calls.push(command);
      return spawn(join(dir, command), args, options);
    },
  };
}

const resolver = (dir: string, extra: { spawn?: SpawnFn; repoUser?: string; repoPass?: string } = {}) =>
  createCredentialResolver({
    dockerConfigDir: dir,
    clock: systemClock,
    spawn: extra.spawn ?? helpers({}).spawn,
    ...extra,
  });

describe("credentials from config.json", () => {
  it.each([
    [
      "auth base64",
      { auths: { "localhost:5000": { auth: b64("u:p:w") } } },
      "localhost:5000",
      { username: "u", password: "p:w" },
    ],
    [
      "username/password",
      { auths: { "ghcr.io": { username: "u", password: "p" } } },
      "ghcr.io",
      { username: "u", password: "p" },
    ],
    [
      "identitytoken",
      { auths: { "myacr.io": { identitytoken: "idt" } } },
      "myacr.io",
      { identityToken: "idt" },
    ],
    [
      "legacy hub key",
      { auths: { "https://index.docker.io/v1/": { auth: b64("hu:hp") } } },
      "docker.io",
      { username: "hu", password: "hp" },
    ],
    [
      "hub key without scheme",
      { auths: { "index.docker.io": { auth: b64("hu:hp") } } },
      "docker.io",
      { username: "hu", password: "hp" },
    ],
    [
      "docker.io key",
      { auths: { "docker.io": { auth: b64("hu:hp") } } },
      "docker.io",
      { username: "hu", password: "hp" },
    ],
    [
      "scheme and path",
      { auths: { "https://reg.example.com/v2/": { auth: b64("a:b") } } },
      "reg.example.com",
      { username: "a", password: "b" },
    ],
  ])("%s", async (_name, config, domain, expected) => {
    expect(await resolver(configDir(config)).resolve(domain)).toMatchObject({
      ...expected,
      source: "config",
    });
  });

  it("is anonymous for another registry and without config.json", async () => {
    expect(
      await resolver(configDir({ auths: { "ghcr.io": { auth: b64("a:b") } } })).resolve("quay.io"),
    ).toBeUndefined();
    expect(await resolver(tempDir("empty")).resolve("quay.io")).toBeUndefined();
  });

  it("uses REPO_USER/REPO_PASS before config.json for every registry, as Watchtower", async () => {
    const dir = configDir({ auths: { "ghcr.io": { auth: b64("cfg:cp") } } });
    const r = resolver(dir, { repoUser: "env", repoPass: "ep" });
    expect(await r.resolve("ghcr.io")).toMatchObject({ username: "env", password: "ep", source: "env" });
    expect(await r.resolve("quay.io")).toMatchObject({ username: "env", password: "ep", source: "env" });
  });

  it.each([
    ["REPO_PASS empty", { repoUser: "env", repoPass: "" }],
    ["REPO_USER empty", { repoUser: "", repoPass: "ep" }],
  ])("reads config.json when %s", async (_name, extra) => {
    const dir = configDir({ auths: { "ghcr.io": { auth: b64("cfg:cp") } } });
    const r = resolver(dir, extra);
    expect(await r.resolve("ghcr.io")).toMatchObject({ username: "cfg", source: "config" });
    expect(await r.resolve("quay.io")).toBeUndefined();
  });

  it("reports malformed config.json without quoting it", async () => {
    const error = await resolver(configDir('{"auths": {"x": {"auth": "c2VjcmV0LXB3"}'))
      .resolve("x")
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(/not valid JSON/);
    expect(String(error)).not.toMatch(/c2VjcmV0/);
  });
});

describe("credential helpers", () => {
  it("asks the per-registry credHelper with the registry on stdin", async () => {
    const { spawn: s, calls } = helpers({
      pass: 'read reg; printf \'{"ServerURL":"%s","Username":"hu","Secret":"%s-secret"}\' "$reg" "$reg"',
    });
    const dir = configDir({
      credHelpers: { "ghcr.io": "pass" },
      auths: { "ghcr.io": { auth: b64("file:fp") } },
    });
    expect(await resolver(dir, { spawn: s }).resolve("ghcr.io")).toEqual({
      username: "hu",
      password: "ghcr.io-secret",
      source: "credHelper",
    });
    expect(calls).toEqual(["docker-credential-pass"]);
  });

  it("asks credsStore with the legacy key for Docker Hub; <token> means an identity token", async () => {
    const { spawn: s } = helpers({
      desktop:
        'read reg; [ "$reg" = "https://index.docker.io/v1/" ] || exit 3; echo \'{"Username":"<token>","Secret":"idt"}\'',
    });
    expect(await resolver(configDir({ credsStore: "desktop" }), { spawn: s }).resolve("docker.io")).toEqual({
      identityToken: "idt",
      source: "credsStore",
    });
  });

  it("treats 'credentials not found' as anonymous and falls through to auths", async () => {
    const { spawn: s } = helpers({ store: "echo 'credentials not found in native keychain'; exit 1" });
    const dir = configDir({ credsStore: "store", auths: { "ghcr.io": { auth: b64("f:p") } } });
    expect(await resolver(dir, { spawn: s }).resolve("ghcr.io")).toMatchObject({
      username: "f",
      source: "config",
    });
    expect(
      await resolver(configDir({ credsStore: "store" }), { spawn: s }).resolve("quay.io"),
    ).toBeUndefined();
  });

  it.each([
    ["missing", {}, /docker-credential-gone not found on PATH/],
    ["failing", { gone: "echo oops-secret >&2; exit 2" }, /exit code 2/],
    ["non-JSON", { gone: "echo hunter2" }, /did not print JSON/],
    ["wrong shape", { gone: 'echo \'{"user":"x"}\'' }, /unexpected JSON shape/],
  ])("gives a clear error when the helper is %s", async (_name, scripts, message) => {
    const { spawn: s } = helpers(scripts);
    const error = await resolver(configDir({ credHelpers: { "ghcr.io": "gone" } }), { spawn: s })
      .resolve("ghcr.io")
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toMatch(/secret|hunter2/);
  });

  it("times out a hanging helper", async () => {
    const { spawn: s } = helpers({ slow: "sleep 5" });
    const r = createCredentialResolver({
      dockerConfigDir: configDir({ credHelpers: { "ghcr.io": "slow" } }),
      clock: systemClock,
      spawn: s,
      helperTimeoutMs: 200,
    });
    await expect(r.resolve("ghcr.io")).rejects.toThrow(/timed out after 200 ms/);
  });
});

describe("encodings", () => {
  it("encodes X-Registry-Auth as padded base64url JSON", () => {
    const value = encodeRegistryAuth({ username: "u?>", password: "p~~", source: "env" }, "ghcr.io");
    expect(value).not.toMatch(/[+/]/);
    const json: unknown = JSON.parse(Buffer.from(value, "base64url").toString());
    expect(json).toEqual({ username: "u?>", password: "p~~", serveraddress: "ghcr.io" });
    expect(
      JSON.parse(
        Buffer.from(
          encodeRegistryAuth({ identityToken: "t", source: "config" }, "x"),
          "base64url",
        ).toString(),
      ),
    ).toEqual({
      identitytoken: "t",
      serveraddress: "x",
    });
  });

  it("builds Basic authorization", () => {
    expect(basicAuthorization({ username: "u", password: "p", source: "env" })).toBe(`Basic ${b64("u:p")}`);
    expect(basicAuthorization({ identityToken: "t", source: "config" })).toBe(`Basic ${b64("<token>:t")}`);
  });
});
