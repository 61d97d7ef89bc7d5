import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerFaultProxy } from "../support/docker-fault-proxy.ts";
import {
  docker,
  removeTestContainers,
  runProcess,
  SANDBOX_ID,
  startDaemonProxy,
  TEST_LABEL,
  testEnv,
  uniqueName,
} from "./harness.ts";

let proxy: DockerFaultProxy;

/** One call through the proxy's socket; resolves with the status, or rejects on a socket error. */
function call(
  method: string,
  path: string,
  options: { body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: proxy.socketPath, method, path, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.on("error", reject);
    if (options.body !== undefined) req.setHeader("content-type", "application/json");
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

beforeAll(async () => {
  proxy = await startDaemonProxy("fault");
});

afterAll(async () => {
  await proxy.close();
  await removeTestContainers();
});

describe("the Docker API fault proxy", () => {
  it("forwards calls to the real daemon and records them without the version prefix", async () => {
    proxy.clearRules();
    const cli = await runProcess("docker", ["version", "--format", "{{.Server.APIVersion}}"], {
      env: { ...process.env, DOCKER_HOST: proxy.host },
    });
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim()).toMatch(/^\d+\.\d+$/);
    expect(proxy.requests.some((r) => r.method === "GET" && r.path === "/version" && r.status === 200)).toBe(
      true,
    );
  });

  it("fails a matching call without forwarding it, for as many times as asked", async () => {
    proxy.clearRules();
    proxy.addRule({
      method: "GET",
      path: /^\/containers\/json$/,
      times: 1,
      fail: { status: 500, message: "boom" },
    });
    const first = await call("GET", "/v1.41/containers/json");
    expect(first).toEqual({ status: 500, body: JSON.stringify({ message: "boom" }) });
    const second = await call("GET", "/v1.41/containers/json");
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body)).toBeInstanceOf(Array);
  });

  it("answers late after the daemon did the work, so a client that timed out is wrong about it", async () => {
    proxy.clearRules();
    const name = uniqueName("fault-late");
    proxy.addRule({ method: "POST", path: /^\/containers\/create$/, times: 1, lateMs: 1500 });
    const started = Date.now();
    await expect(
      call("POST", `/v1.41/containers/create?name=${name}`, {
        body: { Image: testEnv().baseImage, Labels: { [TEST_LABEL]: SANDBOX_ID } },
        timeoutMs: 300,
      }),
    ).rejects.toThrow("client timeout");
    expect(Date.now() - started).toBeLessThan(1400);
    // The create happened although its answer never reached the client.
    expect(await docker(["inspect", "--format", "{{.Name}}", name])).toBe(`/${name}`);
  });

  it("delays a call and runs the hook before it is forwarded", async () => {
    proxy.clearRules();
    const order: string[] = [];
    proxy.addRule({
      method: "GET",
      path: /^\/_ping$/,
      times: 1,
      delayMs: 400,
      onMatch: () => {
        order.push("hook");
      },
    });
    const started = Date.now();
    const answer = await call("GET", "/_ping");
    order.push("answer");
    expect(answer).toEqual({ status: 200, body: "OK" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(order).toEqual(["hook", "answer"]);
  });

  it("drops the connection when asked", async () => {
    proxy.clearRules();
    proxy.addRule({ path: /^\/info$/, times: 1, drop: true });
    await expect(call("GET", "/v1.41/info")).rejects.toThrow(/socket hang up|ECONNRESET/);
    const dropped = proxy.requests.filter((r) => r.path === "/info");
    expect(dropped.at(-1)?.status).toBe(0);
  });
});
