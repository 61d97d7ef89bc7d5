/**
 * @module Digest checks against a real distribution registry with Bearer token auth
 * (`auth.token` with `rootcertbundle`), its tokens issued by a JWT server written for the test:
 * one token request per scope under concurrency, reuse across sessions until `expires_in`, Basic
 * credentials on the token request, the `access_token` field, and secret-free failures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RegistryServiceOptions } from "../../src/registry/service.ts";
import { systemClock, type Clock } from "../../src/util/clock.ts";
import { createDockerClient } from "../../src/docker/client.ts";
import { docker, imageExists, testEnv, uniqueName } from "./harness.ts";
import {
  dockerWithConfig,
  pushTo,
  startRegistry,
  startTokenServer,
  tempDir,
  tokenRequests,
  type ExtraRegistry,
  type TokenServer,
  type TokenServerOptions,
  removeImagesOf,
  removeTempDirs,
  e2eRegistry,
} from "./registry-helpers.ts";

const USER = "bosun";
const PASSWORD = "T0ken-Pass-e2e-7c1d";
const WRONG = "not-The-Password-3b7e";

let tokens: TokenServer;
const tokenOptions: TokenServerOptions = {};
let registry: ExtraRegistry;
let pushConfig: string;
const services: { close(): Promise<void> }[] = [];

/** The system clock shifted by `offsetMs`, so token expiry can be crossed without waiting. */
function shiftedClock(): Clock & { offsetMs: number } {
  const clock = {
    offsetMs: 0,
    now: () => Date.now() + clock.offsetMs,
    sleep: (ms: number, signal?: AbortSignal) => systemClock.sleep(ms, signal),
  };
  return clock;
}

function service(extra: Partial<RegistryServiceOptions> = {}) {
  const created = e2eRegistry({ repoUser: USER, repoPass: PASSWORD, ...extra });
  services.push(created);
  return created;
}

const digestOf = (repoDigest: string | undefined) => repoDigest?.split("@")[1] ?? "";
const push = (repo: string, rev: number) => pushTo(registry.host, repo, rev, { configDir: pushConfig });
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

beforeAll(async () => {
  tokens = await startTokenServer({ [USER]: PASSWORD }, tokenOptions);
  registry = await startRegistry(uniqueName("token"), { auth: { token: tokens } });
  pushConfig = tempDir("push-config");
  // `docker login` and the push go through the token server too: proves the registry verifies its JWTs.
  await pushTo(registry.host, uniqueName("token-probe"), 0, {
    configDir: pushConfig,
    login: { user: USER, password: PASSWORD },
  });
});

afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await removeImagesOf(registry.host);
  await registry.stop();
  await tokens.stop();
  removeTempDirs();
});

