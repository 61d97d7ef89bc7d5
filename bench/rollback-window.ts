/**
 * @module Rollback-window benchmark (issue 13, "Time"): the wall time of one session updating N
 * independent containers (default 10) with `--auto-rollback` and a 20 s window, next to the same
 * session without auto-rollback. Verifications overlap, so the session should wait about one
 * window, not N. Target: with <= 1.5 x (window + without).
 *
 * Run against the private daemon and registry of scripts/test-env.sh:
 *   source $BOSUN_TEST_DIR/env && npm run bench:rollback [-- containers]
 * Everything it creates carries the label `bosun.bench=<run id>` and is removed at the end.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SLEEP, dockerClient, resetTag, runSession, staleRepo } from "../test/e2e/update-helpers.ts";
import { printTable } from "./support.ts";

const execFileAsync = promisify(execFile);
const LABEL = "bosun.bench";
const WINDOW_MS = 20_000;
const TARGET = 1.5;
const REQUIRED_ENV = ["DOCKER_HOST", "BOSUN_TEST_DIR", "BOSUN_TEST_REGISTRY", "BOSUN_TEST_BASE_IMAGE"];
/** The whole run is bounded; a hung daemon must not hang the benchmark. */
const WATCHDOG_MS = 10 * 60_000;

async function cli(args: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await execFileAsync("docker", args, {
    env: { ...process.env, DOCKER_BUILDKIT: "0" },
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

async function main(): Promise<number> {
  const missing = REQUIRED_ENV.filter((name) => (process.env[name] ?? "") === "");
  if (missing.length > 0) {
    process.stderr.write(
      `bench/rollback-window needs the private test daemon and registry (missing: ${missing.join(", ")}).\n` +
        "Start them with `npm run env -- up` (scripts/test-env.sh up), then:\n" +
        "  source $BOSUN_TEST_DIR/env && npm run bench:rollback\n",
    );
    return 2;
  }
  const count = Number(process.argv[2] ?? "10");
  if (!Number.isInteger(count) || count < 1 || count > 50) {
    process.stderr.write("usage: npm run bench:rollback [-- containers (1-50, default 10)]\n");
    return 2;
  }
  const runId = `rw${Date.now().toString(36)}`;
  const docker = await dockerClient();
  const stale = { ref: "", rev1: "", rev2: "" };
  const removeContainers = async () => {
    const ids = await cli(["ps", "-aq", "--filter", `label=${LABEL}=${runId}`]).catch(() => "");
    if (ids !== "") await cli(["rm", "-f", "-v", ...ids.split("\n")]).catch(() => "");
  };
  /** Fresh stale containers, then one session over them: its wall time and how many were Updated. */
  const session = async (autoRollback: boolean) => {
    await removeContainers();
    await resetTag(stale);
    const names: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const name = `bench-${runId}-${String(index)}`;
      await cli([
        "run",
        "-d",
        "--name",
        name,
        "--label",
        `${LABEL}=${runId}`,
        "--network",
        "none",
        stale.ref,
        ...SLEEP,
      ]);
      names.push(name);
    }
    const started = Date.now();
    const result = await runSession({ names, autoRollback, rollbackWindow: WINDOW_MS });
    return { ms: Date.now() - started, updated: result.report.updated.length };
  };
  try {
    process.stdout.write(
      `run ${runId}: ${String(count)} independent containers, window ${String(WINDOW_MS / 1000)} s\n`,
    );
    Object.assign(stale, await staleRepo(`bench-${runId}`));
    const without = await session(false);
    const withRollback = await session(true);
    const target = TARGET * (WINDOW_MS + without.ms);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    printTable(
      ["session", "wall time", "Updated"],
      [
        ["without auto-rollback", seconds(without.ms), `${String(without.updated)}/${String(count)}`],
        [
          "--auto-rollback, 20 s window",
          seconds(withRollback.ms),
          `${String(withRollback.updated)}/${String(count)}`,
        ],
      ],
    );
    const pass = withRollback.ms <= target && without.updated === count && withRollback.updated === count;
    process.stdout.write(
      `target: <= ${TARGET} x (window + without) = ${seconds(target)}; ` +
        `${count} serial windows would be ${seconds(count * WINDOW_MS)}${pass ? "" : "; NOT MET"}\n`,
    );
    return pass ? 0 : 1;
  } finally {
    await removeContainers();
    for (const image of [stale.ref, stale.rev1, stale.rev2].filter((ref) => ref !== "")) {
      await cli(["rmi", "-f", image]).catch(() => "");
    }
    await docker.close();
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench/rollback-window: gave up after ${String(WATCHDOG_MS / 1000)} s\n`);
  process.exit(3);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench/rollback-window failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
