/**
 * @module The registry layer through the whole product: `bosun --run-once --porcelain v1` against
 * the real daemon and extra registries (htpasswd, token auth, a HEAD-failing proxy): credentials
 * from config.json and REPO_USER/REPO_PASS, wrong credentials Skipped without leaking secrets, one
 * pull for many containers, and the HEAD-failure fallback logged at the level the flag asks for.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  docker,
  imageId,
  inspect,
  jsonLines,
  type JsonLogLine,
  markRegistryLog,
  porcelainLines,
  publish,
  removeTestContainers,
  runBosun,
  runContainer,
  testEnv,
  uniqueName,
  type RegistryRequest,
  type RunResult,
} from "./harness.ts";
import {
  dockerLogin,
  htpasswdFile,
  pushTo,
  removeImagesOf,
  removeTempDirs,
  startRegistry,
  startRegistryProxy,
  startTokenServer,
  tempDir,
  tokenRequests,
  type ExtraRegistry,
  type RegistryProxy,
  type TokenServer,
} from "./registry-helpers.ts";
import { SLEEP, staleRepo } from "./update-helpers.ts";

const CFG_USER = "bosun-cfg";
const CFG_PASS = "Cfg-Pa55-e2e-91ab7f";
const ENV_USER = "bosun-env";
const ENV_PASS = "Env-Pa55-e2e-4c2d0e";
const WRONG = "Wr0ng-Secret-e2e-77f1";
const TOKEN_USER = "bosun-tok";
const TOKEN_PASS = "Tok-Pa55-e2e-5e8a33";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

/** A DOCKER_CONFIG directory holding `config`. */
function configDir(config: unknown): string {
  const dir = tempDir("cli-docker-config");
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

/** Every secret form that must never be printed. */
function secretForms(user: string, password: string): string[] {
  return [password, b64(`${user}:${password}`), b64(JSON.stringify({ username: user, password }))];
}

function expectNoSecrets(result: RunResult, secrets: string[]): void {
  for (const secret of secrets) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
}

const isBosun = (request: RegistryRequest) => request.userAgent.startsWith("bosun/");
const isManifest = (repo: string) => (request: RegistryRequest) =>
  request.path.startsWith(`/v2/${repo}/manifests/`);

/** Pushes rev1, starts `name` on it, pushes rev2, and points the local tag back at rev1. */
async function staleContainerOn(host: string, repo: string, name: string, pushConfig: string) {
  const first = await pushTo(host, repo, 1, { configDir: pushConfig });
  const rev1 = await imageId(first.ref);
  await runContainer(name, first.ref, [], SLEEP);
  await pushTo(host, repo, 2, { configDir: pushConfig });
  const rev2 = await imageId(first.ref);
  await docker(["tag", rev1, first.ref]);
  expect(rev2).not.toBe(rev1);
  return { ref: first.ref, rev1, rev2 };
}

const localImages: string[] = [];

afterAll(async () => {
  await removeTestContainers();
  if (localImages.length > 0) await docker(["image", "rm", ...localImages]).catch(() => "");
});

describe("bosun --run-once against a Basic auth (htpasswd) registry", () => {
  const name = uniqueName("cli-basic");
  let registry: ExtraRegistry;
  let pushConfig: string;

  beforeAll(async () => {
    const htpasswd = tempDir("cli-htpasswd");
    const combined =
      readFileSync(await htpasswdFile(CFG_USER, CFG_PASS), "utf8") +
      readFileSync(await htpasswdFile(ENV_USER, ENV_PASS), "utf8");
    writeFileSync(join(htpasswd, "htpasswd"), combined);
    registry = await startRegistry(name, { auth: { htpasswd: join(htpasswd, "htpasswd") } });
    pushConfig = tempDir("cli-push-config");
    await dockerLogin(pushConfig, registry.host, CFG_USER, CFG_PASS);
  });

  afterAll(async () => {
    await removeTestContainers();
    await removeImagesOf(registry.host);
    await registry.stop();
    removeTempDirs();
  });

  it.each([
    [
      "$DOCKER_CONFIG/config.json",
      (host: string): Record<string, string> => ({
        DOCKER_CONFIG: configDir({ auths: { [host]: { auth: b64(`${CFG_USER}:${CFG_PASS}`) } } }),
      }),
      secretForms(CFG_USER, CFG_PASS),
    ],
    [
      "REPO_USER/REPO_PASS",
      (): Record<string, string> => ({ REPO_USER: ENV_USER, REPO_PASS: ENV_PASS }),
      secretForms(ENV_USER, ENV_PASS),
    ],
  ])(
    "credentials from %s (and nowhere else): Updated; Bosun's HEAD and the engine's pull were authorised",
    async (_from, env, secrets) => {
      const repo = uniqueName("cli-basic-ok");
      const container = uniqueName("cli-basic-ok");
      const stale = await staleContainerOn(registry.host, repo, container, pushConfig);
      const before = await inspect(container);
      const mark = registry.mark();
      const result = await runBosun(["--run-once", "--porcelain", "v1", "--log-level", "debug", container], {
        env: env(registry.host),
      });
      expect(result.code, result.stderr).toBe(0);
      expect(porcelainLines(result.stdout).get(`/${container}`)).toBe("Updated");
      const after = await inspect(container);
      expect(after.Id).not.toBe(before.Id);
      expect(after.Image).toBe(stale.rev2);
      expectNoSecrets(result, secrets);

      await settle();
      const manifests = mark.since().filter(isManifest(repo));
      // The registry rejects anonymous requests (401), so a 200 means these credentials were sent:
      // they are the only ones this run had.
      expect(manifests.filter(isBosun).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        `HEAD /v2/${repo}/manifests/latest 200`,
      ]);
      // The engine's pull carried them too (X-Registry-Auth): it resolved the tag once, authorised
      // (it may skip the GET of a manifest it already knows by digest).
      const engine = manifests.filter((r) => !isBosun(r));
      expect(
        engine.filter((r) => r.path.endsWith("/latest")).map((r) => r.status),
        JSON.stringify(manifests),
      ).toEqual([200]);
      expect(engine.filter((r) => r.status !== 200)).toEqual([]);
    },
  );

  it.each([
    [
      "config.json",
      (host: string): Record<string, string> => ({
        DOCKER_CONFIG: configDir({ auths: { [host]: { auth: b64(`${CFG_USER}:${WRONG}`) } } }),
      }),
    ],
    ["REPO_USER/REPO_PASS", (): Record<string, string> => ({ REPO_USER: CFG_USER, REPO_PASS: WRONG })],
  ])(
    "wrong credentials from %s: the container is Skipped with an error on its porcelain line, no secret printed",
    async (_from, env) => {
      const repo = uniqueName("cli-basic-wrong");
      const container = uniqueName("cli-basic-wrong");
      const stale = await staleContainerOn(registry.host, repo, container, pushConfig);
      const before = await inspect(container);
      const mark = registry.mark();
      const result = await runBosun(["--run-once", "--porcelain", "v1", "--log-level", "debug", container], {
        env: env(registry.host),
      });
      const line = porcelainLines(result.stdout).get(`/${container}`) ?? "";
      expect(line, result.stdout + result.stderr).toMatch(/^Skipped Error: /);
      expect(line).toContain(registry.host);
      expect(line).toMatch(/401|denied|unauthorized|authentication/i);
      // Nothing was touched.
      const after = await inspect(container);
      expect(after.Id).toBe(before.Id);
      expect(after.Image).toBe(stale.rev1);
      expectNoSecrets(result, secretForms(CFG_USER, WRONG));

      await settle();
      // Every request of this run was refused: nothing was read with the wrong password.
      const requests = mark.since();
      expect(requests.filter((r) => isBosun(r)).length).toBeGreaterThan(0);
      expect(requests.filter((r) => r.status !== 401)).toEqual([]);
    },
  );
});

