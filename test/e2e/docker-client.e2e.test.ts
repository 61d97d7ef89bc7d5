import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient } from "../../src/docker/client.ts";
import {
  ConflictError,
  DockerApiError,
  DockerConfigError,
  DockerConnectionError,
  NotFoundError,
} from "../../src/docker/errors.ts";
import type { ContainerCreateBody, DockerClient, PullProgress } from "../../src/docker/types.ts";
import { pullProgressReporter } from "../../src/update/pull-progress.ts";
import { startUnixSocketProxy } from "./docker-proxy.ts";
import {
  docker,
  imageExists,
  inspect,
  publish,
  removeTestContainers,
  SANDBOX_ID,
  TEST_LABEL,
  testEnv,
  uniqueName,
} from "./harness.ts";

let client: DockerClient;
const networks: string[] = [];
const images: string[] = [];

function socketPath(): string {
  return testEnv().dockerHost.replace(/^unix:\/\//, "");
}

/** A busybox container body with the sandbox label, so removeTestContainers cleans it up. */
function body(cmd: string[], extra: Partial<ContainerCreateBody> = {}): ContainerCreateBody {
  return {
    Image: testEnv().baseImage,
    Cmd: cmd,
    Labels: { [TEST_LABEL]: SANDBOX_ID },
    HostConfig: { NetworkMode: "none" },
    ...extra,
  };
}

/** Records the signal it gets in /sig, then exits 0; polls so traps run within 0.1 s. */
const RECORD_SIGNAL = [
  "sh",
  "-c",
  "trap 'echo USR1 > /sig; exit 0' USR1; trap 'echo TERM > /sig; exit 0' TERM; while true; do sleep 0.1; done",
];

async function runDetached(cmd: string[], name?: string): Promise<string> {
  const id = await client.createContainer(name, body(cmd));
  await client.startContainer(id);
  return id;
}

beforeAll(async () => {
  client = await createDockerClient({ host: testEnv().dockerHost });
});

afterAll(async () => {
  await removeTestContainers();
  for (const network of networks) await docker(["network", "rm", network]).catch(() => undefined);
  for (const image of images) await docker(["rmi", "-f", image]).catch(() => undefined);
  await client.close();
});

describe("DockerClient against the private dockerd", () => {
  describe("connection and version negotiation", () => {
    it("negotiates the daemon's API version and answers info", async () => {
      expect(client.apiVersion).toBe("1.41");
      const info = await client.info();
      expect(info.ServerVersion).toBe(await docker(["version", "--format", "{{.Server.Version}}"]));
    });

    it("uses a forced API version without negotiating", async () => {
      const forced = await createDockerClient({ host: testEnv().dockerHost, apiVersion: "1.40" });
      try {
        expect(forced.apiVersion).toBe("1.40");
        expect(Array.isArray(await forced.listContainers({ all: true }))).toBe(true);
      } finally {
        await forced.close();
      }
    });

    it("connects over TCP with mutual TLS", async () => {
      const env = testEnv();
      const tls = await createDockerClient({
        host: env.dockerTlsHost,
        tlsVerify: true,
        certPath: env.dockerCertPath,
      });
      try {
        expect(tls.apiVersion).toBe("1.41");
        expect((await tls.info()).ID).toBe((await client.info()).ID);
      } finally {
        await tls.close();
      }
    });

    it("fails TLS without a client certificate with DockerConnectionError", async () => {
      const empty = await mkdtemp(join(tmpdir(), "bosun-certs-"));
      try {
        await expect(
          createDockerClient({ host: testEnv().dockerTlsHost, tlsVerify: true }),
        ).rejects.toBeInstanceOf(DockerConnectionError);
        await expect(
          createDockerClient({ host: testEnv().dockerTlsHost, tlsVerify: true, certPath: empty }),
        ).rejects.toBeInstanceOf(DockerConfigError);
      } finally {
        await rm(empty, { recursive: true });
      }
    });

    it("connects over plain tcp:// through a loopback proxy to the socket", async () => {
      const proxy = await startUnixSocketProxy(socketPath());
      try {
        const tcp = await createDockerClient({ host: proxy.host });
        try {
          expect(tcp.apiVersion).toBe("1.41");
          const id = await runDetached(["sleep", "30"]);
          expect((await tcp.inspectContainer(id)).State.Running).toBe(true);
        } finally {
          await tcp.close();
        }
      } finally {
        await proxy.close();
      }
    });

    it("reports a missing socket as DockerConnectionError naming the host", async () => {
      const host = `unix://${join(tmpdir(), `${uniqueName("missing")}.sock`)}`;
      const error: unknown = await createDockerClient({ host }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DockerConnectionError);
      expect((error as Error).message).toContain(host);
      expect((error as Error).message).toContain("DOCKER_HOST");
      const forced = await createDockerClient({ host, apiVersion: "1.41" });
      await expect(forced.info()).rejects.toBeInstanceOf(DockerConnectionError);
      await forced.close();
    });
  });

  describe("containers", () => {
    it("creates, lists, inspects, renames and removes containers", async () => {
      const name = uniqueName("dc-life");
      const id = await client.createContainer(name, body(["sleep", "60"]));
      const unnamed = await client.createContainer(undefined, body(["true"]));
      expect((await client.inspectContainer(unnamed)).Name).toMatch(/^\/[a-z]+_[a-z]+$/);

      let inspected = await client.inspectContainer(name);
      expect(inspected.Id).toBe(id);
      expect(inspected.State.Running).toBe(false);
      await client.startContainer(id);
      await client.startContainer(id); // 304 already running is a success
      inspected = await client.inspectContainer(id);
      expect(inspected.State.Running).toBe(true);
      expect(inspected.Config.Labels?.[TEST_LABEL]).toBe(SANDBOX_ID);

      const listed = await client.listContainers({ filters: { label: [`${TEST_LABEL}=${SANDBOX_ID}`] } });
      expect(listed.map((c) => c.Id)).toContain(id);
      expect(listed.map((c) => c.Id)).not.toContain(unnamed);
      const all = await client.listContainers({
        all: true,
        filters: { label: [`${TEST_LABEL}=${SANDBOX_ID}`] },
      });
      expect(all.map((c) => c.Id)).toContain(unnamed);

      await expect(client.createContainer(name, body(["true"]))).rejects.toBeInstanceOf(ConflictError);

      const renamed = uniqueName("dc-renamed");
      await client.renameContainer(id, renamed);
      expect((await inspect(renamed)).Id).toBe(id);

      await client.removeContainer(id, { force: true, removeVolumes: true });
      await client.removeContainer(unnamed);
      await expect(client.inspectContainer(id)).rejects.toBeInstanceOf(NotFoundError);
      const error: unknown = await client.removeContainer(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, method: "DELETE" });
      expect((error as Error).message).toContain("No such container");
    });

    it("stops with a custom signal that the container receives", async () => {
      const id = await runDetached(RECORD_SIGNAL);
      const started = Date.now();
      await client.stopContainer(id, { signal: "SIGUSR1", timeoutSeconds: 20 });
      expect(Date.now() - started).toBeLessThan(15_000);
      const stopped = await client.inspectContainer(id);
      expect(stopped.State.Running).toBe(false);
      expect(stopped.State.ExitCode).toBe(0);
      // The file survives in the container's layer: start it again to read it.
      await client.startContainer(id);
      const read = await client.exec(id, ["cat", "/sig"]);
      expect(read.output.trim()).toBe("USR1");
      await client.stopContainer(id, { timeoutSeconds: 20 });
      await client.startContainer(id);
      expect((await client.exec(id, ["cat", "/sig"])).output.trim()).toBe("TERM");
      await client.stopContainer(id, { timeoutSeconds: 5 });
      await client.stopContainer(id, { signal: "SIGUSR1", timeoutSeconds: 5 }); // already stopped
    });

    it("kills a container that ignores the stop signal after the timeout", async () => {
      const id = await runDetached(["sh", "-c", "trap '' USR2; while true; do sleep 0.1; done"]);
      const started = Date.now();
      await client.stopContainer(id, { signal: "SIGUSR2", timeoutSeconds: 1 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      const stopped = await client.inspectContainer(id);
      expect(stopped.State.Running).toBe(false);
      expect(stopped.State.ExitCode).toBe(137);
    });

    it("waits for containers", async () => {
      const id = await runDetached(["sleep", "60"]);
      const waited = client.waitContainer(id, "not-running");
      await docker(["kill", "--signal", "SIGKILL", id]);
      expect(await waited).toBe(137);

      const exiting = await runDetached(["sh", "-c", "sleep 0.5; exit 7"]);
      expect(await client.waitContainer(exiting)).toBe(7);
      await expect(client.waitContainer(uniqueName("nope"))).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("exec", () => {
    it("captures stdout and stderr, the exit code, caps output and times out", async () => {
      const id = await runDetached(["sleep", "120"]);
      const result = await client.exec(id, ["sh", "-c", 'echo out; echo "err $GREETING" >&2; exit 3'], {
        env: ["GREETING=hi"],
      });
      expect({ ...result, output: "" }).toEqual({ exitCode: 3, output: "", timedOut: false });
      // Both streams are captured; dockerd reads the two pipes concurrently, so their order varies.
      expect(result.output.split("\n").sort()).toEqual(["", "err hi", "out"]);

      expect((await client.exec(id, ["id", "-u"], { user: "65534" })).output.trim()).toBe("65534");

      const capped = await client.exec(id, ["sh", "-c", "for i in $(seq 1 2000); do echo line-$i; done"], {
        maxOutputBytes: 20,
      });
      expect(capped.output).toBe("line-1\nline-2\nline-3");
      expect(capped.exitCode).toBe(0);

      const started = Date.now();
      const slow = await client.exec(id, ["sh", "-c", "echo begun; sleep 10"], { timeoutMs: 700 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(slow.timedOut).toBe(true);
      expect(slow.output).toBe("begun\n");
    });
  });

  describe("images", () => {
    it("pulls from the loopback registry, tags and removes", async () => {
      const repo = uniqueName("dc-pull");
      const published = await publish(repo, 1);
      images.push(published.ref);
      await docker(["rmi", published.ref]);
      expect(await imageExists(published.ref)).toBe(false);

      const progress: PullProgress[] = [];
      await client.pullImage(published.ref, {
        registryAuth: Buffer.from(JSON.stringify({ username: "u", password: "p" })).toString("base64url"),
        onProgress: (line) => progress.push(line),
      });
      expect(progress.some((line) => line.status?.startsWith("Status:") === true)).toBe(true);
      // The engine's real stream, replayed through the progress log with 10 s between lines:
      // every layer of the image is counted, and done by the end.
      const logged: Record<string, unknown>[] = [];
      let now = 0;
      const reporter = pullProgressReporter(
        pino(
          { level: "info" },
          { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
        ),
        published.ref,
        { now: () => (now += 10_000), sleep: () => Promise.resolve() },
      );
      for (const line of progress) reporter.onProgress(line);
      const layers = (
        await docker(["image", "inspect", "--format", "{{len .RootFS.Layers}}", published.ref])
      ).trim();
      expect(logged.at(-1)).toMatchObject({ msg: "Pull in progress", layers: `${layers}/${layers}` });
      const image = await client.inspectImage(published.ref);
      expect(image.Id).toBe(published.id);
      expect(
        image.RepoDigests?.some((digest) => digest.startsWith(`${testEnv().registry}/${repo}@sha256:`)),
      ).toBe(true);

      const missing: unknown = await client
        .pullImage(`${testEnv().registry}/${repo}:no-such-tag`)
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(DockerApiError);
      expect((missing as Error).message).toMatch(/not found|unknown/i);

      const tagged = `${testEnv().registry}/${repo}-copy`;
      images.push(`${tagged}:v2`);
      await docker(["tag", published.ref, `${tagged}:v2`]);
      expect((await client.inspectImage(`${tagged}:v2`)).Id).toBe(published.id);
      await client.removeImage(`${tagged}:v2`);
      await expect(client.inspectImage(`${tagged}:v2`)).rejects.toBeInstanceOf(NotFoundError);

      const user = await runDetached(["sleep", "60"]);
      await client.removeContainer(user, { force: true });
      await client.removeImage(published.ref, { force: true, noPrune: false });
      expect(await imageExists(published.ref)).toBe(false);
    });
  });

  describe("networks and volumes", () => {
    it("connects a container to a network with aliases", async () => {
      const first = uniqueName("dc-net-a");
      const second = uniqueName("dc-net-b");
      networks.push(first, second);
      await docker(["network", "create", "--internal", first]);
      await docker(["network", "create", "--internal", second]);

      const id = await client.createContainer(
        undefined,
        body(["sleep", "60"], { HostConfig: { NetworkMode: first } }),
      );
      await client.startContainer(id);
      await client.connectNetwork(second, id, { Aliases: ["dc-alias"] });
      expect(await docker(["network", "inspect", "--format", "{{json .Containers}}", second])).toContain(id);
      expect((await client.inspectContainer(id)).NetworkSettings.Networks?.[second]?.Aliases).toContain(
        "dc-alias",
      );
      await expect(client.connectNetwork(uniqueName("no-net"), id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("removes volumes", async () => {
      const name = uniqueName("dc-vol");
      await docker(["volume", "create", "--label", `${TEST_LABEL}=${SANDBOX_ID}`, name]);
      await client.removeVolume(name);
      expect(await docker(["volume", "ls", "--quiet", "--filter", `name=${name}`])).toBe("");
      await expect(client.removeVolume(name)).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
