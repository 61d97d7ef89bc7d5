/**
 * @module Footprint benchmark (issue 14, "Footprint"): peak resident memory of `bosun --help` and
 * `bosun --version` against a bare `node -e 0`, and what an idle daemon holds (HTTP API and
 * metrics on) after one session over 10 containers, each run `--repeat` times (medians printed).
 * Budgets: `--help` peaks at ≤ 1.3 × bare node, the idle daemon holds ≤ 1.75 ×.
 *
 * The daemon part needs the private daemon and registry of scripts/test-env.sh:
 *   npm run build && source /tmp/bosun-e2e/env && npx tsx bench/footprint.ts [--repeat 3]
 * Its containers carry the sandbox label of the e2e harness and are removed at the end. It prints
 * figures; it is not a test.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BOSUN_BIN,
  ROOT,
  docker,
  publish,
  removeTestContainers,
  runContainer,
  testEnv,
  uniqueName,
} from "../test/e2e/harness.ts";
import { api, freePort } from "../test/e2e/daemon-helpers.ts";
import { printTable } from "./support.ts";

const SCOPE_LABEL = "com.centurylinklabs.watchtower.scope";
const SLEEP = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];
const TOKEN = "footprint-bench-token";
/** How long the daemon idles after its session before it is measured. */
const SETTLE_MS = 3000;

interface Memory {
  /** Resident set at the time of reading (kB). */
  rssKb: number;
  /** Its high-water mark (kB). */
  hwmKb: number;
  /** The held set split: anonymous (heaps, malloc arenas) and file-backed (the binary's pages). */
  anonKb: number;
  fileKb: number;
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${String(pid)}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return {
    rssKb: field("VmRSS"),
    hwmKb: field("VmHWM"),
    anonKb: field("RssAnon"),
    fileKb: field("RssFile"),
  };
}

/** Runs `node args` to its end and returns its peak RSS, read from /proc just before it exits. */
async function peakOf(args: readonly string[]): Promise<number> {
  // The child prints its own VmHWM at exit: no sampling gap, no /usr/bin/time needed.
  const child = spawn(
    process.execPath,
    [
      "--import",
      "data:text/javascript,import{readFileSync}from'node:fs';process.on('exit',()=>{process.stderr.write('\\nHWM '+/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status','utf8'))[1]+'\\n')})",
      ...args,
    ],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  await new Promise((resolve) => child.on("close", resolve));
  return Number(/HWM (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;

/**
 * The daemon runs with the NODE_OPTIONS of the image (the Dockerfile's `ENV`), as users run it;
 * FOOTPRINT_NODE_OPTIONS replaces them to try other flags ("" for node's defaults).
 */
function daemonNodeOptions(): string {
  if (process.env.FOOTPRINT_NODE_OPTIONS !== undefined) return process.env.FOOTPRINT_NODE_OPTIONS;
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8");
  const value = /^\s*NODE_OPTIONS=(\S+)/m.exec(dockerfile)?.[1];
  if (value === undefined) throw new Error("footprint: no NODE_OPTIONS in the Dockerfile's ENV");
  return value;
}

/** A daemon with the API and metrics on, one session over `names` at start; its memory once idle. */
async function idleDaemon(scope: string): Promise<Memory> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), "bosun-footprint-"));
  const child = spawn(
    process.execPath,
    [
      BOSUN_BIN,
      "--log-format",
      "json",
      "--scope",
      scope,
      "--http-api-update",
      "--http-api-metrics",
      "--http-api-periodic-polls",
      "--http-api-token",
      TOKEN,
      "--http-api-port",
      String(port),
      "--update-on-start",
      "--interval",
      "3600",
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DOCKER_HOST: testEnv().dockerHost,
        DOCKER_CONFIG: `${testEnv().dir}/no-docker-config`,
        // A first start: no history from earlier runs (and nothing left in /var/lib/bosun).
        BOSUN_STATE_DIR: stateDir,
        NODE_OPTIONS: daemonNodeOptions(),
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  try {
    const deadline = Date.now() + 120_000;
    while (!stderr.includes('"Session done"') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!stderr.includes('"Session done"'))
      throw new Error(`the daemon ran no session:\n${stderr.slice(-2000)}`);
    // The metrics endpoint is part of the idle daemon's work: ask it once, as a scraper would.
    const metrics = await api(port, "/v1/metrics", { token: TOKEN });
    if (metrics.status !== 200) throw new Error(`/v1/metrics answered ${String(metrics.status)}`);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return memoryOf(child.pid ?? 0);
  } finally {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await new Promise((resolve) => child.on("close", resolve));
    clearTimeout(timer);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const repeatAt = process.argv.indexOf("--repeat");
  const repeat = repeatAt === -1 ? 3 : Math.max(1, Number(process.argv[repeatAt + 1]) || 3);
  const bare: number[] = [];
  const help: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < repeat; i++) {
    bare.push(await peakOf(["-e", "0"]));
    help.push(await peakOf([BOSUN_BIN, "--help"]));
    version.push(await peakOf([BOSUN_BIN, "--version"]));
  }
  const base = median(bare);
  const rows: string[][] = [
    ["node -e 0 (peak)", mib(base), "1.00", ""],
    ["bosun --help (peak)", mib(median(help)), (median(help) / base).toFixed(2), "≤ 1.30"],
    ["bosun --version (peak)", mib(median(version)), (median(version) / base).toFixed(2), ""],
  ];
  let hasEnv = true;
  try {
    testEnv();
  } catch {
    hasEnv = false;
    process.stderr.write(
      "footprint: no test environment (source <BOSUN_TEST_DIR>/env): idle daemon skipped\n",
    );
  }
  if (hasEnv) {
    const scope = uniqueName("footprint");
    try {
      const { ref } = await publish(scope, 1);
      for (let i = 0; i < 10; i++) {
        await runContainer(`${scope}-${String(i)}`, ref, ["--label", `${SCOPE_LABEL}=${scope}`], SLEEP);
      }
      const idle: Memory[] = [];
      for (let i = 0; i < repeat; i++) idle.push(await idleDaemon(scope));
      const held = median(idle.map((m) => m.rssKb));
      const peak = median(idle.map((m) => m.hwmKb));
      // Each run's split, to tell heap growth from malloc arenas or the binary's pages.
      for (const m of idle) {
        process.stdout.write(
          `idle daemon run: held ${mib(m.rssKb)} = anon ${mib(m.anonKb)} + file ${mib(m.fileKb)}\n`,
        );
      }
      rows.push(["idle daemon, held (VmRSS)", mib(held), (held / base).toFixed(2), "≤ 1.75"]);
      rows.push(["idle daemon, peak (VmHWM)", mib(peak), (peak / base).toFixed(2), ""]);
    } finally {
      await removeTestContainers();
      await docker(["image", "rm", "-f", `${testEnv().registry}/${scope}:latest`]).catch(() => "");
    }
  }
  process.stdout.write(`footprint: medians of ${String(repeat)} runs, ratios to a bare node -e 0\n`);
  if (hasEnv) process.stdout.write(`idle daemon NODE_OPTIONS: "${daemonNodeOptions()}"\n`);
  printTable(["process", "memory", "ratio", "budget"], rows);
  return 0;
}

process.exitCode = await main();