describe("bosun --run-once against a Bearer token registry", () => {
  const TOKEN_USER2 = "bosun-tok2";
  const TOKEN_PASS2 = "Tok2-Pa55-e2e-0d94c1";
  let tokens: TokenServer;
  let registry: ExtraRegistry;
  let pushConfig: string;

  beforeAll(async () => {
    tokens = await startTokenServer({ [TOKEN_USER]: TOKEN_PASS, [TOKEN_USER2]: TOKEN_PASS2 });
    registry = await startRegistry(uniqueName("cli-token"), { auth: { token: tokens } });
    pushConfig = tempDir("cli-token-push");
    await dockerLogin(pushConfig, registry.host, TOKEN_USER2, TOKEN_PASS2);
  });

  afterAll(async () => {
    await removeTestContainers();
    await removeImagesOf(registry.host);
    await registry.stop();
    await tokens.stop();
    removeTempDirs();
  });

  it("updates with config.json credentials, then a second run (REPO_USER) is Fresh: one token, one HEAD", async () => {
    const repo = uniqueName("cli-token");
    const container = uniqueName("cli-token");
    const stale = await staleContainerOn(registry.host, repo, container, pushConfig);
    const usersBefore = tokens.users.length;
    const scopesBefore = tokens.scopes.length;

    const first = await runBosun(["--run-once", "--porcelain", "v1", "--log-level", "debug", container], {
      env: {
        DOCKER_CONFIG: configDir({
          auths: { [registry.host]: { username: TOKEN_USER, password: TOKEN_PASS } },
        }),
      },
    });
    expect(first.code, first.stderr).toBe(0);
    expect(porcelainLines(first.stdout).get(`/${container}`)).toBe("Updated");
    const updated = await inspect(container);
    expect(updated.Image).toBe(stale.rev2);
    // Bosun's token request and the engine's pull both authenticated as config.json's user.
    expect(tokens.users.slice(usersBefore).length).toBeGreaterThanOrEqual(2);
    expect(new Set(tokens.users.slice(usersBefore))).toEqual(new Set([TOKEN_USER]));
    expect(new Set(tokens.scopes.slice(scopesBefore))).toEqual(new Set([`repository:${repo}:pull`]));
    expectNoSecrets(first, secretForms(TOKEN_USER, TOKEN_PASS));

    const tokensBefore = tokenRequests(tokens);
    const mark = registry.mark();
    const second = await runBosun(["--run-once", "--porcelain", "v1", container], {
      env: { REPO_USER: TOKEN_USER2, REPO_PASS: TOKEN_PASS2 },
    });
    expect(second.code, second.stderr).toBe(0);
    expect(porcelainLines(second.stdout).get(`/${container}`)).toBe("Fresh");
    expect((await inspect(container)).Id).toBe(updated.Id);
    // A fresh process starts with an empty memory cache: exactly one token, for the one scope.
    expect(tokenRequests(tokens) - tokensBefore).toBe(1);
    expect(tokens.users.at(-1)).toBe(TOKEN_USER2);
    expect(tokens.scopes.at(-1)).toBe(`repository:${repo}:pull`);
    await settle();
    const own = mark.since().filter((r) => r.path.startsWith(`/v2/${repo}/`));
    expect(own.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `HEAD /v2/${repo}/manifests/latest 200`,
    ]);
    expectNoSecrets(second, secretForms(TOKEN_USER2, TOKEN_PASS2));
  });
});

