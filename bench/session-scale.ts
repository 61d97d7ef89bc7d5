/**
 * @module Session-scale benchmark (issue 3, "Speed"): N containers (default 100) across M images
 * (default 10) on the shared loopback registry; times whole `bin/bosun --run-once` sessions (wall
 * time, registry requests from the access log, peak RSS of the bosun process): first with every
 * image fresh, then with M/2 images made stale (updates), then fresh again. `--latency <ms>` runs
 * the containers from a loopback proxy of the registry that delays every request (issue 3's
 * setting: `--count 100 --images 20 --latency 50`).
 *
 * Run against the shared private daemon and registry of scripts/test-env.sh, after `npm run build`:
 *   source /tmp/bosun-e2e/env && npx tsx bench/session-scale.ts [--count 100] [--images 10] [--latency 0]
 * Everything it creates carries the label `bosun.bench=<run id>` and its own watchtower scope, and
 * is removed at the end. It prints figures; it is not a test.
 */
import { execFile, spawn } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BOSUN = join(ROOT, "bin", "bosun");
const LABEL = "bosun.bench";
const SCOPE_LABEL = "com.centurylinklabs.watchtower.scope";
const REQUIRED_ENV = [
  "DOCKER_HOST",
  "BOSUN_TEST_REGISTRY",
  "BOSUN_TEST_REGISTRY_LOG",
  "BOSUN_TEST_BASE_IMAGE",
] as const;
const SLEEP = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
/** The whole run is bounded; a hung daemon must not hang the benchmark. */
const WATCHDOG_MS = 20 * 60_000;
const TIME_BIN = "/usr/bin/time";

interface Args {
  count: number;
  images: number;
  latency: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { count: 100, images: 10, latency: 0 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, "");
    const value = Number(argv[i + 1]);
    if ((key === "count" || key === "images" || key === "latency") && Number.isInteger(value) && value >= 0) {
      args[key] = value;
      i++;
    } else {
      process.stderr.write(
        "usage: session-scale.ts [--count <containers>] [--images <images>] [--latency <ms>]\n",
      );
      process.exit(2);
    }
  }
  args.count = Math.max(1, args.count);
  args.images = Math.max(1, args.images);
  if (args.images > args.count) args.images = args.count;
  return args;
}

function env(name: (typeof REQUIRED_ENV)[number]): string {
  return process.env[name] ?? "";
}

async function cli(args: string[], input?: string, timeoutMs = 120_000): Promise<string> {
  if (input === undefined) {
    const { stdout } = await execFileAsync("docker", args, {
      env: { ...process.env, DOCKER_BUILDKIT: "0" },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  }
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { env: { ...process.env, DOCKER_BUILDKIT: "0" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout.trim());
      else reject(new Error(`docker ${args.join(" ")} failed: ${stderr.trim()}`));
    });
    child.stdin.end(input);
  });
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Builds revision `rev` of `ref` FROM the local busybox base, pushes it, returns the image ID. */
async function publish(ref: string, runId: string, rev: number): Promise<string> {
  const dockerfile = [`FROM ${env("BOSUN_TEST_BASE_IMAGE")}`, `LABEL ${LABEL}=${runId}`, `ENV REV=${rev}`]
    .join("\n")
    .concat("\n");
  await cli(["build", "--network", "none", "-q", "-t", ref, "-"], dockerfile);
  await cli(["push", "-q", ref]);
  return cli(["image", "inspect", "--format", "{{.Id}}", ref]);
}

