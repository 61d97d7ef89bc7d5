import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { reportOf } from "../../test/support/reports.ts";
import { createMetrics } from "../metrics/metrics.ts";
import { createRunCoordinator, type RunCoordinator } from "../scheduler/coordinator.ts";
import type { SessionReport } from "../update/report-types.ts";
import { systemClock } from "../util/clock.ts";
import { DISTRIBUTION_EVENTS_TYPE } from "./push-payload.ts";
import { startApiServer, type ApiServer } from "./server.ts";

const TOKEN = "hook-token-value";
const servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A coordinator that records requests and whose runs never end unless told to. */
function recordingCoordinator(): Pick<RunCoordinator, "request"> & { requests: (readonly string[])[] } {
  const requests: (readonly string[])[] = [];
  return {
    requests,
    request(images) {
      requests.push(images ?? []);
      return new Promise<SessionReport>(() => undefined);
    },
  };
}

async function start(
  coordinator: Pick<RunCoordinator, "request"> = recordingCoordinator(),
  options: { updateEnabled?: boolean; maxBodyBytes?: number } = {},
) {
  const logs: string[] = [];
  const metrics = createMetrics({ defaultMetrics: false });
  const server = await startApiServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    updateEnabled: options.updateEnabled ?? true,
    metricsEnabled: true,
    coordinator,
    metrics,
    logger: pino({ level: "debug" }, { write: (line: string) => logs.push(line) }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  servers.push(server);
  const url = `http://127.0.0.1:${String(server.address.port)}/v1/hooks/registry`;
  return { url, logs, metrics };
}

const push = (
  repository: string,
  tag?: string,
  action = "push",
  mediaType = "application/vnd.oci.image.manifest.v1+json",
) => ({
  action,
  target: {
    mediaType,
    repository,
    digest: `sha256:${"a".repeat(64)}`,
    ...(tag === undefined ? {} : { tag }),
  },
  request: { host: "localhost:5000", method: "PUT" },
});

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": DISTRIBUTION_EVENTS_TYPE, Authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("POST /v1/hooks/registry", () => {
  it("answers 202 at once naming the queued images; the run is not waited for", async () => {
    const coordinator = recordingCoordinator();
    const { url, logs } = await start(coordinator);
    const res = await post(url, { events: [push("app", "latest"), push("app"), push("web", "2", "pull")] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "queued", images: ["localhost:5000/app:latest"], ignored: 2 });
    expect(coordinator.requests).toEqual([["localhost:5000/app:latest"]]);
    const info = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(info).toContainEqual(
      expect.objectContaining({
        msg: "Updates triggered by registry push",
        source: "distribution",
        images: ["localhost:5000/app:latest"],
        pushes: ["app:latest"],
      }),
    );
  });

  it.each([
    ["a pull", [push("app", "latest", "pull")]],
    ["a layer push", [push("app", undefined, "push", "application/octet-stream")]],
    ["a push by digest", [push("app")]],
  ])("queues nothing for %s and says so", async (_, events) => {
    const coordinator = recordingCoordinator();
    const { url } = await start(coordinator);
    const res = await post(url, { events });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "ignored", images: [], ignored: 1 });
    expect(coordinator.requests).toEqual([]);
  });

  it("takes a Docker Hub webhook with ?token= and never logs the token or the callback URL", async () => {
    const coordinator = recordingCoordinator();
    const { url, logs } = await start(coordinator);
    const callback = "https://registry.hub.docker.com/u/acme/web/hook/secret-callback-id/";
    const res = await fetch(`${url}?token=${TOKEN}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        callback_url: callback,
        push_data: { tag: "1.4.0", pusher: "acme" },
        repository: { repo_name: "acme/web", namespace: "acme", name: "web" },
      }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "queued", images: ["docker.io/acme/web:1.4.0"], ignored: 0 });
    expect(coordinator.requests).toEqual([["docker.io/acme/web:1.4.0"]]);
    expect(logs.join("\n")).toContain('"path":"/v1/hooks/registry"');
    expect(logs.join("\n")).not.toContain(TOKEN);
    expect(logs.join("\n")).not.toContain("secret-callback-id");
  });

  it.each<[string, string, Record<string, string>, number, string]>([
    ["no token", "", { Authorization: "" }, 401, "missing API token"],
    ["a wrong bearer token", "", { Authorization: "Bearer nope" }, 401, "invalid API token"],
    ["a wrong query token", "?token=nope", { Authorization: "" }, 401, "invalid API token"],
    ["an empty query token", "?token=", { Authorization: "" }, 401, "invalid API token"],
    ["a wrong content type", "", { "Content-Type": "text/plain" }, 415, "unsupported content type"],
    ["no content type", "", { "Content-Type": "" }, 415, "unsupported content type"],
  ])("answers %s with %i and queues nothing", async (_, query, headers, status, error) => {
    const coordinator = recordingCoordinator();
    const { url } = await start(coordinator);
    const res = await post(`${url}${query}`, { events: [push("app", "latest")] }, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toContain(error);
    if (status === 401) expect(res.headers.get("www-authenticate")).toBe('Bearer realm="bosun"');
    expect(coordinator.requests).toEqual([]);
  });

  it.each([
    ["garbage", "{not json", "request body is not JSON"],
    ["an object without events", { hello: "world" }, "malformed registry notification: events"],
    ["events of the wrong type", { events: "push" }, "malformed registry notification: events"],
  ])("answers 400 for %s without echoing it", async (_, body, error) => {
    const coordinator = recordingCoordinator();
    const { url } = await start(coordinator);
    const res = await post(url, body);
    expect(res.status).toBe(400);
    const message = ((await res.json()) as { error: string }).error;
    expect(message).toContain(error);
    expect(message).not.toMatch(/world|not json/);
    expect(coordinator.requests).toEqual([]);
  });

  it("answers 413 for a body over the limit, 405 for GET, and is absent without the update API", async () => {
    const { url } = await start(recordingCoordinator(), { maxBodyBytes: 100 });
    expect((await post(url, { events: [push("app", "latest"), push("app", "latest")] })).status).toBe(413);
    const get = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const off = await start(recordingCoordinator(), { updateEnabled: false });
    expect((await post(off.url, { events: [push("app", "latest")] })).status).toBe(404);
  });

  it("merges pushes that arrive during a run into one next run", async () => {
    const runs: (string[] | undefined)[] = [];
    let release: () => void = () => undefined;
    const coordinator = createRunCoordinator({
      runSession: (images) => {
        runs.push(images);
        return runs.length === 1
          ? new Promise<SessionReport>((resolve) => {
              release = () => {
                resolve(reportOf([]));
              };
            })
          : Promise.resolve(reportOf([]));
      },
      logger: pino({ level: "silent" }),
      clock: systemClock,
    });
    const { url, metrics } = await start(coordinator);
    expect((await post(url, { events: [push("one", "latest")] })).status).toBe(202);
    expect((await post(url, { events: [push("two", "latest")] })).status).toBe(202);
    expect((await post(url, { events: [push("three", "1.0"), push("two", "latest")] })).status).toBe(202);
    release();
    for (let i = 0; i < 100 && runs.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await coordinator.stop();
    expect(runs).toEqual([
      ["localhost:5000/one:latest"],
      ["localhost:5000/three:1.0", "localhost:5000/two:latest"],
    ]);
    const rendered = (await metrics.render()).body;
    expect(rendered).toContain('bosun_webhook_events_total{source="distribution",result="queued"} 4');
  });
});
