import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import type { LookupFunction } from "node:net";
import { Agent, MockAgent } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import type { Clock } from "../util/clock.ts";
import { createRegistryService, type RegistryServiceOptions } from "./service.ts";
import type { RegistryTlsOptions } from "./tls.ts";

const DIGEST = "sha256:" + "1".repeat(64);
const OTHER = "sha256:" + "2".repeat(64);
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

interface Fake {
  host: string;
  counts: Map<string, number>;
  peak: number;
}

/** A loopback stand-in for a registry's error paths; `handle` may answer instead of the default flow. */
async function fakeRegistry(
  opts: {
    bearer?: boolean;
    delayMs?: number;
    handle?: (req: IncomingMessage, res: ServerResponse) => boolean;
  } = {},
): Promise<Fake> {
  const fake: Fake = { host: "", counts: new Map(), peak: 0 };
  let active = 0;
  const server = createServer((req, res) => {
    const kind = `${req.method ?? ""} ${(req.url ?? "").replace(/\?.*/, "")}`;
    fake.counts.set(kind, (fake.counts.get(kind) ?? 0) + 1);
    active++;
    fake.peak = Math.max(fake.peak, active);
    setTimeout(() => {
      active--;
      if (opts.handle?.(req, res) === true) return;
      const authorized = req.headers.authorization === "Bearer tok";
      if (req.url === "/token" || req.url?.startsWith("/token?") === true) {
        res.end(JSON.stringify({ access_token: "tok", expires_in: 300 }));
      } else if (opts.bearer === true && !authorized) {
        res
          .writeHead(401, { "www-authenticate": `Bearer realm="http://${fake.host}/token",service="fake"` })
          .end();
      } else if (req.url === "/v2/") {
        res.end("{}");
      } else if (req.method === "HEAD" && /\/manifests\//.test(req.url ?? "")) {
        res.writeHead(200, { "docker-content-digest": DIGEST, "ratelimit-remaining": "42;w=21600" }).end();
      } else res.writeHead(404).end();
    }, opts.delayMs ?? 0);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function fakeClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => Date.now(), sleep: (ms) => (slept.push(ms), Promise.resolve()) };
}

function capture() {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { lines, logger: pino({ level: "debug" }, stream) };
}

function service(extra: Partial<RegistryServiceOptions> = {}) {
  return createRegistryService({
    dockerConfigDir: "/nonexistent-bosun-config",
    insecure: false,
    warnOnHeadFailure: "auto",
    concurrency: 8,
    clock: fakeClock(),
    logger: capture().logger,
    timeoutMs: 2_000,
    ...extra,
  });
}

describe("registry service against loopback fakes", () => {
  it("twenty concurrent anonymous checks of one repository: the first HEAD's 401 is the challenge (no /v2/), one token", async () => {
    const fake = await fakeRegistry({ bearer: true, delayMs: 20 });
    const registry = service();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        registry.checkDigest(`${fake.host}/app:1`, [`${fake.host}/app@${DIGEST}`]),
      ),
    );
    expect(results.every((r) => r.kind === "match")).toBe(true);
    expect(fake.counts.get("GET /token")).toBe(1);
    expect(fake.counts.get("GET /v2/")).toBeUndefined();
    // The first contact (401), then one authorised HEAD per check.
    expect(fake.counts.get("HEAD /v2/app/manifests/1")).toBe(21);
    await registry.close();
  });

  it("an anonymous check of an open registry is one HEAD, no /v2/; with credentials /v2/ is asked first", async () => {
    const fake = await fakeRegistry();
    const anonymous = service();
    expect((await anonymous.checkDigest(`${fake.host}/app`, [`${fake.host}/app@${DIGEST}`])).kind).toBe(
      "match",
    );
    expect([...fake.counts]).toEqual([["HEAD /v2/app/manifests/latest", 1]]);
    await anonymous.close();
    fake.counts.clear();
    const withCredentials = service({ repoUser: "u", repoPass: "p" });
    expect((await withCredentials.checkDigest(`${fake.host}/app`, [`${fake.host}/app@${DIGEST}`])).kind).toBe(
      "match",
    );
    expect([...fake.counts]).toEqual([
      ["GET /v2/", 1],
      ["HEAD /v2/app/manifests/latest", 1],
    ]);
    await withCredentials.close();
  });

  it("a session asks once per reference, bounded by the pool", async () => {
    const fake = await fakeRegistry({ delayMs: 30 });
    const registry = service({ concurrency: 4 });
    const session = registry.session();
    const refs = Array.from({ length: 100 }, (_, i) => `${fake.host}/app${i % 20}`);
    const results = await Promise.all(refs.map((ref) => session.checkDigest(ref, [`${ref}@${OTHER}`])));
    expect(results.every((r) => r.kind === "differs" && r.remoteDigest === DIGEST)).toBe(true);
    const heads = [...fake.counts].filter(([k]) => k.startsWith("HEAD")).reduce((n, [, c]) => n + c, 0);
    expect(heads).toBe(20);
    expect(fake.peak).toBeLessThanOrEqual(4);
    await registry.close();
  });

  const MANIFEST = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}';
  const MANIFEST_DIGEST = "sha256:" + createHash("sha256").update(MANIFEST).digest("hex");
  it.each<[string, (req: IncomingMessage, res: ServerResponse) => boolean, string]>([
    [
      "HEAD refused (405): the digest from the GET's header",
      (req, res) => {
        if (!/\/manifests\//.test(req.url ?? "")) return false;
        if (req.method === "HEAD") res.writeHead(405).end();
        else res.writeHead(200, { "docker-content-digest": DIGEST }).end(MANIFEST);
        return true;
      },
      DIGEST,
    ],
    [
      "HEAD without a digest: the SHA-256 of the manifest the GET returns",
      (req, res) => {
        if (!/\/manifests\//.test(req.url ?? "")) return false;
        if (req.method === "HEAD") res.writeHead(200).end();
        else res.writeHead(200).end(MANIFEST);
        return true;
      },
      MANIFEST_DIGEST,
    ],
  ])("%s", async (_name, handle, expected) => {
    const fake = await fakeRegistry({ handle });
    const registry = service();
    expect(await registry.checkDigest(`${fake.host}/app`, [`${fake.host}/app@${expected}`])).toEqual({
      kind: "match",
      remoteDigest: expected,
    });
    expect(fake.counts.get("GET /v2/app/manifests/latest")).toBe(1);
    await registry.close();
  });

  it("a HEAD that fails otherwise (500) is not retried with GET; a GET that fails too keeps the HEAD's reason", async () => {
    const failing = await fakeRegistry({
      handle: (req, res) => (/\/manifests\//.test(req.url ?? "") ? (res.writeHead(500).end(), true) : false),
    });
    const registry = service({ clock: fakeClock() });
    const check = await registry.checkDigest(`${failing.host}/app`, []);
    expect(check.kind).toBe("unknown");
    expect(failing.counts.get("GET /v2/app/manifests/latest")).toBeUndefined();
    const missing = await fakeRegistry({
      handle: (req, res) => (/\/manifests\//.test(req.url ?? "") ? (res.writeHead(404).end(), true) : false),
    });
    const gone = await registry.checkDigest(`${missing.host}/nope/app`, []);
    expect(gone.kind).toBe("unknown");
    expect(gone.kind === "unknown" ? gone.reason : "").toMatch(/has no manifest for nope\/app:latest/);
    expect(missing.counts.get("GET /v2/nope/app/manifests/latest")).toBe(1);
    await registry.close();
  });

  it("compares only the RepoDigests of the same repository", async () => {
    const fake = await fakeRegistry();
    const registry = service();
    const check = await registry.checkDigest(`${fake.host}/a`, [
      `${fake.host}/b@${DIGEST}`,
      `other.io/a@${DIGEST}`,
    ]);
    expect(check).toEqual({ kind: "differs", remoteDigest: DIGEST });
    await registry.close();
  });

  it.each([
    [`localhost:5000/app@${DIGEST}`, /pinned to a digest/],
    [`nginx:1@${DIGEST}`, /pinned to a digest/],
    [DIGEST, /bare image ID/],
    ["1".repeat(64), /bare image ID/],
  ])("reports %s as pinned without a request", async (ref, reason) => {
    const check = await service().checkDigest(ref, []);
    expect(check.kind).toBe("pinned");
    expect(check.kind === "pinned" && check.reason).toMatch(reason);
  });

  it("retries 429 after Retry-After and reports the rate limit to metrics", async () => {
    let limited = 2;
    const fake = await fakeRegistry({
      handle: (req, res) => {
        if (req.method !== "HEAD" || limited-- <= 0) return false;
        res.writeHead(429, { "retry-after": "2" }).end();
        return true;
      },
    });
    const clock = fakeClock();
    const seen: string[] = [];
    const registry = service({
      clock,
      metrics: {
        request: (host, method, status) => seen.push(`${method} ${status}`),
        rateLimitRemaining: (host, remaining) => seen.push(`remaining ${remaining}`),
      },
    });
    expect((await registry.checkDigest(`${fake.host}/app`, [`${fake.host}/app@${DIGEST}`])).kind).toBe(
      "match",
    );
    expect(clock.slept).toEqual([2000, 2000]);
    // The first HEAD is the host's first contact: no /v2/ before it.
    expect(seen).toEqual(["HEAD 429", "HEAD 429", "HEAD 200", "remaining 42"]);
    await registry.close();
  });

  it("gives up on a persistent 503 after a bounded number of tries", async () => {
    const fake = await fakeRegistry({
      handle: (req, res) => (req.method === "HEAD" ? (res.writeHead(503).end(), true) : false),
    });
    const clock = fakeClock();
    const registry = service({ clock });
    const check = await registry.checkDigest(`${fake.host}/app`, []);
    expect(check).toEqual({
      kind: "unknown",
      reason: `${fake.host} answered the manifest HEAD with 503`,
      fallback: { image: `${fake.host}/app:latest`, warn: false },
    });
    expect(fake.counts.get("HEAD /v2/app/manifests/latest")).toBe(3);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    await registry.close();
  });

  it("a hanging registry times out; only its containers are unknown", async () => {
    const hanging = await fakeRegistry({ handle: (req) => req.method === "HEAD" });
    const healthy = await fakeRegistry();
    const registry = service({ timeoutMs: 300 });
    const [slow, fast] = await Promise.all([
      registry.checkDigest(`${hanging.host}/app`, []),
      registry.checkDigest(`${healthy.host}/app`, [`${healthy.host}/app@${DIGEST}`]),
    ]);
    expect(slow).toEqual({
      kind: "unknown",
      reason: expect.stringMatching(/timed out after 300 ms/) as string,
      fallback: { image: `${hanging.host}/app:latest`, warn: false },
    });
    expect(fast.kind).toBe("match");
    await registry.close();
  });

  it.each([
    [401, /rejected anonymous access \(401\)/],
    [500, /answered 500/],
  ])("turns a token server %s into unknown", async (status, reason) => {
    const fake = await fakeRegistry({
      bearer: true,
      handle: (req, res) =>
        req.url?.startsWith("/token") === true ? (res.writeHead(status).end(), true) : false,
    });
    const check = await service().checkDigest(`${fake.host}/app`, []);
    expect(check.kind === "unknown" && check.reason).toMatch(reason);
  });

  it.each([
    ["auto", "localhost:1/app", 20],
    ["always", "localhost:1/app", 40],
    ["never", "localhost:1/app", 20],
  ] as const)(
    "--warn-on-head-failure %s: the fallback of %s is told at level %d",
    async (mode, ref, level) => {
      const check = await service({ warnOnHeadFailure: mode, timeoutMs: 500 }).checkDigest(ref, []);
      expect(check.kind === "unknown" && check.fallback).toEqual({
        image: `${ref}:latest`,
        warn: level === 40,
      });
    },
  );

  it.each([
    ["auto", "nginx", 40],
    ["auto", "docker.io/library/nginx:1", 40],
    ["auto", "ghcr.io/o/r:1", 40],
    ["auto", "lscr.io/linuxserver/app", 40],
    ["auto", "quay.io/o/r", 20],
    ["never", "nginx", 20],
    ["never", "ghcr.io/o/r", 20],
    ["always", "quay.io/o/r", 40],
  ] as const)("--warn-on-head-failure %s tells a failed HEAD of %s at level %d", async (mode, ref, level) => {
    // A dispatcher that refuses every request: no traffic leaves the machine.
    const offline = new MockAgent();
    offline.disableNetConnect();
    const { lines, logger } = capture();
    const registry = service({ logger, warnOnHeadFailure: mode, dispatcherFactory: () => offline });
    const check = await registry.checkDigest(ref, []);
    expect(check.kind === "unknown" && check.fallback?.warn).toBe(level === 40);
    // The session tells it (update/events/head-fallback.ts): the registry service logs nothing.
    expect(lines.filter((l) => l.msg.startsWith("Could not do a head request"))).toEqual([]);
    await registry.close();
  });

  it("follows a repository's own challenge when /v2/ answers 200", async () => {
    const fake: Fake = await fakeRegistry({
      handle: (req, res) => {
        if (req.method !== "HEAD" || req.headers.authorization === "Bearer tok") return false;
        res
          .writeHead(401, { "www-authenticate": `Bearer realm="http://${fake.host}/token",service="fake"` })
          .end();
        return true;
      },
    });
    const registry = service();
    const check = await registry.checkDigest(`${fake.host}/private`, [`${fake.host}/private@${DIGEST}`]);
    expect(check).toEqual({ kind: "match", remoteDigest: DIGEST });
    expect(fake.counts.get("GET /token")).toBe(1);
    expect(fake.counts.get("HEAD /v2/private/manifests/latest")).toBe(2);
    await registry.close();
  });

  it("plain HTTP only for loopback hosts, or for any host with --insecure-registry", async () => {
    const fake = await fakeRegistry();
    const port = fake.host.split(":")[1] ?? "";
    // `registry.test` resolves to 127.0.0.1 through this dispatcher: no traffic leaves the machine.
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all === true) callback(null, [{ address: "127.0.0.1", family: 4 }]);
      else callback(null, "127.0.0.1", 4);
    };
    const dispatcherFactory = (tls: RegistryTlsOptions) =>
      new Agent({ connect: { lookup, rejectUnauthorized: tls.rejectUnauthorized } });
    const ref = `registry.test:${port}/app`;
    const repoDigests = [`${ref}@${DIGEST}`];

    const strict = service({ dispatcherFactory });
    const refused = await strict.checkDigest(ref, repoDigests);
    expect(refused.kind === "unknown" && refused.reason).toMatch(
      /^HEAD https:\/\/registry\.test:\d+\/v2\/app\/manifests\/latest failed/,
    );
    expect(fake.counts.size).toBe(0);
    await strict.close();

    const insecure = service({ dispatcherFactory, insecure: true });
    expect(await insecure.checkDigest(ref, repoDigests)).toEqual({ kind: "match", remoteDigest: DIGEST });
    expect(fake.counts.get("HEAD /v2/app/manifests/latest")).toBe(1);
    await insecure.close();
  });

  it("names the source of rejected Basic credentials, never the password", async () => {
    const fake = await fakeRegistry({
      handle: (req, res) => {
        res.writeHead(401, { "www-authenticate": 'Basic realm="fake"' }).end();
        return true;
      },
    });
    const registry = service({ repoUser: "me", repoPass: "hunter2-secret" });
    const check = await registry.checkDigest(`${fake.host}/app`, []);
    expect(check).toEqual({
      kind: "unknown",
      reason: `${fake.host} rejected the credentials from REPO_USER/REPO_PASS for app (401)`,
      fallback: { image: `${fake.host}/app:latest`, warn: false },
    });
    await registry.close();
  });

  it("falls back to memory with a warning when the Redis token cache is unreachable", async () => {
    const fake = await fakeRegistry({ bearer: true });
    const { lines, logger } = capture();
    const registry = service({ logger, tokenCacheUrl: "redis://127.0.0.1:1/0" });
    for (let i = 0; i < 3; i++) {
      expect((await registry.checkDigest(`${fake.host}/app`, [`${fake.host}/app@${DIGEST}`])).kind).toBe(
        "match",
      );
    }
    expect(fake.counts.get("GET /token")).toBe(1);
    expect(lines.filter((l) => l.msg === "Redis token cache unavailable, using memory")).toHaveLength(1);
    await registry.close();
  });

  it("returns unknown for a malformed reference", async () => {
    const check = await service().checkDigest("Upper/Case", []);
    expect(check).toEqual({ kind: "unknown", reason: expect.stringMatching(/lowercase/) as string });
  });
});