describe("Bearer token registry", () => {
  it("match for the current image, differs after a new push; the token request carries Basic credentials", async () => {
    const repo = uniqueName("token-basic");
    const first = await push(repo, 1);
    const checker = service();
    const before = tokens.users.length;
    expect(await checker.checkDigest(first.ref, first.repoDigests)).toEqual({
      kind: "match",
      remoteDigest: digestOf(first.repoDigests[0]),
    });
    expect(tokens.users.slice(before)).toEqual([USER]);
    expect(tokens.scopes.at(-1)).toBe(`repository:${repo}:pull`);
    const second = await push(repo, 2);
    expect(await checker.checkDigest(first.ref, first.repoDigests)).toEqual({
      kind: "differs",
      remoteDigest: digestOf(second.repoDigests[0]),
    });
  });

  it("twenty concurrent checks of one repository make exactly one token request, one HEAD each, no blob GET", async () => {
    const repo = uniqueName("token-many");
    const { ref, repoDigests } = await push(repo, 1);
    const checker = service();
    const before = tokenRequests(tokens);
    const mark = registry.mark();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => checker.checkDigest(ref, repoDigests)),
    );
    expect(results.map((r) => r.kind)).toEqual(Array.from({ length: 20 }, () => "match"));
    expect(tokenRequests(tokens) - before).toBe(1);
    await settle();
    const requests = mark.since();
    expect(
      requests.filter((r) => r.method === "HEAD" && r.path === `/v2/${repo}/manifests/latest`),
    ).toHaveLength(20);
    expect(requests.filter((r) => r.path === "/v2/")).toHaveLength(1);
    expect(requests.filter((r) => r.path.includes("/blobs/"))).toEqual([]);
    // Every HEAD was authorised on the first try: no 401 retries.
    expect(requests.filter((r) => r.status === 401 && r.path !== "/v2/")).toEqual([]);
  });

  it("a token is reused across sessions until expires_in (minus the margin), then fetched again", async () => {
    const { ref, repoDigests } = await push(uniqueName("token-ttl"), 1);
    const clock = shiftedClock();
    const checker = service({ clock });
    const before = tokenRequests(tokens);
    expect((await checker.session().checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(1);
    clock.offsetMs = 200_000;
    expect((await checker.session().checkDigest(ref, repoDigests)).kind).toBe("match");
    expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(1);
    // expires_in is 300 s; the cache keeps a token 10 s less.
    clock.offsetMs = 289_000;
    expect((await checker.session().checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(1);
    clock.offsetMs = 291_000;
    expect((await checker.session().checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(2);
  });

  it("tokens are per scope: two repositories, two token requests", async () => {
    const a = await push(uniqueName("token-scope-a"), 1);
    const b = await push(uniqueName("token-scope-b"), 1);
    const checker = service();
    const before = tokenRequests(tokens);
    const scopesBefore = tokens.scopes.length;
    await Promise.all([
      checker.checkDigest(a.ref, a.repoDigests),
      checker.checkDigest(b.ref, b.repoDigests),
      checker.checkDigest(a.ref, a.repoDigests),
    ]);
    expect(tokenRequests(tokens) - before).toBe(2);
    const repo = (ref: string) => ref.slice(ref.indexOf("/") + 1, ref.lastIndexOf(":"));
    expect(tokens.scopes.slice(scopesBefore).sort()).toEqual(
      [`repository:${repo(a.ref)}:pull`, `repository:${repo(b.ref)}:pull`].sort(),
    );
  });

  it("accepts `access_token` and defaults to 60 s without expires_in", async () => {
    const { ref, repoDigests } = await push(uniqueName("token-oauth"), 1);
    tokenOptions.field = "access_token";
    tokenOptions.expiresIn = null;
    try {
      const clock = shiftedClock();
      const checker = service({ clock });
      const before = tokenRequests(tokens);
      expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
      // 60 s minus a 10 s margin.
      clock.offsetMs = 49_000;
      expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
      expect(tokenRequests(tokens) - before).toBe(1);
      clock.offsetMs = 51_000;
      expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
      expect(tokenRequests(tokens) - before).toBe(2);
    } finally {
      delete tokenOptions.field;
      delete tokenOptions.expiresIn;
    }
  });

  it("anonymous tokens work when the token server grants them, and carry no Authorization", async () => {
    const { ref, repoDigests } = await push(uniqueName("token-anon"), 1);
    tokenOptions.anonymous = true;
    try {
      const before = tokens.users.length;
      const checker = service({ repoUser: undefined, repoPass: undefined });
      expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
      expect(tokens.users.slice(before)).toEqual([null]);
    } finally {
      delete tokenOptions.anonymous;
    }
  });

  it("the registry verifies the JWTs: an untrusted signature is denied; a rejected token is never served again", async () => {
    const repo = uniqueName("token-forged");
    const { ref, repoDigests } = await push(repo, 1);
    const checker = service();
    const before = tokenRequests(tokens);
    tokenOptions.untrusted = true;
    try {
      const check = await checker.checkDigest(ref, repoDigests);
      expect(check).toEqual({
        kind: "unknown",
        reason: `${registry.host} denied access to ${repo} (401)`,
        fallback: { image: ref, warn: false },
      });
      // The first token was rejected, dropped, and one new token tried.
      expect(tokenRequests(tokens) - before).toBe(2);
    } finally {
      delete tokenOptions.untrusted;
    }
    const mark = registry.mark();
    expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(3);
    expect((await checker.checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(3);
    await settle();
    // The rejected token was not served again: both HEADs succeed on the first try.
    expect(
      mark.since().filter((r) => r.method === "HEAD" && r.path === `/v2/${repo}/manifests/latest`),
    ).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })]);
  });

  it("registryAuth lets the real daemon pull from the token registry", async () => {
    const { ref } = await push(uniqueName("token-pull"), 1);
    await docker(["image", "rm", ref]);
    const client = await createDockerClient({ host: testEnv().dockerHost });
    try {
      await expect(client.pullImage(ref)).rejects.toThrow();
      const auth = await service().registryAuth(ref);
      expect(auth).toBeDefined();
      const before = tokens.users.length;
      await client.pullImage(ref, { registryAuth: auth ?? "" });
      expect(await imageExists(ref)).toBe(true);
      // The daemon fetched its own token with the credentials from the header.
      expect(tokens.users.slice(before)).toContain(USER);
    } finally {
      await client.close();
    }
  });

  it("anonymous access denied by the token server: unknown with a clear reason", async () => {
    const { ref, repoDigests } = await push(uniqueName("token-denied"), 1);
    const check = await service({ repoUser: undefined, repoPass: undefined }).checkDigest(ref, repoDigests);
    expect(check).toEqual({
      kind: "unknown",
      reason: `token server ${new URL(tokens.realm).host} rejected anonymous access (401)`,
      fallback: { image: ref, warn: false },
    });
  });

  it("wrong credentials: unknown, naming the token server and the source, never the password", async () => {
    const { ref, repoDigests } = await push(uniqueName("token-wrong"), 1);
    const check = await service({ repoPass: WRONG }).checkDigest(ref, repoDigests);
    expect(check).toEqual({
      kind: "unknown",
      reason: `token server ${new URL(tokens.realm).host} rejected the credentials from REPO_USER/REPO_PASS (401)`,
      fallback: { image: ref, warn: false },
    });
    expect(JSON.stringify(check)).not.toContain(WRONG);
  });
});

describe("tag lists on a Bearer token registry", () => {
  it("list every tag with the digest check's token: one token request, scope pull", async () => {
    const repo = uniqueName("token-tags");
    const first = await push(repo, 1);
    const versioned = first.ref.replace(/:latest$/, ":1.2.3");
    await dockerWithConfig(pushConfig, ["tag", first.ref, versioned]);
    await dockerWithConfig(pushConfig, ["push", "-q", versioned]);
    const checker = service();
    const before = tokenRequests(tokens);
    const scopes = tokens.scopes.length;
    expect((await checker.checkDigest(first.ref, first.repoDigests)).kind).toBe("match");
    const list = await checker.listTags(first.ref);
    expect(list.ok && [...list.tags].sort()).toEqual(["1.2.3", "latest"]);
    expect(tokenRequests(tokens) - before).toBe(1);
    expect(tokens.scopes.slice(scopes)).toEqual([`repository:${repo}:pull`]);
  });

  it("anonymous listing refused by the token server is a reason, not an exception", async () => {
    const { ref } = await push(uniqueName("token-tags-anon"), 1);
    const anonymous = e2eRegistry();
    services.push(anonymous);
    const list = await anonymous.listTags(ref);
    expect(list).toEqual({
      ok: false,
      reason: expect.stringMatching(/rejected anonymous access \(401\)/) as unknown,
    });
  });
});
