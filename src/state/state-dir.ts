/**
 * @module `--state-dir`: where Bosun keeps what must survive a restart (in the image, a declared
 * volume, so it also survives Bosun's self-update). A directory that cannot be written is said
 * once; the callers then keep their state in memory.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { errorMessage } from "../util/errors.ts";

export interface StateDir {
  readonly path: string;
  /** A subdirectory, created on demand; undefined (and said once) when it cannot be written. */
  writable(sub: string): Promise<string | undefined>;
  /** Said once per process: a write under the state dir failed. */
  writeFailed(error: unknown): void;
}

export function createStateDir(path: string, log: Logger): StateDir {
  let warned = false;
  const writeFailed = (error: unknown) => {
    if (warned) return;
    warned = true;
    log.warn(
      { stateDir: path, err: errorMessage(error) },
      "State directory is not writable; state is kept in memory until Bosun restarts",
    );
  };
  return {
    path,
    writeFailed,
    async writable(sub) {
      const dir = join(path, sub);
      try {
        await mkdir(dir, { recursive: true });
        const probe = join(dir, `.probe-${String(process.pid)}`);
        await writeFile(probe, "");
        await rm(probe, { force: true });
        return dir;
      } catch (error) {
        writeFailed(error);
        return undefined;
      }
    },
  };
}
