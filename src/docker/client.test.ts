import { createServer } from "node:http";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { MockAgent } from "undici";
import { containerInspect } from "../../test/support/container-inspect.ts";
import { createDockerClient } from "./client.ts";
import {
  ConflictError,
  DockerApiError,
  DockerConfigError,
  DockerConnectionError,
  DockerTimeoutError,
  NotFoundError,
} from "./errors.ts";

const ORIGIN = "http://docker.test:2375";
const HOST = "tcp://docker.test:2375";

function mockDaemon(apiVersion?: string) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  pool
    .intercept({ path: "/_ping", method: "GET" })
    .reply(200, "OK", { headers: apiVersion === undefined ? {} : { "api-version": apiVersion } });
  return { agent, pool };
}

describe("version negotiation", () => {
  it.each<[string | undefined, string]>([
    ["1.41", "1.41"],
    ["1.45", "1.45"],
    ["1.99", "1.52"],
    ["1.12", "1.24"],
    [undefined, "1.24"],
  ])("daemon Api-Version %j → /v%s paths", async (daemon, expected) => {
    const { agent, pool } = mockDaemon(daemon);
    pool
      .intercept({ path: `/v${expected}/info`, method: "GET" })
      .reply(200, { ID: "id", Name: "n", ServerVersion: "x", Containers: 0, Images: 0 });
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    expect(client.apiVersion).toBe(expected);
    expect((await client.info()).ServerVersion).toBe("x");
    await client.close();
  });

  it("skips the ping when a version is forced", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get(ORIGIN).intercept({ path: "/v1.40/info", method: "GET" }).reply(200, {
      ID: "id",
      Name: "n",
      ServerVersion: "20.10",
      Containers: 1,
      Images: 2,
    });
    const client = await createDockerClient({ host: HOST, dispatcher: agent, apiVersion: "1.40" });
    expect(client.apiVersion).toBe("1.40");
    expect((await client.info()).Images).toBe(2);
    await client.close();
  });

  it("rejects a malformed forced version and a malformed host", async () => {
    await expect(createDockerClient({ host: HOST, apiVersion: "latest" })).rejects.toBeInstanceOf(
      DockerConfigError,
    );
    await expect(createDockerClient({ host: "docker.sock" })).rejects.toThrow(
      /Invalid Docker host "docker.sock"/,
    );
  });
});

describe("error mapping", () => {
  it.each<[number, string, object, new (...args: never[]) => Error]>([
    [404, '{"message":"No such container: web"}', { status: 404, code: "DOCKER_NOT_FOUND" }, NotFoundError],
    [409, '{"message":"name in use"}', { status: 409, code: "DOCKER_CONFLICT" }, ConflictError],
    [500, '{"message":"driver failed"}', { status: 500, code: "DOCKER_API" }, DockerApiError],
    [400, "plain text failure", { status: 400, code: "DOCKER_API" }, DockerApiError],
  ])("HTTP %i %s", async (status, body, fields, type) => {
    const { agent, pool } = mockDaemon("1.41");
    pool.intercept({ path: "/v1.41/containers/web/json", method: "GET" }).reply(status, body);
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    const error: unknown = await client.inspectContainer("web").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ ...fields, method: "GET", path: "/containers/web/json" });
    const daemonMessage = body.startsWith("{") ? (JSON.parse(body) as { message: string }).message : body;
    expect((error as Error).message).toBe(`GET /containers/web/json: ${daemonMessage} (HTTP ${status})`);
    await client.close();
  });

  it("rejects an answer of the wrong shape", async () => {
    const { agent, pool } = mockDaemon("1.41");
    pool.intercept({ path: "/v1.41/containers/json", method: "GET" }).reply(200, [{ Id: 5 }]);
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    await expect(client.listContainers()).rejects.toMatchObject({ code: "DOCKER_BAD_RESPONSE" });
    await client.close();
  });

  it("maps a refused connection to DockerConnectionError naming the host", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(ORIGIN)
      .intercept({ path: "/_ping", method: "GET" })
      .replyWithError(
        Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:2375"), { code: "ECONNREFUSED" }),
      );
    const error: unknown = await createDockerClient({ host: HOST, dispatcher: agent }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DockerConnectionError);
    expect((error as Error).message).toContain(`at ${HOST}: connect ECONNREFUSED`);
    expect((error as Error).message).not.toContain("TLS");
    expect((error as Error).message).toContain("DOCKER_HOST");
  });
});

