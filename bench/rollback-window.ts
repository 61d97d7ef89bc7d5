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
import { SLEEP, dockerClient, resetTag, runSession, staleRepo } from "../test/e2e/update-helpers.ts";
import {
  cli,
  hasTestEnv,
  printTable,
  removeBenchContainers,
  runBounded,
  startBenchContainers,
} from "./support.ts";

const WINDOW_MS = 20_000;
const TARGET = 1.5;

async function main(): Promise<number> {
  if (!hasTestEnv("rollback-window", "source $BOSUN_TEST_DIR/env && npm run bench:rollback")) return 2;
  const count = Number(process.argv[2] ?? "10");
  if (!Number.isInteger(count) || count < 1 || count > 50) {
    process.stderr.write("usage: npm run bench:rollback [-- containers (1-50, default 10)]\n");
    return 2;
  }
  const runId = `rw${Date.now().toString(36)}`;
  const docker = await dockerClient();
  const stale = { ref: "", rev1: "", rev2: "" };
  const removeContainers = () => removeBenchContainers(runId);
  /** Fresh stale containers, then one session over them: its wall time and how many were Updated. */
  const session = async (autoRollback: boolean) => {
    await removeContainers();
    await resetTag(stale);
    const ids = await startBenchContainers(runId, stale.ref, count, SLEEP);
    const names = [...ids.values()].map((name) => name.slice(1));
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

runBounded("rollback-window", main);
