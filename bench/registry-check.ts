/**
 * @module Registry-check benchmark (issue 3, "Speed"): one whole `bin/bosun --run-once` session
 * over N containers (default 100) of M image references (default 20), against a real distribution
 * registry behind a loopback proxy that delays every request (default 50 ms). By default the
 * registry asks for Bearer tokens from the e2e token server (`--auth none`: the shared registry
 * of the test environment, no auth). Three sessions: all fresh; after M/2 images got a new
 * revision (updates); fresh again. Per session it prints wall time, porcelain states, peak RSS,
 * token requests and the registry's requests by client and kind (Bosun's manifest HEADs and
 * `/v2/` challenges, the engine's manifest HEAD/GETs, blob GETs).
 *
 * Run against the private daemon of scripts/test-env.sh, after `npm run build`:
 *   source /tmp/bosun-e2e/env && npx tsx bench/registry-check.ts [--count 100] [--images 20]
 *     [--latency 50] [--auth token|none] [--update-concurrency 1]
 * Everything it creates carries the label `bosun.bench=<run id>` and its own watchtower scope,
 * and is removed at the end. It prints figures; it is not a test.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BOSUN_BIN, ROOT, markRegistryLog, testEnv, type RegistryRequest } from "../test/e2e/harness.ts";
import {
  dockerLogin,
  dockerWithConfig,
  removeTempDirs,
  startRegistry,
  startRegistryProxy,
  startTokenServer,
  tempDir,
  tokenRequests,
  type ExtraRegistry,
  type RegistryProxy,
  type TokenServer,
} from "../test/e2e/registry-helpers.ts";
import { pool, printTable } from "./support.ts";

const LABEL = "bosun.bench";
const SCOPE_LABEL = "com.centurylinklabs.watchtower.scope";
const USER = "bench";
const PASSWORD = "Bench-Pa55-session";
const SLEEP = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
/** The whole run is bounded; a hung daemon must not hang the benchmark. */
const WATCHDOG_MS = 20 * 60_000;
const TIME_BIN = "/usr/bin/time";

interface Args {
  count: number;
  images: number;
  latency: number;
  auth: "token" | "none";
  /** Passed to bosun as --update-concurrency. */
  updateConcurrency: number;
}

function usage(): never {
  process.stderr.write(
    "usage: registry-check.ts [--count <containers>] [--images <refs>] [--latency <ms>] [--auth token|none] [--update-concurrency <n>]\n",
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { count: 100, images: 20, latency: 50, auth: "token", updateConcurrency: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, "");
    const raw = argv[i + 1] ?? "";
    const value = Number(raw);
    const numeric = Number.isInteger(value) && value >= 0;
    if (key === "auth" && (raw === "token" || raw === "none")) args.auth = raw;
    else if ((key === "count" || key === "images" || key === "latency") && numeric) args[key] = value;
    else if (key === "update-concurrency" && numeric) args.updateConcurrency = value;
    else usage();
  }
  args.count = Math.max(1, args.count);
  args.images = Math.min(Math.max(1, args.images), args.count);
  return args;
}

/** Where the run's images live, and how the engine and Bosun reach it. */
interface Target {
  /** The registry's own host: images are built and pushed under it. */
  pushHost: string;
  /** What the containers run and Bosun checks: the delaying proxy's host, or `pushHost`. */
  runHost: string;
  /** DOCKER_CONFIG for the CLI and for Bosun (holds the login when the registry needs one). */
  configDir: string;
  mark(): { since(): RegistryRequest[] };
  tokens: TokenServer | undefined;
  stop(): Promise<void>;
}

async function target(args: Args): Promise<Target> {
  const configDir = tempDir("bench-config");
  let tokens: TokenServer | undefined;
  let registry: ExtraRegistry | undefined;
  if (args.auth === "token") {
    tokens = await startTokenServer({ [USER]: PASSWORD });
    registry = await startRegistry(`bench-${Date.now().toString(36)}`, { auth: { token: tokens } });
  }
  const pushHost = registry?.host ?? testEnv().registry;
  const proxy: RegistryProxy | undefined =
    args.latency > 0 ? await startRegistryProxy(pushHost, { delayMs: args.latency }) : undefined;
  const runHost = proxy?.host ?? pushHost;
  if (tokens !== undefined) {
    for (const host of new Set([pushHost, runHost])) {
      await dockerLogin(configDir, host, USER, PASSWORD);
    }
  }
  return {
    pushHost,
    runHost,
    configDir,
    mark: () => registry?.mark() ?? markRegistryLog(),
    tokens,
    async stop() {
      await proxy?.stop();
      await registry?.stop();
      await tokens?.stop();
    },
  };
}

