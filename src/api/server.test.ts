import { request } from "node:http";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createMetrics } from "../metrics/metrics.ts";
import { container, reportOf } from "../../test/support/reports.ts";
import {
  CoordinatorStoppedError,
  createRunCoordinator,
  type RunCoordinator,
} from "../scheduler/coordinator.ts";
import type { SessionReport } from "../update/report-types.ts";
import { healthCheck } from "./health-check.ts";
import { startApiServer, type ApiServer, type ApiServerOptions } from "./server.ts";

const TOKEN = "s3cret-token";
const REPORT: SessionReport = {
  ...reportOf([container(1, "Updated"), container(2, "Fresh"), container(3, "Failed", "pull failed")]),
  startedAt: Date.parse("2026-03-01T10:00:00Z"),
  finishedAt: Date.parse("2026-03-01T10:00:02.500Z"),
};

interface FakeCoordinator {
  requests: (readonly string[] | undefined)[];
  result: () => Promise<SessionReport>;
  request(images?: readonly string[]): Promise<SessionReport>;
}

function fakeCoordinator(): FakeCoordinator {
  const fake: FakeCoordinator = {
    requests: [],
    result: () => Promise.resolve(REPORT),
    request(images) {
      fake.requests.push(images);
      return fake.result();
    },
  };
  return fake;
}

let servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(
  overrides: Partial<ApiServerOptions> = {},
): Promise<{ base: string; coordinator: FakeCoordinator; logs: string[]; server: ApiServer }> {
  const coordinator = fakeCoordinator();
  const logs: string[] = [];
  const server = await startApiServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    updateEnabled: true,
    metricsEnabled: true,
    coordinator,
    metrics: createMetrics({ defaultMetrics: false }),
    logger: pino({ level: "debug" }, { write: (line: string) => logs.push(line) }),
    ...overrides,
  });
  servers.push(server);
  return { base: `http://127.0.0.1:${String(server.address.port)}`, coordinator, logs, server };
}

const bearer = { Authorization: `Bearer ${TOKEN}` };

async function json(res: Response): Promise<unknown> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return res.json();
}

