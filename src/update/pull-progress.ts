/**
 * @module Progress of a long pull: the engine's per-layer NDJSON stream folded into one log line
 * and one `image-pull-progress` event every interval (layers done, bytes downloaded), so a user
 * watching a slow pull of a large image sees it move. The lines are diagnostics, not news.
 */
import type { Logger } from "pino";
import type { PullProgress } from "../docker/types.ts";
import type { Clock } from "../util/clock.ts";
import type { SessionEmitter } from "./events/emitter.ts";

/** How often a pull in progress is reported. */
export const PULL_PROGRESS_INTERVAL_MS = 10_000;

/** Layer statuses after which the layer needs nothing more. */
const DONE = new Set(["Pull complete", "Already exists"]);

interface Layer {
  done: boolean;
  downloaded: number;
  size: number;
}

export interface PullProgressReporter {
  onProgress: (progress: PullProgress) => void;
  /** Logs the pull's duration; call once it has finished. */
  finished: () => void;
}

export function pullProgressReporter(
  log: Logger,
  image: string,
  clock: Clock,
  intervalMs = PULL_PROGRESS_INTERVAL_MS,
  events?: SessionEmitter,
): PullProgressReporter {
  const started = clock.now();
  let lastReport = started;
  const layers = new Map<string, Layer>();

  const report = (): void => {
    let done = 0;
    let downloaded = 0;
    let size = 0;
    for (const layer of layers.values()) {
      if (layer.done) done++;
      downloaded += layer.downloaded;
      size += layer.size;
    }
    events?.emit({ type: "image-pull-progress", image, layers: layers.size, layersDone: done });
    log.info(
      {
        image,
        layers: `${String(done)}/${String(layers.size)}`,
        downloaded: size > 0 ? `${megabytes(downloaded)} of ${megabytes(size)}` : megabytes(downloaded),
        seconds: Math.round((clock.now() - started) / 1000),
      },
      "Pull in progress",
    );
  };

  return {
    onProgress: (progress) => {
      const { id, status } = progress;
      // Layer lines carry a short layer ID; the others (tag, digest, summary) do not count.
      if (id !== undefined && status !== undefined && /^[0-9a-f]{12}$/.test(id)) {
        const layer = layers.get(id) ?? { done: false, downloaded: 0, size: 0 };
        if (DONE.has(status)) layer.done = true;
        const detail = progress.progressDetail;
        if (status === "Downloading" && detail?.current !== undefined) {
          layer.downloaded = detail.current;
          if (detail.total !== undefined && detail.total > 0) layer.size = detail.total;
        }
        if (status === "Download complete" || status === "Verifying Checksum") layer.downloaded = layer.size;
        layers.set(id, layer);
      }
      const now = clock.now();
      if (now - lastReport >= intervalMs) {
        lastReport = now;
        report();
      }
    },
    finished: () => {
      const ms = clock.now() - started;
      log.debug({ image, layers: layers.size, seconds: ms / 1000 }, "Pulled image");
      events?.emit({ type: "image-pulled", image });
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