/** Builds revision `rev` of `ref` FROM the local busybox base and pushes it. */
async function publish(where: Target, ref: string, runId: string, rev: number): Promise<string> {
  const dockerfile = `FROM ${testEnv().baseImage}\nLABEL ${LABEL}=${runId}\nENV REV=${String(rev)}\n`;
  await dockerWithConfig(where.configDir, ["build", "--network", "none", "-q", "-t", ref, "-"], dockerfile);
  await dockerWithConfig(where.configDir, ["push", "-q", ref]);
  return dockerWithConfig(where.configDir, ["image", "inspect", "--format", "{{.Id}}", ref]);
}

interface SessionFigures {
  phase: string;
  wallMs: number;
  states: Map<string, number>;
  peakRssKb: number | undefined;
  tokenRequests: number;
  requests: RegistryRequest[];
}

/** One `bosun --run-once` over the run's scope, measured. */
async function session(phase: string, runId: string, where: Target, args: Args): Promise<SessionFigures> {
  const bosunArgs = [
    BOSUN_BIN,
    "--run-once",
    "--porcelain",
    "v1",
    "--scope",
    runId,
    "--log-level",
    "warn",
    "--update-concurrency",
    String(Math.max(1, args.updateConcurrency)),
  ];
  const useTime = existsSync(TIME_BIN);
  const mark = where.mark();
  const tokensBefore = where.tokens === undefined ? 0 : tokenRequests(where.tokens);
  const started = performance.now();
  const child = spawn(
    useTime ? TIME_BIN : process.execPath,
    useTime ? ["-v", process.execPath, ...bosunArgs] : bosunArgs,
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DOCKER_HOST: testEnv().dockerHost,
        DOCKER_CONFIG: where.configDir,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
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
          polledKb = Math.max(polledKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
        } catch {
          // The process has exited.
        }
      }, 20);
  const timer = setTimeout(() => child.kill("SIGKILL"), 10 * 60_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  if (poller !== undefined) clearInterval(poller);
  if (exitCode !== 0) process.stderr.write(`bosun exited ${String(exitCode)}:\n${stderr.slice(-2000)}\n`);

  const states = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    const state = /^\/\S+ \(.+?\): (\w+)/.exec(line.trim())?.[1];
    if (state !== undefined) states.set(state, (states.get(state) ?? 0) + 1);
  }
  const timeKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  // The registry flushes its access log asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    phase,
    wallMs,
    states,
    peakRssKb: timeKb === undefined ? (polledKb > 0 ? polledKb : undefined) : Number(timeKb),
    tokenRequests: (where.tokens === undefined ? 0 : tokenRequests(where.tokens)) - tokensBefore,
    requests: mark.since(),
  };
}

function printSessions(rows: readonly SessionFigures[], prefix: string): void {
  const bosun = (r: RegistryRequest) => r.userAgent.startsWith("bosun/");
  const ours = (r: RegistryRequest) => r.path.startsWith(`/v2/${prefix}`);
  const manifest = (r: RegistryRequest) => ours(r) && r.path.includes("/manifests/");
  const count = (requests: readonly RegistryRequest[], test: (r: RegistryRequest) => boolean) =>
    String(requests.filter(test).length);
  printTable(
    [
      "phase",
      "wall",
      "states",
      "peak RSS",
      "bosun HEAD",
      "bosun /v2/",
      "bosun other",
      "tokens",
      "engine manifest HEAD/GET",
      "blob GET",
    ],
    rows.map(({ requests, ...row }) => [
      row.phase,
      `${(row.wallMs / 1000).toFixed(2)} s`,
      [...row.states].map(([state, n]) => `${state} ${String(n)}`).join(", ") || "(none)",
      row.peakRssKb === undefined ? "n/a" : `${(row.peakRssKb / 1024).toFixed(1)} MiB`,
      count(requests, (r) => bosun(r) && r.method === "HEAD" && manifest(r)),
      // Other Bosun processes may use the shared registry at the same time: /v2/ is not the run's own.
      count(requests, (r) => bosun(r) && r.path === "/v2/"),
      count(requests, (r) => bosun(r) && ours(r) && !(r.method === "HEAD" && manifest(r))),
      String(row.tokenRequests),
      `${count(requests, (r) => !bosun(r) && r.method === "HEAD" && manifest(r))}/` +
        count(requests, (r) => !bosun(r) && r.method === "GET" && manifest(r)),
      count(requests, (r) => ours(r) && r.method === "GET" && r.path.includes("/blobs/")),
    ]),
  );
}