describe("bosun --run-once: one pull for many containers", () => {
  it("five containers of one stale image: one manifest GET, one HEAD, all five Updated", async () => {
    const repo = uniqueName("cli-many");
    const stale = await staleRepo(repo);
    localImages.push(stale.ref);
    const names = Array.from({ length: 5 }, (_, i) => uniqueName(`cli-many${i}`));
    for (const name of names) await runContainer(name, stale.ref, [], SLEEP);

    const mark = markRegistryLog();
    const result = await runBosun(["--run-once", "--porcelain", "v1", ...names]);
    expect(result.code, result.stderr).toBe(0);
    const lines = porcelainLines(result.stdout);
    for (const name of names) {
      expect(lines.get(`/${name}`)).toBe("Updated");
      expect((await inspect(name)).Image).toBe(stale.rev2);
    }
    await settle();
    const manifests = mark.since().filter(isManifest(repo));
    // One digest HEAD by Bosun for the five, and one pull by the engine: it resolves the tag once
    // (HEAD), then GETs the manifest by digest once at most (dockerd 20.10 was seen skipping that
    // GET when it already held the manifest it had pushed itself). Five pulls would be five of each.
    expect(manifests.filter((r) => isBosun(r)).map((r) => `${r.method} ${r.path}`)).toEqual([
      `HEAD /v2/${repo}/manifests/latest`,
    ]);
    const engine = manifests.filter((r) => !isBosun(r));
    expect(
      engine.filter((r) => r.path.endsWith("/latest")),
      JSON.stringify(manifests),
    ).toHaveLength(1);
    expect(engine.filter((r) => r.method === "GET").length, JSON.stringify(manifests)).toBeLessThanOrEqual(1);
  });
});

