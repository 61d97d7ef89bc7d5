import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { PullProgress } from "../docker/types.ts";
import { pullProgressReporter } from "./pull-progress.ts";
import { collectEvents } from "../../test/support/collect-events.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { log, lines };
}

/** A clock the test moves by hand. */
function manualClock() {
  let now = 1_000_000;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    advance(ms: number) {
      now += ms;
    },
  };
}

const IMAGE = "registry.example/app:latest";

describe("pull progress", () => {
  it("reports layers done and bytes once per interval, as a line and an event", () => {
    const { log, lines } = capture();
    const clock = manualClock();
    const events = collectEvents();
    const reporter = pullProgressReporter(log, IMAGE, clock, 10_000, events);
    const feed = (progress: PullProgress, advanceMs = 0) => {
      clock.advance(advanceMs);
      reporter.onProgress(progress);
    };
    feed({ status: "Pulling from app", id: "latest" });
    feed({ status: "Pulling fs layer", id: "aaaaaaaaaaaa" });
    feed({ status: "Already exists", id: "bbbbbbbbbbbb" });
    feed({
      status: "Downloading",
      id: "aaaaaaaaaaaa",
      progressDetail: { current: 5_000_000, total: 20_000_000 },
    });
    expect(lines).toEqual([]);
    feed(
      {
        status: "Downloading",
        id: "aaaaaaaaaaaa",
        progressDetail: { current: 12_500_000, total: 20_000_000 },
      },
      10_000,
    );
    feed({ status: "Download complete", id: "aaaaaaaaaaaa" }, 4_000);
    feed({ status: "Pull complete", id: "aaaaaaaaaaaa" }, 6_500);
    feed({ status: "Digest: sha256:0123" });
    reporter.finished();

    expect(lines.map((line) => line.msg)).toEqual(["Pull in progress", "Pull in progress", "Pulled image"]);
    expect(lines[0]).toMatchObject({
      image: IMAGE,
      layers: "1/2",
      downloaded: "12.5 MB of 20.0 MB",
      seconds: 10,
    });
    expect(lines[1]).toMatchObject({ layers: "2/2", downloaded: "20.0 MB of 20.0 MB", seconds: 21 });
    expect(lines[2]).toMatchObject({ image: IMAGE, layers: 2, seconds: 20.5, level: 20 });
    expect(events.bodies).toEqual([
      { type: "image-pull-progress", image: IMAGE, layers: 2, layersDone: 1 },
      { type: "image-pull-progress", image: IMAGE, layers: 2, layersDone: 2 },
      { type: "image-pulled", image: IMAGE },
    ]);
  });

  it("a quick pull logs no progress line, only its duration at debug", () => {
    const { log, lines } = capture();
    const clock = manualClock();
    const reporter = pullProgressReporter(log, IMAGE, clock, 10_000);
    reporter.onProgress({ status: "Already exists", id: "bbbbbbbbbbbb" });
    clock.advance(300);
    reporter.finished();
    expect(lines.map((line) => [line.msg, line.level])).toEqual([["Pulled image", 20]]);
  });
});