async function cleanup(where: Target, runId: string): Promise<void> {
  const docker = (args: string[]) => dockerWithConfig(where.configDir, args).catch(() => "");
  const ids = await docker(["ps", "-aq", "--filter", `label=${LABEL}=${runId}`]);
  // Ten at a time: one `docker rm -f` of 300 running containers wedged dockerd 20.10 (container
  // start/stop/rm hung for good) on the 2-vCPU test host.
  const all = ids === "" ? [] : ids.split("\n");
  for (let i = 0; i < all.length; i += 10) await docker(["rm", "-f", "-v", ...all.slice(i, i + 10)]);
  const images = await docker([
    "image",
    "ls",
    "--format",
    "{{.Repository}}:{{.Tag}}",
    "--filter",
    `label=${LABEL}=${runId}`,
  ]);
  const ids2 = await docker(["image", "ls", "-q", "--filter", `label=${LABEL}=${runId}`]);
  const refs = [...images.split("\n"), ...ids2.split("\n")].filter(
    (ref) => ref !== "" && !ref.includes("<none>"),
  );
  if (refs.length > 0) await docker(["image", "rm", "-f", ...new Set(refs)]);
}

async function main(): Promise<number> {
  try {
    testEnv();
  } catch (error) {
    process.stderr.write(
      `registry-check: ${(error as Error).message}. It needs the private test daemon and registry:\n` +
        `  npm run env -- up && source /tmp/bosun-e2e/env && npx tsx bench/registry-check.ts\n`,
    );
    return 2;
  }
  if (!existsSync(join(ROOT, "dist", "cli.js"))) {
    process.stderr.write("registry-check: dist/cli.js is missing; run `npm run build` first\n");
    return 2;
  }
  const args = parseArgs(process.argv.slice(2));
  const runId = `bench${Date.now().toString(36)}`;
  const prefix = `bench-${runId}-`;
  const where = await target(args);
  const watchdog = setTimeout(() => {
    process.stderr.write("registry-check: watchdog fired, cleaning up\n");
    void cleanup(where, runId).finally(() => process.exit(1));
  }, WATCHDOG_MS);
  try {
    process.stdout.write(
      `registry-check: ${String(args.count)} containers, ${String(args.images)} image references, ` +
        `${args.auth === "token" ? "Bearer token auth" : "no auth"}, ` +
        `${args.latency > 0 ? `+${String(args.latency)} ms per registry request` : "no added latency"}, run ${runId}\n`,
    );
    let started = performance.now();
    const repos = Array.from({ length: args.images }, (_, i) => `${prefix}${String(i)}:latest`);
    const rev1 = new Map<string, string>();
    await pool(repos, 4, async (repo) =>
      rev1.set(repo, await publish(where, `${where.pushHost}/${repo}`, runId, 1)),
    );
    // Pulled through the proxy (not just tagged) so that each image has a RepoDigest under the
    // name the containers use; without one Bosun cannot compare digests and falls back to a pull.
    if (where.runHost !== where.pushHost) {
      await pool(repos, 4, (repo) =>
        dockerWithConfig(where.configDir, ["pull", "-q", `${where.runHost}/${repo}`]),
      );
    }
    const names = Array.from({ length: args.count }, (_, i) => `${prefix}c${String(i)}`);
    await pool(names, 4, (name) =>
      dockerWithConfig(where.configDir, [
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
        `${where.runHost}/${repos[names.indexOf(name) % args.images] ?? ""}`,
        ...SLEEP,
      ]),
    );
    process.stdout.write(`setup: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const rows: SessionFigures[] = [await session("all fresh", runId, where, args)];
    // Half of the images get a new revision in the registry; the containers' tags keep the old one.
    started = performance.now();
    const staleRepos = repos.slice(0, Math.floor(args.images / 2));
    await pool(staleRepos, 4, async (repo) => {
      await publish(where, `${where.pushHost}/${repo}`, runId, 2);
      await dockerWithConfig(where.configDir, ["tag", rev1.get(repo) ?? "", `${where.pushHost}/${repo}`]);
    });
    const staleContainers = names.filter((_, i) => i % args.images < staleRepos.length).length;
    process.stdout.write(
      `made ${String(staleRepos.length)} images stale (${String(staleContainers)} containers): ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    rows.push(await session(`${String(staleRepos.length)} stale`, runId, where, args));
    rows.push(await session("fresh again", runId, where, args));
    printSessions(rows, prefix);
    process.stdout.write(
      `expected: ${String(args.images)} bosun HEADs per session, one /v2/ challenge, tokens <= ${String(args.images)} ` +
        `scopes, no blob GET when fresh, ${String(staleRepos.length)} engine pulls when stale\n`,
    );
    const ok =
      rows[0]?.states.get("Fresh") === args.count &&
      rows[1]?.states.get("Updated") === staleContainers &&
      rows[2]?.states.get("Fresh") === args.count;
    return ok ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup(where, runId);
    await where.stop();
    removeTempDirs();
  }
}

process.exitCode = await main();