/** A loopback proxy to the shared registry that answers every manifest HEAD with 500. */
async function headFailingProxy(target: string) {
  const counts = { bosunHeads: 0, otherHeads: 0, tagGets: 0 };
  const proxy = await startRegistryProxy(target, {
    intercept(req, res) {
      const path = req.url ?? "/";
      if (req.method === "HEAD" && /^\/v2\/.+\/manifests\//.test(path)) {
        if (req.headers["user-agent"]?.startsWith("bosun/") === true) counts.bosunHeads++;
        else counts.otherHeads++;
        res.writeHead(500).end();
        return true;
      }
      if (req.method === "GET" && /^\/v2\/.+\/manifests\/latest$/.test(path)) counts.tagGets++;
      return false;
    },
  });
  return { ...proxy, counts };
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warning: 40, error: 50 };
const levelOf = (line: JsonLogLine) => LEVELS[line.level] ?? -1;

describe("bosun --run-once --warn-on-head-failure", () => {
  let proxy: Awaited<ReturnType<typeof headFailingProxy>>;

  beforeAll(async () => {
    proxy = await headFailingProxy(testEnv().registry);
  });

  afterAll(async () => {
    await removeTestContainers();
    await removeImagesOf(proxy.host);
    await proxy.stop();
  });

  it.each([
    ["always", 40],
    ["never", 20],
    ["auto", 20],
  ] as const)(
    "%s: the failed HEAD falls back to a pull, the update happens, the fallback is logged at level %i",
    async (flag, level) => {
      const repo = uniqueName(`cli-headfail-${flag}`);
      const stale = await staleRepo(repo);
      localImages.push(stale.ref);
      const viaProxy = `${proxy.host}/${repo}:latest`;
      await docker(["tag", stale.rev1, viaProxy]);
      const container = uniqueName(`cli-headfail-${flag}`);
      await runContainer(container, viaProxy, [], SLEEP);
      const before = { ...proxy.counts };

      const result = await runBosun([
        "--run-once",
        "--porcelain",
        "v1",
        "--log-format",
        "json",
        "--log-level",
        "debug",
        "--warn-on-head-failure",
        flag,
        container,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(porcelainLines(result.stdout).get(`/${container}`)).toBe("Updated");
      expect((await inspect(container)).Image).toBe(stale.rev2);
      expect(proxy.counts.bosunHeads - before.bosunHeads).toBe(1);
      // One pull: the engine (whose HEAD fails too) resolved the tag with one GET.
      expect(proxy.counts.tagGets - before.tagGets).toBe(1);

      const fallback = jsonLines(result.stderr).filter((line) => line.notice === "head-fallback");
      // Logged once, at the flag's level, with the reason (and --log-level debug shows everything).
      expect(fallback, result.stderr).toHaveLength(1);
      expect(fallback[0]?.image).toBe(viaProxy);
      expect(fallback[0]?.reason).toContain("500");
      expect(fallback.map(levelOf)).toEqual([level]);
    },
  );
});

describe("bosun --run-once against a registry that refuses HEAD (405)", () => {
  const counts = { bosunHeads: 0, bosunGets: 0, engine: 0 };
  let proxy: RegistryProxy;

  beforeAll(async () => {
    proxy = await startRegistryProxy(testEnv().registry, {
      intercept(req, res) {
        if (!/^\/v2\/.+\/manifests\//.test(req.url ?? "")) return false;
        const bosun = req.headers["user-agent"]?.startsWith("bosun/") === true;
        if (!bosun) counts.engine++;
        else if (req.method === "HEAD") counts.bosunHeads++;
        else counts.bosunGets++;
        if (req.method !== "HEAD") return false;
        res.writeHead(405).end();
        return true;
      },
    });
  });

  afterAll(async () => {
    await removeTestContainers();
    await removeImagesOf(proxy.host);
    await proxy.stop();
  });

  it("one GET of the manifest replaces the HEAD: Updated when it changed, then Fresh without a pull", async () => {
    const repo = uniqueName("cli-head405");
    const stale = await staleRepo(repo);
    localImages.push(stale.ref);
    const viaProxy = `${proxy.host}/${repo}:latest`;
    // Pulled through the proxy so the image has a RepoDigest under the proxy's name.
    await docker(["pull", "-q", viaProxy]);
    await docker(["tag", stale.rev1, viaProxy]);
    const container = uniqueName("cli-head405");
    await runContainer(container, viaProxy, [], SLEEP);

    const updated = await runBosun(["--run-once", "--porcelain", "v1", container]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(porcelainLines(updated.stdout).get(`/${container}`)).toBe("Updated");
    expect((await inspect(container)).Image).toBe(stale.rev2);

    const before = { ...counts };
    const fresh = await runBosun(["--run-once", "--porcelain", "v1", container]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(porcelainLines(fresh.stdout).get(`/${container}`)).toBe("Fresh");
    expect(counts.bosunHeads - before.bosunHeads).toBe(1);
    expect(counts.bosunGets - before.bosunGets).toBe(1);
    // Unchanged: the engine was not asked to pull at all.
    expect(counts.engine - before.engine).toBe(0);
  });
});

describe("bosun --run-once: digest checks over keep-alive connections", () => {
  /** The connections Bosun's manifest HEADs came on, and how many HEADs. */
  const seen = { sockets: new Set<object>(), heads: 0 };
  let proxy: RegistryProxy;

  beforeAll(async () => {
    proxy = await startRegistryProxy(testEnv().registry, {
      intercept(req) {
        const bosun = req.headers["user-agent"]?.startsWith("bosun/") === true;
        if (bosun && req.method === "HEAD" && /^\/v2\/.+\/manifests\//.test(req.url ?? "")) {
          seen.heads++;
          seen.sockets.add(req.socket);
        }
        return false;
      },
    });
  });

  afterAll(async () => {
    await removeTestContainers();
    await removeImagesOf(proxy.host);
    await proxy.stop();
  });

  it("asks four references on at most two connections at --registry-concurrency 1, not one each", async () => {
    const names: string[] = [];
    for (const index of [1, 2, 3, 4]) {
      const repo = uniqueName(`cli-keepalive-${String(index)}`);
      const published = await publish(repo, 1);
      localImages.push(published.ref);
      const viaProxy = `${proxy.host}/${repo}:latest`;
      // Pulled through the proxy so the image has a RepoDigest under the proxy's name.
      await docker(["pull", "-q", viaProxy]);
      const container = uniqueName(`cli-keepalive-${String(index)}`);
      await runContainer(container, viaProxy, [], SLEEP);
      names.push(container);
    }

    const fresh = await runBosun([
      "--run-once",
      "--porcelain",
      "v1",
      "--registry-concurrency",
      "1",
      ...names,
    ]);
    expect(fresh.code, fresh.stderr).toBe(0);
    const states = porcelainLines(fresh.stdout);
    for (const name of names) expect(states.get(`/${name}`)).toBe("Fresh");
    expect(seen.heads).toBe(4);
    // undici closes the connection after a HEAD unless told not to: four then. Kept alive, its
    // pool opens a second one for the second request (the first is not free again yet) and
    // reuses both from then on.
    expect(seen.sockets.size).toBeLessThanOrEqual(2);
  });
});
