/**
 * Registry push webhooks end to end: a second distribution registry whose notifications endpoint
 * is Bosun's `/v1/hooks/registry` (with the bearer token in its configured headers). A push of a
 * new image updates the container within seconds while the schedule is an hour away; the
 * registry's pull, layer-push and push-by-digest events start nothing.
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { buildImage, docker, inspect, removeTestContainers, runContainer, uniqueName } from "./harness.ts";
import {
  apiArgs,
  freePort,
  sessionsDone,
  startBosun,
  type LogLine,
  type RunningBosun,
} from "./daemon-helpers.ts";
import { removeImagesOf, removeTempDirs, startRegistry, type ExtraRegistry } from "./registry-helpers.ts";
import { SLEEP } from "./update-helpers.ts";

const TOKEN = "webhook-e2e-token-value";
const SCOPE = uniqueName("scope");
const MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

let registry: ExtraRegistry | undefined;
let bosun: RunningBosun | undefined;
afterAll(async () => {
  await bosun?.stop("SIGKILL");
  await removeTestContainers();
  if (registry !== undefined) {
    await removeImagesOf(registry.host);
    await registry.stop();
  }
  removeTempDirs();
});

// The webhook's own line (a request, before any session); the sessions are told by their events.
const triggered = (b: RunningBosun): LogLine[] =>
  b.logs().filter((line) => line.msg === "Updates triggered by registry push");
const runsStarted = (b: RunningBosun): LogLine[] =>
  b.logs().filter((line) => line.event === "session-started");
const ignoredEvents = (b: RunningBosun): { action: string; reason: string }[] =>
  b
    .logs()
    .filter((line) => line.msg === "Registry webhook events ignored")
    .flatMap((line) => line.ignored as { action: string; reason: string }[]);

/** Waits (bounded) until `check` holds; fails with `what`. */
async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A request straight to the registry's v2 API on loopback. */
async function registryCall(path: string, init: RequestInit = {}): Promise<Response> {
  if (registry === undefined) throw new Error("no registry");
  const res = await fetch(`http://${registry.host}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  if (res.status >= 300)
    throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

describe("registry push webhook", () => {
  it("a push updates the container within seconds; pulls, layer pushes and digest pushes start nothing", async () => {
    const port = await freePort();
    registry = await startRegistry("webhook", {
      notifications: {
        url: `http://127.0.0.1:${port}/v1/hooks/registry`,
        headers: { Authorization: `Bearer ${TOKEN}` },
      },
    });
    const repo = uniqueName("hook");
    const ref = `${registry.host}/${repo}:latest`;
    const name = uniqueName("hook");
    // Bosun listens before anything is pushed: the registry queues events it could not deliver.
    const schedule = ["--http-api-periodic-polls", "--schedule", "@every 1h"];
    const running = startBosun([...apiArgs(SCOPE, TOKEN, port), ...schedule, name]);
    bosun = running;
    await running.waitForLog((line) => line.msg.startsWith("The HTTP API is enabled"));

    // rev1: its tagged manifest push queues one targeted run (no container follows it yet).
    await buildImage(ref, ["ENV REV=1"]);
    await docker(["push", "-q", ref]);
    await until("the push of rev1 triggered a run", () => runsStarted(running).length === 1);
    expect(triggered(running).map((line) => line.images)).toEqual([[ref]]);
    expect(runsStarted(running).map((line) => line.images)).toEqual([[ref]]);
    // The layer and config blobs of that push were ignored.
    expect(ignoredEvents(running).filter((e) => e.reason === "not a manifest").length).toBeGreaterThan(0);
    const rev1 = await inspect(
      await runContainer(name, ref, ["--label", `com.centurylinklabs.watchtower.scope=${SCOPE}`], SLEEP),
    );

    // A pull of the manifest and a blob, a layer-only push and a push by digest: all ignored.
    const seen = ignoredEvents(running).length;
    const manifest = await (
      await registryCall(`/v2/${repo}/manifests/latest`, { headers: { Accept: MANIFEST_TYPE } })
    ).text();
    const layer = (JSON.parse(manifest) as { layers: { digest: string }[] }).layers[0]?.digest ?? "";
    await (await registryCall(`/v2/${repo}/blobs/${layer}`)).arrayBuffer();
    const blob = Buffer.from(`layer-only ${name}`);
    const blobDigest = `sha256:${createHash("sha256").update(blob).digest("hex")}`;
    const upload = (await registryCall(`/v2/${repo}/blobs/uploads/`, { method: "POST" })).headers.get(
      "location",
    );
    const target = new URL(upload ?? "", `http://${registry.host}`);
    target.searchParams.set("digest", blobDigest);
    await registryCall(`${target.pathname}${target.search}`, {
      method: "PUT",
      headers: { "Content-Type": "application/octet-stream" },
      body: blob,
    });
    const manifestDigest = `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
    await registryCall(`/v2/${repo}/manifests/${manifestDigest}`, {
      method: "PUT",
      headers: { "Content-Type": MANIFEST_TYPE },
      body: manifest,
    });
    await until("the registry delivered the pull, blob and digest events", () => {
      const events = ignoredEvents(running).slice(seen);
      return (
        events.some((e) => e.action === "pull") &&
        events.some((e) => e.reason === "not a manifest") &&
        events.some((e) => e.reason === "no tag")
      );
    });
    expect(triggered(running)).toHaveLength(1);
    expect(runsStarted(running)).toHaveLength(1);
    expect((await inspect(name)).Id).toBe(rev1.Id);

    // rev2: the push updates the container within seconds, through one targeted run.
    const rev2 = await buildImage(ref, ["ENV REV=2"]);
    const pushed = Date.now();
    await docker(["push", "-q", ref]);
    // Mid-swap the name is briefly free (the old container renamed aside): not yet, not a failure.
    const runsRev2 = () =>
      inspect(name).then(
        (container) => container.Image === rev2,
        () => false,
      );
    await until("the container runs rev2", runsRev2, 30_000);
    expect(Date.now() - pushed).toBeLessThan(30_000);
    await until("the run of rev2 is done", () => sessionsDone(running) === 2);
    expect(triggered(running).map((line) => line.images)).toEqual([[ref], [ref]]);
    expect(runsStarted(running).map((line) => line.images)).toEqual([[ref], [ref]]);
    expect(JSON.stringify(running.logs())).not.toContain(TOKEN);
  });
});