/** A loopback proxy to `target` that holds every request `delayMs` before forwarding it. */
async function delayProxy(target: string, delayMs: number) {
  const [hostname, port] = target.split(":");
  const server: Server = createServer((req, res) => {
    setTimeout(() => {
      const upstream = httpRequest(
        {
          hostname: hostname === "localhost" ? "127.0.0.1" : hostname,
          port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${String(address.port)}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  userAgent: string;
}

function markLog(path: string): { since(): LoggedRequest[] } {
  const offset = statSync(path).size;
  return {
    since() {
      const requests: LoggedRequest[] = [];
      for (const line of readFileSync(path).subarray(offset).toString("utf8").split("\n")) {
        const match =
          /"(GET|HEAD|POST|PUT|PATCH|DELETE) (\S+) HTTP\/[\d.]+" (\d{3}) \S+ "[^"]*" "([^"]*)"/.exec(line);
        if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) continue;
        requests.push({
          method: match[1],
          path: match[2],
          status: Number(match[3]),
          userAgent: match[4] ?? "",
        });
      }
      return requests;
    },
  };
}

interface SessionFigures {
  phase: string;
  wallMs: number;
  exitCode: number | null;
  states: Map<string, number>;
  peakRssKb: number | undefined;
  rssSource: string;
  bosunHeads: number;
  bosunChallenges: number;
  bosunOther: number;
  engineManifestGets: number;
  engineManifestHeads: number;
  blobGets: number;
}

/** One `bosun --run-once` over the run's scope, measured. */
async function session(
  phase: string,
  runId: string,
  prefix: string,
  configDir: string,
): Promise<SessionFigures> {
  const bosunArgs = [BOSUN, "--run-once", "--porcelain", "v1", "--scope", runId, "--log-level", "warn"];
  const useTime = existsSync(TIME_BIN);
  const [command, args] = useTime
    ? [TIME_BIN, ["-v", process.execPath, ...bosunArgs]]
    : [process.execPath, bosunArgs];
  const mark = markLog(env("BOSUN_TEST_REGISTRY_LOG"));
  const started = performance.now();
  const child = spawn(command, args, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DOCKER_HOST: env("DOCKER_HOST"),
      DOCKER_CONFIG: configDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // Without /usr/bin/time: poll the high-water mark of the process's resident set.
  let polledKb = 0;
  const poller = useTime
    ? undefined
    : setInterval(() => {
        try {
          const status = readFileSync(`/proc/${String(child.pid)}/status`, "utf8");
          const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
          polledKb = Math.max(polledKb, kb);
        } catch {
          // The process has exited.
        }
      }, 20);
  const timer = setTimeout(() => child.kill("SIGKILL"), 10 * 60_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  if (poller !== undefined) clearInterval(poller);

  const states = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    const match = /^\/\S+ \(.+?\): (\w+)/.exec(line.trim());
    if (match?.[1] !== undefined) states.set(match[1], (states.get(match[1]) ?? 0) + 1);
  }
  const timeKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  if (exitCode !== 0) process.stderr.write(`bosun exited ${String(exitCode)}:\n${stderr.slice(-2000)}\n`);

  // The registry flushes its access log asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const requests = mark.since();
  const ours = requests.filter((r) => r.path.startsWith(`/v2/${prefix}`));
  const bosun = (r: LoggedRequest) => r.userAgent.startsWith("bosun/");
  return {
    phase,
    wallMs,
    exitCode,
    states,
    peakRssKb: timeKb === undefined ? (polledKb > 0 ? polledKb : undefined) : Number(timeKb),
    rssSource: timeKb === undefined ? "VmHWM poll" : "/usr/bin/time",
    bosunHeads: ours.filter((r) => bosun(r) && r.method === "HEAD" && r.path.includes("/manifests/")).length,
    // Other helpers may run Bosun against the same registry at the same time: /v2/ is shared.
    bosunChallenges: requests.filter((r) => bosun(r) && r.path === "/v2/").length,
    bosunOther: ours.filter((r) => bosun(r) && !(r.method === "HEAD" && r.path.includes("/manifests/")))
      .length,
    engineManifestGets: ours.filter((r) => !bosun(r) && r.method === "GET" && r.path.includes("/manifests/"))
      .length,
    engineManifestHeads: ours.filter(
      (r) => !bosun(r) && r.method === "HEAD" && r.path.includes("/manifests/"),
    ).length,
    blobGets: ours.filter((r) => r.method === "GET" && r.path.includes("/blobs/")).length,
  };
}

function printTable(rows: readonly SessionFigures[]): void {
  const header = [
    "phase",
    "wall",
    "states",
    "peak RSS",
    "bosun HEAD",
    "bosun /v2/",
    "bosun other",
    "engine manifest HEAD/GET",
    "blob GET",
  ];
  const lines = rows.map((row) => [
    row.phase,
    `${(row.wallMs / 1000).toFixed(2)} s`,
    [...row.states].map(([state, n]) => `${state} ${String(n)}`).join(", ") || "(none)",
    row.peakRssKb === undefined ? "n/a" : `${(row.peakRssKb / 1024).toFixed(1)} MiB`,
    String(row.bosunHeads),
    String(row.bosunChallenges),
    String(row.bosunOther),
    `${String(row.engineManifestHeads)}/${String(row.engineManifestGets)}`,
    String(row.blobGets),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => (line[i] ?? "").length)),
  );
  const format = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  process.stdout.write(`${format(header)}\n${format(widths.map((w) => "-".repeat(w)))}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);
}

async function cleanup(runId: string, refs: readonly string[]): Promise<void> {
  const ids = await cli(["ps", "-aq", "--filter", `label=${LABEL}=${runId}`]).catch(() => "");
  // In small batches, one at a time: one `docker rm -f` of 300 running containers wedged
  // dockerd 20.10 (container start/stop/rm hung for good) on the 2-vCPU test host.
  const batches: string[][] = [];
  const all = ids === "" ? [] : ids.split("\n");
  for (let i = 0; i < all.length; i += 10) batches.push(all.slice(i, i + 10));
  for (const batch of batches) await cli(["rm", "-f", "-v", ...batch], undefined, 120_000).catch(() => "");
  if (refs.length > 0) await cli(["image", "rm", "-f", ...refs]).catch(() => "");
  const images = await cli(["image", "ls", "-q", "--filter", `label=${LABEL}=${runId}`]).catch(() => "");
  if (images !== "") await cli(["image", "rm", "-f", ...new Set(images.split("\n"))]).catch(() => "");
}

async function main(): Promise<number> {
  const missing = REQUIRED_ENV.filter((name) => env(name) === "");
  if (missing.length > 0) {
    process.stderr.write(
      `session-scale: ${missing.join(", ")} not set. It needs the private test daemon and registry:\n` +
        `  npm run env -- up && source /tmp/bosun-e2e/env && npx tsx bench/session-scale.ts\n`,
    );
    return 2;
  }
  if (!existsSync(join(ROOT, "dist", "cli.js"))) {
    process.stderr.write("session-scale: dist/cli.js is missing; run `npm run build` first\n");
    return 2;
  }
  const { count, images, latency } = parseArgs(process.argv.slice(2));
  const proxy = latency > 0 ? await delayProxy(env("BOSUN_TEST_REGISTRY"), latency) : undefined;
  const runId = `scale${Date.now().toString(36)}`;
  const prefix = `bench-${runId}-`;
  const refs = Array.from(
    { length: images },
    (_, i) => `${env("BOSUN_TEST_REGISTRY")}/${prefix}${String(i)}:latest`,
  );
  // What the containers run: the registry's name, or the delaying proxy's.
  const runRefs = refs.map((ref) =>
    proxy === undefined ? ref : ref.replace(env("BOSUN_TEST_REGISTRY"), proxy.host),
  );
  const configDir = mkdtempSync(join(tmpdir(), "bosun-bench-config-"));
  const watchdog = setTimeout(() => {
    process.stderr.write("session-scale: watchdog fired, cleaning up\n");
    void cleanup(runId, [...refs, ...runRefs]).finally(() => process.exit(1));
  }, WATCHDOG_MS);
  try {
    process.stdout.write(
      `session-scale: ${String(count)} containers, ${String(images)} images, run ${runId}` +
        `${proxy === undefined ? "" : `, +${String(latency)} ms per registry request (proxy ${proxy.host})`}\n`,
    );
    let started = performance.now();
    const rev1 = new Map<string, string>();
    await pool(refs, 4, async (ref) => rev1.set(ref, await publish(ref, runId, 1)));
    // Pulled through the proxy (not just tagged) so that each image has a RepoDigest under the
    // proxy's name; without one Bosun cannot compare digests and falls back to a pull.
    if (proxy !== undefined) await pool(runRefs, 4, (ref) => cli(["pull", "-q", ref]));
    const names = Array.from({ length: count }, (_, i) => `${prefix}c${String(i)}`);
    await pool(names, 4, (name) => {
      const ref = runRefs[names.indexOf(name) % images] ?? "";
      return cli([
        "run",
        "-d",
        "--name",
        name,
        "--network",
        "none",
        "--label",
        `${LABEL}=${runId}`,
        "--label",
        `${SCOPE_LABEL}=${runId}`,
        ref,
        ...SLEEP,
      ]);
    });
    process.stdout.write(`setup: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const rows: SessionFigures[] = [];
    rows.push(await session("all fresh", runId, prefix, configDir));

    // Make half of the images stale: push rev2, then point the local tag back at rev1.
    started = performance.now();
    const staleRefs = refs.slice(0, Math.floor(images / 2));
    await pool(staleRefs, 4, async (ref) => {
      await publish(ref, runId, 2);
      await cli(["tag", rev1.get(ref) ?? "", ref]);
    });
    const staleContainers = names.filter((_, i) => i % images < staleRefs.length).length;
    process.stdout.write(
      `made ${String(staleRefs.length)} images stale (${String(staleContainers)} containers): ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    rows.push(await session(`${String(staleRefs.length)} stale`, runId, prefix, configDir));
    rows.push(await session("fresh again", runId, prefix, configDir));
    printTable(rows);
    process.stdout.write(
      `expected: ~${String(images)} bosun HEADs per session, no blob GETs when fresh, ` +
        `${String(staleRefs.length)} engine pulls when stale; /v2/ counts any concurrent Bosun on this registry; ` +
        `RSS from ${rows[0]?.rssSource ?? "n/a"}\n`,
    );
    const ok =
      rows[0]?.states.get("Fresh") === count &&
      rows[1]?.states.get("Updated") === staleContainers &&
      rows[2]?.states.get("Fresh") === count;
    return ok ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup(runId, [...refs, ...runRefs]);
    await proxy?.stop();
    rmSync(configDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
