/**
 * @module Downtime benchmark (issue 4, "Speed"): updates N containers (default 10) in one engine
 * session and measures, from the engine's events, the gap between each old container's `die` and its
 * replacement's `start`; next to it, the same gap for a plain stop + start of the same containers.
 * Target: median update gap <= 1.2 x the baseline median.
 *
 * Run against the shared private daemon and registry of scripts/test-env.sh:
 *   source /tmp/bosun-e2e/env && npx tsx bench/downtime.ts [containers]
 * Everything it creates carries the label `bosun.bench=<run id>` and is removed at the end.
 */
import { createUpdateEngine } from "../src/update/engine.ts";
import { dockerEvents, type EngineEvent } from "../test/support/docker-events.ts";
import { testEnv } from "../test/e2e/harness.ts";
import { DEFAULT_OPTIONS, SLEEP, dockerClient, silentLog, staleRepo } from "../test/e2e/update-helpers.ts";
import {
  BENCH_LABEL,
  cli,
  hasTestEnv,
  removeBenchContainers,
  runBounded,
  startBenchContainers,
} from "./support.ts";

const TARGET_RATIO = 1.2;

interface Gap {
  name: string;
  ms: number;
}

/** Collects container die/start events of this run's label until `stop()` is called. */
function recordEvents(runId: string) {
  const controller = new AbortController();
  const events: EngineEvent[] = [];
  // `since` has second precision: events of an earlier phase are dropped by their nanosecond time.
  const startNs = Date.now() * 1e6;
  const since = Math.floor(Date.now() / 1000) - 1;
  const done = (async () => {
    const stream = dockerEvents(
      testEnv().dockerHost,
      { type: ["container"], event: ["die", "start"], label: [`${BENCH_LABEL}=${runId}`] },
      { signal: controller.signal, since },
    );
    for await (const event of stream) if (event.timeNano >= startNs) events.push(event);
  })();
  return {
    events,
    /** Waits until `expected` events arrived (bounded), then ends the stream. */
    async stop(expected: number): Promise<EngineEvent[]> {
      const deadline = Date.now() + 10_000;
      while (events.length < expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      controller.abort();
      await done;
      return events;
    },
  };
}

/** die -> start of the same container (the baseline restarts in place). */
function restartGaps(events: readonly EngineEvent[], ids: ReadonlyMap<string, string>): Gap[] {
  const gaps: Gap[] = [];
  for (const [id, name] of ids) {
    const die = events.find((event) => event.Action === "die" && event.Actor.ID === id);
    if (die === undefined) continue;
    const start = events.find(
      (event) => event.Action === "start" && event.Actor.ID === id && event.timeNano > die.timeNano,
    );
    if (start !== undefined) gaps.push({ name, ms: (start.timeNano - die.timeNano) / 1e6 });
  }
  return gaps;
}

/** die of the old container -> start of the new one under the original name. */
function swapGaps(events: readonly EngineEvent[], ids: ReadonlyMap<string, string>): Gap[] {
  const gaps: Gap[] = [];
  for (const [id, name] of ids) {
    const die = events.find((event) => event.Action === "die" && event.Actor.ID === id);
    if (die === undefined) continue;
    const start = events.find(
      (event) =>
        event.Action === "start" &&
        event.Actor.ID !== id &&
        // Event names carry no leading slash.
        `/${event.Actor.Attributes.name ?? ""}` === name &&
        event.timeNano > die.timeNano,
    );
    if (start !== undefined) gaps.push({ name, ms: (start.timeNano - die.timeNano) / 1e6 });
  }
  return gaps;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function stats(gaps: readonly Gap[]) {
  const values = gaps.map((gap) => gap.ms);
  return {
    n: values.length,
    median: percentile(values, 50),
    p90: percentile(values, 90),
    max: Math.max(...values),
  };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`.padStart(10);

function row(label: string, gaps: readonly Gap[]): string {
  const s = stats(gaps);
  return `${label.padEnd(34)} n=${String(s.n).padStart(2)}  median${fmt(s.median)}  p90${fmt(s.p90)}  max${fmt(s.max)}`;
}

async function main(): Promise<number> {
  if (!hasTestEnv("downtime", "source /tmp/bosun-e2e/env && npx tsx bench/downtime.ts [containers]"))
    return 2;
  const count = Number(process.argv[2] ?? "10");
  if (!Number.isInteger(count) || count < 1 || count > 50) {
    process.stderr.write("usage: npx tsx bench/downtime.ts [containers (1-50, default 10)]\n");
    return 2;
  }
  const runId = `dt${Date.now().toString(36)}`;
  const docker = await dockerClient();
  const stale = { ref: "", rev1: "", rev2: "" };
  try {
    process.stdout.write(`run ${runId}: ${count} containers, engine API ${docker.apiVersion}\n`);
    Object.assign(stale, await staleRepo(`bench-${runId}`));
    const ids = await startBenchContainers(runId, stale.ref, count, SLEEP);

    // Baseline 1: stop + start through the engine API (the same client the engine uses).
    let recorder = recordEvents(runId);
    for (const id of ids.keys()) {
      await docker.stopContainer(id, { timeoutSeconds: 10 }, { timeoutMs: 30_000 });
      await docker.startContainer(id, { timeoutMs: 30_000 });
    }
    const apiBaseline = restartGaps(await recorder.stop(2 * count), ids);

    // Baseline 2: the docker CLI, `docker stop` then `docker start` (includes the CLI's start-up).
    recorder = recordEvents(runId);
    for (const id of ids.keys()) {
      await cli(["stop", "-t", "10", id]);
      await cli(["start", id]);
    }
    const cliBaseline = restartGaps(await recorder.stop(2 * count), ids);

    // The update: one engine session over exactly these containers.
    recorder = recordEvents(runId);
    const engine = createUpdateEngine(
      { docker, log: silentLog },
      { ...DEFAULT_OPTIONS, names: [...ids.values()].map((name) => name.slice(1)) },
    );
    const started = Date.now();
    const report = await engine.runSession();
    const sessionMs = Date.now() - started;
    const updateEvents = await recorder.stop(2 * count);
    const update = swapGaps(updateEvents, ids);

    const updated = report.updated.length;
    process.stdout.write(`session: ${sessionMs} ms, ${updated}/${count} Updated\n`);
    for (const entry of report.containers.filter((item) => item.state !== "Updated")) {
      process.stdout.write(`  ${entry.name}: ${entry.state} ${entry.error ?? ""}\n`);
    }
    process.stdout.write("die -> start gap per container\n");
    process.stdout.write(`${row("baseline: stop + start (API)", apiBaseline)}\n`);
    process.stdout.write(`${row("baseline: docker stop + start (CLI)", cliBaseline)}\n`);
    process.stdout.write(`${row("update: die old -> start new", update)}\n`);
    const updateMedian = stats(update).median;
    let ok = updated === count && update.length === count;
    for (const [label, baseline] of [
      ["API", apiBaseline],
      ["CLI", cliBaseline],
    ] as const) {
      const ratio = updateMedian / stats(baseline).median;
      const pass = ratio <= TARGET_RATIO;
      if (label === "CLI") ok &&= pass;
      process.stdout.write(
        `ratio vs ${label} baseline: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO})${pass ? "" : " NOT MET"}\n`,
      );
    }
    return ok ? 0 : 1;
  } finally {
    await removeBenchContainers(runId);
    const images = [stale.ref, stale.rev1, stale.rev2].filter((image) => image !== "");
    for (const image of images) await cli(["rmi", "-f", image]).catch(() => "");
    await docker.close();
  }
}

runBounded("downtime", main);
