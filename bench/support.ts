/**
 * @module What the benchmarks share besides the e2e helpers: the docker CLI, the environment
 * check, a bounded run, a bounded pool and a plain-text table. Benchmarks print figures; none of
 * this is a test.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** What the daemon-backed benchmarks need from scripts/test-env.sh. */
const REQUIRED_ENV = ["DOCKER_HOST", "BOSUN_TEST_DIR", "BOSUN_TEST_REGISTRY", "BOSUN_TEST_BASE_IMAGE"];

/** `docker <args>` (legacy builder), its trimmed stdout. */
export async function cli(args: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await execFileAsync("docker", args, {
    env: { ...process.env, DOCKER_BUILDKIT: "0" },
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** The label of everything a benchmark run creates: `bosun.bench=<run id>`. */
export const BENCH_LABEL = "bosun.bench";

/** `count` containers `bench-<run id>-<i>` from `ref` running `command`: ID → `/name`, in order. */
export async function startBenchContainers(
  runId: string,
  ref: string,
  count: number,
  command: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let index = 0; index < count; index += 1) {
    const name = `bench-${runId}-${String(index)}`;
    const id = await cli([
      "run",
      "-d",
      "--name",
      name,
      "--label",
      `${BENCH_LABEL}=${runId}`,
      "--network",
      "none",
      ref,
      ...command,
    ]);
    ids.set(id, `/${name}`);
  }
  return ids;
}

/** Removes the run's containers and their anonymous volumes, whatever state they are in. */
export async function removeBenchContainers(runId: string): Promise<void> {
  const ids = await cli(["ps", "-aq", "--filter", `label=${BENCH_LABEL}=${runId}`]).catch(() => "");
  if (ids !== "") await cli(["rm", "-f", "-v", ...ids.split("\n")]).catch(() => "");
}

/** False (and how to get it said on stderr) without the private test environment. */
export function hasTestEnv(bench: string, usage: string): boolean {
  const missing = REQUIRED_ENV.filter((name) => (process.env[name] ?? "") === "");
  if (missing.length === 0) return true;
  process.stderr.write(
    `bench/${bench} needs the private test daemon and registry (missing: ${missing.join(", ")}).\n` +
      "Start them with `npm run env -- up` (scripts/test-env.sh up), then:\n" +
      `  ${usage}\n`,
  );
  return false;
}

/** Runs `main` as the process's work, its result the exit code, bounded by a watchdog. */
export function runBounded(bench: string, main: () => Promise<number>, watchdogMs = 10 * 60_000): void {
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench/${bench}: gave up after ${String(watchdogMs / 1000)} s\n`);
    process.exit(3);
  }, watchdogMs);
  watchdog.unref();
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `bench/${bench} failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Prints `rows` under `header`, each column padded to its widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const format = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  process.stdout.write(`${format(header)}\n${format(widths.map((w) => "-".repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${format(row)}\n`);
}
