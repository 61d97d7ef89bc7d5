/**
 * @module The Redis token cache against the test environment's real redis-server: two Bosun
 * registry services share one Bearer token, the key lives with the token's TTL, and an unreachable
 * Redis only costs a warning (memory serves, checks succeed).
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRespClient, parseRedisUrl } from "../../src/registry/resp-client.ts";
import type { RegistryServiceOptions } from "../../src/registry/service.ts";
import { tokenCacheKey } from "../../src/registry/token-cache.ts";
import { testEnv, uniqueName } from "./harness.ts";
import {
  freePort,
  pushTo,
  startRegistry,
  startTokenServer,
  tempDir,
  tokenRequests,
  type ExtraRegistry,
  type TokenServer,
  removeImagesOf,
  removeTempDirs,
  e2eRegistry,
} from "./registry-helpers.ts";

const USER = "bosun";
const PASSWORD = "Redis-Cache-Pass-51e0";

let tokens: TokenServer;
let registry: ExtraRegistry;
let pushConfig: string;
const services: { close(): Promise<void> }[] = [];

/** The shared redis-server with database `db`, so this file's keys never meet other tests'. */
function redisUrl(db: number): string {
  const url = new URL(testEnv().redisUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

function logCapture() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { lines, raw, logger: pino({ level: "debug" }, stream) };
}

function service(extra: Partial<RegistryServiceOptions> = {}) {
  const created = e2eRegistry({ repoUser: USER, repoPass: PASSWORD, ...extra });
  services.push(created);
  return created;
}

const push = (repo: string) => pushTo(registry.host, repo, 1, { configDir: pushConfig });

beforeAll(async () => {
  tokens = await startTokenServer({ [USER]: PASSWORD });
  registry = await startRegistry(uniqueName("tokencache"), { auth: { token: tokens } });
  pushConfig = tempDir("push-config");
  await pushTo(registry.host, uniqueName("tokencache-probe"), 0, {
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

describe("Redis token cache", () => {
  it("two services share one token through Redis; the key carries the token's TTL", async () => {
    const repo = uniqueName("tokencache-shared");
    const { ref, repoDigests } = await push(repo);
    const url = redisUrl(11);
    const { lines, raw, logger } = logCapture();
    const first = service({ tokenCacheUrl: url, logger });
    const second = service({ tokenCacheUrl: url, logger });
    const before = tokenRequests(tokens);
    expect((await first.checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(1);
    expect((await second.checkDigest(ref, repoDigests)).kind).toBe("match");
    expect((await second.session().checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(1);

    const key = tokenCacheKey({
      realm: tokens.realm,
      service: tokens.service,
      scope: `repository:${repo}:pull`,
      account: USER,
    });
    const redis = createRespClient(parseRedisUrl(url), { timeoutMs: 2000 });
    try {
      const ttl = await redis.command(["PTTL", key]);
      // expires_in 300 s minus the 10 s margin, minus the time the test took.
      expect(ttl).toBeGreaterThan(280_000);
      expect(ttl).toBeLessThanOrEqual(290_000);
      const token = await redis.command(["GET", key]);
      expect(typeof token === "string" && token.split(".")).toHaveLength(3);
      // The token never reaches the logs.
      expect(raw.join("")).not.toContain(String(token));
    } finally {
      redis.close();
    }
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it("a service on another Redis database does not see the token", async () => {
    const { ref, repoDigests } = await push(uniqueName("tokencache-db"));
    const before = tokenRequests(tokens);
    expect((await service({ tokenCacheUrl: redisUrl(12) }).checkDigest(ref, repoDigests)).kind).toBe("match");
    expect((await service({ tokenCacheUrl: redisUrl(13) }).checkDigest(ref, repoDigests)).kind).toBe("match");
    expect(tokenRequests(tokens) - before).toBe(2);
  });

  it("Redis unreachable: one warning, checks still succeed from the memory fallback", async () => {
    const { ref, repoDigests } = await push(uniqueName("tokencache-down"));
    const closed = await freePort();
    const { lines, raw, logger } = logCapture();
    const checker = service({ tokenCacheUrl: `redis://127.0.0.1:${closed}/0`, logger });
    const before = tokenRequests(tokens);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await checker.checkDigest(ref, repoDigests));
    results.push(
      ...(await Promise.all(Array.from({ length: 10 }, () => checker.checkDigest(ref, repoDigests)))),
    );
    expect(results.every((r) => r.kind === "match")).toBe(true);
    expect(tokenRequests(tokens) - before).toBe(1);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: "Redis token cache unavailable, using memory",
        redis: `127.0.0.1:${closed}/0`,
        reason: expect.stringMatching(/ECONNREFUSED/) as string,
      }),
    ]);
    expect(raw.join("")).not.toContain(PASSWORD);
  });
});