describe("HTTP API /v1/update", () => {
  it.each([
    ["no token", {}, "missing API token"],
    ["a wrong bearer token", { Authorization: "Bearer nope" }, "invalid API token"],
    ["a wrong Token header", { Token: "nope" }, "invalid API token"],
    ["the token without Bearer", { Authorization: TOKEN }, "invalid API token"],
    ["a token with a suffix", { Authorization: `Bearer ${TOKEN}x` }, "invalid API token"],
  ])("answers 401 with %s and runs nothing", async (_, headers, message) => {
    const { base, coordinator } = await start();
    const res = await fetch(`${base}/v1/update`, { headers });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ error: message });
    expect(coordinator.requests).toEqual([]);
  });

  it("accepts the Token header and a case-insensitive Bearer scheme", async () => {
    const { base, coordinator } = await start();
    expect((await fetch(`${base}/v1/update`, { headers: { Token: TOKEN } })).status).toBe(200);
    expect((await fetch(`${base}/v1/update`, { headers: { Authorization: `bearer ${TOKEN}` } })).status).toBe(
      200,
    );
    expect(coordinator.requests).toEqual([undefined, undefined]);
  });

  it("answers a synchronous update with the report of the covering run", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/v1/update`, { method: "POST", headers: bearer });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      summary: { scanned: 3, updated: 1, failed: 1, skipped: 0, stale: 0, fresh: 1, restarted: 0 },
      durationMs: 2500,
      startedAt: "2026-03-01T10:00:00.000Z",
      finishedAt: "2026-03-01T10:00:02.500Z",
    });
    expect((body as { containers: unknown[] }).containers).toEqual([
      expect.objectContaining({ name: "app1", image: "localhost:5000/app1:latest", state: "Updated" }),
      expect.objectContaining({ name: "app2", state: "Fresh" }),
      expect.objectContaining({ name: "app3", state: "Failed", error: "pull failed" }),
    ]);
    const first = (body as { containers: Record<string, unknown>[] }).containers[0];
    expect(Object.keys(first ?? {}).sort()).toEqual(
      ["currentImageId", "id", "image", "latestImageId", "name", "state"].sort(),
    );
  });

  it("holds the answer until the run ends", async () => {
    const { base, coordinator } = await start();
    let finish: (report: SessionReport) => void = () => undefined;
    coordinator.result = () =>
      new Promise((resolve) => {
        finish = resolve;
      });
    let answered = false;
    const pending = fetch(`${base}/v1/update`, { headers: bearer }).then((res) => {
      answered = true;
      return res;
    });
    for (let i = 0; i < 50 && coordinator.requests.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(coordinator.requests).toHaveLength(1);
    expect(answered).toBe(false);
    finish(REPORT);
    expect((await pending).status).toBe(200);
  });

  it("passes repeated and comma-separated image parameters to the coordinator, empty entries dropped", async () => {
    const { base, coordinator } = await start();
    const query = "image=foo/bar,foo/baz,&image=localhost:5000/app&image=nginx:1.27,,&image=foo/bar";
    expect((await fetch(`${base}/v1/update?${query}`, { headers: bearer })).status).toBe(200);
    expect(coordinator.requests).toEqual([["foo/bar", "foo/baz", "localhost:5000/app", "nginx:1.27"]]);
  });

  it("tells the composition root of each triggered update, with its images (for the notice)", async () => {
    const triggered: unknown[] = [];
    const { base } = await start({ onUpdateTriggered: (fields) => triggered.push(fields) });
    await fetch(`${base}/v1/update?image=a,b`, { headers: bearer });
    await fetch(`${base}/v1/update?async=true`, { method: "POST", headers: bearer });
    await fetch(`${base}/v1/update`, { headers: { Authorization: "Bearer wrong" } });
    expect(triggered).toEqual([
      { images: ["a", "b"], async: false },
      { images: "all", async: true },
    ]);
  });

  it("answers 202 at once with async=true", async () => {
    const { base, coordinator } = await start();
    coordinator.result = () => new Promise(() => undefined);
    const res = await fetch(`${base}/v1/update?async=true&image=app`, { method: "POST", headers: bearer });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ status: "queued" });
    expect(coordinator.requests).toEqual([["app"]]);
  });

  it.each([
    ["image=", "image"],
    ["image=,", "image"],
    ["image=&image=", "image"],
    ["image=bad%20name", "image"],
    ["image=" + "a".repeat(256), "image"],
    ["image=" + Array.from({ length: 101 }, (_, i) => `i${String(i)}`).join(","), "image"],
    ["image=$(rm)", "image"],
    ["async=yes", "async"],
    ["async=true&async=false", "async"],
  ])("answers 400 naming the parameter for %s", async (query, parameter) => {
    const { base, coordinator } = await start();
    const res = await fetch(`${base}/v1/update?${query}`, { headers: bearer });
    expect(res.status).toBe(400);
    expect(((await json(res)) as { error: string }).error).toContain(`"${parameter}"`);
    expect(coordinator.requests).toEqual([]);
  });

  it("answers 405 for other methods, with Allow", async () => {
    const { base } = await start();
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const res = await fetch(`${base}/v1/update`, { method, headers: bearer });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, POST");
      expect(await json(res)).toEqual({ error: `method ${method} not allowed` });
    }
  });

  it("accepts a small body and refuses a large one with 413", async () => {
    const { base, coordinator } = await start({ maxBodyBytes: 64 });
    const small = await fetch(`${base}/v1/update`, { method: "POST", headers: bearer, body: "{}" });
    expect(small.status).toBe(200);
    const large = await fetch(`${base}/v1/update`, {
      method: "POST",
      headers: bearer,
      body: "x".repeat(1000),
    });
    expect(large.status).toBe(413);
    expect(coordinator.requests).toHaveLength(1);
  });

  it("answers 500 with the error when the run fails, 503 when Bosun is stopping", async () => {
    const { base, coordinator } = await start();
    coordinator.result = () => Promise.reject(new Error("cannot list containers"));
    const failed = await fetch(`${base}/v1/update`, { headers: bearer });
    expect(failed.status).toBe(500);
    expect(await json(failed)).toEqual({ error: "update session failed: cannot list containers" });
    coordinator.result = () => Promise.reject(new CoordinatorStoppedError());
    const stopping = await fetch(`${base}/v1/update`, { headers: bearer });
    expect(stopping.status).toBe(503);
  });

  it("is absent (404) when the update API is disabled", async () => {
    const { base } = await start({ updateEnabled: false });
    expect((await fetch(`${base}/v1/update`, { headers: bearer })).status).toBe(404);
  });

  it("logs each request at debug without the token or the query", async () => {
    const { base, logs } = await start();
    await fetch(`${base}/v1/update?image=secretish`, { headers: bearer });
    await fetch(`${base}/v1/update`, { headers: { Token: "wrong-token-value" } });
    const requestLogs = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "HTTP request");
    expect(requestLogs).toEqual([
      expect.objectContaining({ level: 20, method: "GET", path: "/v1/update", status: 200 }),
      expect.objectContaining({ level: 20, method: "GET", path: "/v1/update", status: 401 }),
    ]);
    const all = logs.join("\n");
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain("wrong-token-value");
    expect(all).not.toContain("image=secretish");
  });
});

describe("HTTP API /v1/metrics, /v1/health and others", () => {
  it("serves Prometheus text behind the token", async () => {
    const { base } = await start();
    expect((await fetch(`${base}/v1/metrics`)).status).toBe(401);
    const res = await fetch(`${base}/v1/metrics`, { headers: bearer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^watchtower_scans_total 0$/m);
    expect(text).toMatch(/^watchtower_containers_scanned 0$/m);
  });

  it("serves /v1/metrics only when enabled", async () => {
    const { base } = await start({ metricsEnabled: false });
    expect((await fetch(`${base}/v1/metrics`, { headers: bearer })).status).toBe(404);
  });

  it("answers /v1/health without a token", async () => {
    const { base } = await start({ updateEnabled: false });
    const res = await fetch(`${base}/v1/health`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
    expect((await fetch(`${base}/v1/health`, { method: "POST" })).status).toBe(405);
  });

  it("answers 404 JSON for unknown paths", async () => {
    const { base } = await start();
    // `/` is the dashboard page (src/api/dashboard/page-routes.test.ts).
    for (const path of ["/v1", "/v1/update/", "/v2/update", "/swagger", "/ui"]) {
      const res = await fetch(`${base}${path}`, { headers: bearer });
      expect(res.status, path).toBe(404);
      expect(await json(res)).toEqual({ error: "not found" });
    }
  });

  it("refuses to start a protected endpoint without a token", async () => {
    await expect(
      startApiServer({
        host: "127.0.0.1",
        port: 0,
        token: undefined,
        updateEnabled: true,
        metricsEnabled: false,
        coordinator: fakeCoordinator(),
        metrics: createMetrics({ defaultMetrics: false }),
        logger: pino({ level: "silent" }),
      }),
    ).rejects.toThrow(/token/);
  });

  it("rejects when the port is taken", async () => {
    const { server } = await start();
    await expect(start({ port: server.address.port })).rejects.toThrow(/Cannot listen/);
  });

  it("close waits for a request in progress", async () => {
    const { base, coordinator, server } = await start();
    let finish: (report: SessionReport) => void = () => undefined;
    coordinator.result = () =>
      new Promise((resolve) => {
        finish = resolve;
      });
    const pending = fetch(`${base}/v1/update`, { headers: bearer });
    for (let i = 0; i < 50 && coordinator.requests.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(closed).toBe(false);
    finish(REPORT);
    expect((await pending).status).toBe(200);
    await closing;
    expect(closed).toBe(true);
    await expect(fetch(`${base}/v1/health`)).rejects.toThrow();
  });
});

describe("healthCheck", () => {
  it("is true for a running API and false for a closed port", async () => {
    const { server } = await start();
    const port = server.address.port;
    expect(await healthCheck({ port, timeoutMs: 2000 })).toBe(true);
    expect(await healthCheck({ host: "127.0.0.1", port, timeoutMs: 2000 })).toBe(true);
    await server.close();
    expect(await healthCheck({ port, timeoutMs: 2000 })).toBe(false);
  });
});

describe("slow bodies", () => {
  it("answers 408 when the body does not arrive in time", async () => {
    const { base, coordinator } = await start({ bodyTimeoutMs: 50 });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        `${base}/v1/update`,
        { method: "POST", headers: { ...bearer, "Content-Length": "100" }, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on("error", reject);
      req.write("partial");
    });
    expect(status).toBe(408);
    expect(coordinator.requests).toEqual([]);
  });
});

describe("with the real run coordinator", () => {
  it("10 concurrent requests during a run all get 200 and cause one more run", async () => {
    const runs: (string[] | undefined)[] = [];
    const releases: (() => void)[] = [];
    const coordinator = createRunCoordinator({
      logger: pino({ level: "silent" }),
      clock: { now: () => 0, sleep: () => Promise.resolve() },
      runSession: (images) => {
        runs.push(images);
        const report = { ...REPORT, startedAt: runs.length * 1000, finishedAt: runs.length * 1000 + 1 };
        return new Promise<SessionReport>((resolve) =>
          releases.push(() => {
            resolve(report);
          }),
        );
      },
    });
    // Counts the requests that reached the queue: under load, a fixed pause may end before all ten do.
    let requested = 0;
    const counting: Pick<RunCoordinator, "request"> = {
      request: (...args) => {
        requested += 1;
        return coordinator.request(...args);
      },
    };
    const { base } = await start({ coordinator: counting });
    const waitFor = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(check()).toBe(true);
    };
    const first = fetch(`${base}/v1/update?image=a`, { headers: bearer });
    await waitFor(() => runs.length === 1);
    const during = Array.from({ length: 10 }, (_, i) =>
      fetch(`${base}/v1/update${i % 2 === 0 ? "?image=x" : "?image=y"}`, { method: "POST", headers: bearer }),
    );
    await waitFor(() => requested === 11);
    expect(runs).toHaveLength(1);
    releases[0]?.();
    expect(((await json(await first)) as { startedAt: string }).startedAt).toBe(new Date(1000).toISOString());
    await waitFor(() => runs.length === 2);
    releases[1]?.();
    const answers = await Promise.all(during);
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(((await json(res)) as { startedAt: string }).startedAt).toBe(new Date(2000).toISOString());
    }
    expect(runs).toEqual([["a"], ["x", "y"]]);
    await coordinator.stop();
  });
});
