/**
 * @module The memory of bad images (`--auto-rollback`): an image a container was rolled back from
 * is not tried again for that container. One JSON file per rejection,
 * `<state-dir>/rejected-images/<container>@<image hex>.json`, re-read every session, so removing a
 * file forgets that rejection (docs/rollback.md). Without a writable state dir, kept in memory.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { shortId } from "../util/image-reference.ts";
import type { StateDir } from "./state-dir.ts";

export const REJECTED_DIR = "rejected-images";

export interface Rejection {
  /** Without the leading slash. */
  container: string;
  /** `sha256:…` */
  imageId: string;
  reason: string;
  /** Epoch milliseconds. */
  rejectedAt: number;
}

export interface RejectedImages {
  /** Re-reads the entries (a removed file is forgotten); once per session. */
  load(): Promise<void>;
  find(container: string, imageId: string): Rejection | undefined;
  add(rejection: Rejection): Promise<void>;
}

const rejectionSchema = z.object({
  container: z.string().min(1),
  imageId: z.string().min(1),
  reason: z.string(),
  rejectedAt: z.number(),
});

const bare = (name: string) => name.replace(/^\//, "");
const key = (container: string, imageId: string) => `${bare(container)}@${imageId}`;

/** The entry's file name: Docker names and image IDs hold no path separator. */
export function rejectionFile(container: string, imageId: string): string {
  return `${bare(container)}@${imageId.replace(/^sha256:/, "")}.json`;
}

/** "image 0123456789ab was rolled back at <ISO time>" */
export function rejectionMessage(rejection: Rejection): string {
  return `image ${shortId(rejection.imageId)} was rolled back at ${new Date(rejection.rejectedAt).toISOString()}`;
}

export function createRejectedImages(stateDir: StateDir | undefined): RejectedImages {
  const memory = new Map<string, Rejection>();
  let onDisk = new Map<string, Rejection>();
  const dir = stateDir === undefined ? undefined : join(stateDir.path, REJECTED_DIR);

  const readEntries = async (path: string): Promise<Map<string, Rejection>> => {
    const entries = new Map<string, Rejection>();
    const names = await readdir(path).catch(() => [] as string[]);
    for (const name of names.filter((file) => file.endsWith(".json"))) {
      try {
        const parsed = rejectionSchema.safeParse(JSON.parse(await readFile(join(path, name), "utf8")));
        if (parsed.success) entries.set(key(parsed.data.container, parsed.data.imageId), parsed.data);
      } catch {
        // A file removed meanwhile or half written: not a rejection.
      }
    }
    return entries;
  };

  return {
    async load() {
      if (dir !== undefined) onDisk = await readEntries(dir);
    },
    find(container, imageId) {
      const id = key(container, imageId);
      return onDisk.get(id) ?? memory.get(id);
    },
    async add(rejection) {
      const entry = { ...rejection, container: bare(rejection.container) };
      const id = key(entry.container, entry.imageId);
      const writable = await stateDir?.writable(REJECTED_DIR);
      if (writable !== undefined) {
        try {
          await writeFile(
            join(writable, rejectionFile(entry.container, entry.imageId)),
            JSON.stringify(entry) + "\n",
          );
          onDisk.set(id, entry);
          return;
        } catch (error) {
          stateDir?.writeFailed(error);
        }
      }
      memory.set(id, entry);
    },
  };
}