describe("pull", () => {
  const secret = Buffer.from('{"username":"u","password":"s3cret-pw"}').toString("base64url");

  it("sends X-Registry-Auth, reports progress and rejects on an error line without leaking it", async () => {
    const { agent, pool } = mockDaemon("1.41");
    pool
      .intercept({
        path: "/v1.41/images/create?fromImage=reg.test%2Fapp&tag=v1",
        method: "POST",
        headers: { "x-registry-auth": secret },
      })
      .reply(
        200,
        '{"status":"Pulling from app","id":"v1"}\n{"status":"Downloading","progress":"[=>  ]"}\n' +
          '{"errorDetail":{"message":"manifest unknown: v1"},"error":"manifest unknown"}\n',
      );
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    const progress: unknown[] = [];
    const error: unknown = await client
      .pullImage("reg.test/app:v1", { registryAuth: secret, onProgress: (p) => progress.push(p) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerApiError);
    expect((error as Error).message).toContain("manifest unknown: v1");
    expect((error as Error).message).not.toContain(secret);
    expect(progress).toHaveLength(2);
    await client.close();
  });

  it("resolves when the stream ends without an error", async () => {
    const { agent, pool } = mockDaemon("1.41");
    pool
      .intercept({ path: "/v1.41/images/create?fromImage=busybox&tag=latest", method: "POST" })
      .reply(200, '{"status":"Status: Image is up to date for busybox:latest"}');
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    await expect(client.pullImage("busybox")).resolves.toBeUndefined();
    await client.close();
  });
});

describe("stop", () => {
  it("uses stop?signal= on API 1.42+", async () => {
    const { agent, pool } = mockDaemon("1.43");
    pool.intercept({ path: "/v1.43/containers/web/stop?signal=SIGUSR1&t=5", method: "POST" }).reply(204, "");
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    await client.stopContainer("web", { signal: "SIGUSR1", timeoutSeconds: 5 });
    await client.close();
    agent.assertNoPendingInterceptors();
  });

  it("kills with the signal and waits on API 1.41", async () => {
    const { agent, pool } = mockDaemon("1.41");
    pool.intercept({ path: "/v1.41/containers/web/kill?signal=SIGUSR1", method: "POST" }).reply(204, "");
    pool
      .intercept({ path: "/v1.41/containers/web/wait?condition=not-running", method: "POST" })
      .reply(200, { StatusCode: 0 });
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    await client.stopContainer("web", { signal: "SIGUSR1", timeoutSeconds: 5 });
    await client.close();
    agent.assertNoPendingInterceptors();
  });

  it("treats 304 (already stopped) as success", async () => {
    const { agent, pool } = mockDaemon("1.41");
    pool.intercept({ path: "/v1.41/containers/web/stop?t=3", method: "POST" }).reply(304, "");
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    await client.stopContainer("web", { timeoutSeconds: 3 });
    await client.close();
  });
});

describe("timeouts and aborts (loopback server that never answers)", () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function silentServer(): Promise<string> {
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no address");
    return `tcp://127.0.0.1:${address.port}`;
  }

  it("rejects with DockerTimeoutError after the per-call timeout", async () => {
    const client = await createDockerClient({
      host: await silentServer(),
      apiVersion: "1.41",
      timeoutMs: 150,
    });
    const started = Date.now();
    await expect(client.inspectContainer("web")).rejects.toBeInstanceOf(DockerTimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(client.inspectContainer("web", { timeoutMs: 50 })).rejects.toThrow("within 50 ms");
    await client.close();
  });

  it("rejects with the caller's abort reason", async () => {
    const client = await createDockerClient({ host: await silentServer(), apiVersion: "1.41" });
    const controller = new AbortController();
    const reason = new Error("shutting down");
    setTimeout(() => {
      controller.abort(reason);
    }, 50);
    await expect(client.waitContainer("web", "not-running", { signal: controller.signal })).rejects.toBe(
      reason,
    );
    await client.close();
  });
});

describe("Podman's compatibility API", () => {
  const PODMAN = { "api-version": "1.41", "libpod-api-version": "4.3.1" };

  function mockPodman() {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: "/_ping", method: "GET" }).reply(200, "OK", { headers: PODMAN });
    return { agent, pool };
  }

  function inspectAnswer(stopSignal: string) {
    return containerInspect(
      { Hostname: "abc", Env: ["container=podman", "A=b"], StopSignal: stopSignal },
      { Ulimits: [{ Name: "RLIMIT_NOFILE", Hard: 2, Soft: 1 }] },
    );
  }

  it("is recognised from /_ping and its inspect comes back in Docker's shape", async () => {
    const { agent, pool } = mockPodman();
    pool
      .intercept({ path: "/v1.41/containers/web/json", method: "GET" })
      .reply(200, inspectAnswer("15"), { headers: PODMAN });
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    expect(client.engine).toBe("podman");
    const inspect = await client.inspectContainer("web");
    expect(inspect.HostConfig.Ulimits).toEqual([{ Name: "nofile", Hard: 2, Soft: 1 }]);
    expect(inspect.Config.Env).toEqual(["A=b"]);
    await client.close();
  });

  it.each<[string, string, string[]]>([
    ["its own signal: /stop alone", "SIGTERM", ["/v1.41/containers/web/stop?t=5"]],
    [
      "another signal: kill with it, then /stop",
      "SIGUSR1",
      ["/v1.41/containers/web/kill?signal=SIGUSR1", "/v1.41/containers/web/stop?t=5"],
    ],
  ])("stops with %s (a kill alone lets the restart policy bring it back)", async (_, signal, posts) => {
    const { agent, pool } = mockPodman();
    pool
      .intercept({ path: "/v1.41/containers/web/json", method: "GET" })
      .reply(200, inspectAnswer("15"), { headers: PODMAN });
    for (const path of posts) pool.intercept({ path, method: "POST" }).reply(204, "", { headers: PODMAN });
    const client = await createDockerClient({ host: HOST, dispatcher: agent });
    await client.stopContainer("web", { signal, timeoutSeconds: 5 });
    await client.close();
    agent.assertNoPendingInterceptors();
  });
});
