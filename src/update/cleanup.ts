/**
 * @module `--cleanup`: after a session, each replaced image is removed once no container (in any
 * state) uses it. Failures are logged, never fatal.
 */
import type { Logger } from "pino";
import type { DockerClient } from "../docker/types.ts";
import { errorMessage } from "../util/errors.ts";

export async function cleanupImages(
  docker: DockerClient,
  log: Logger,
  imageIds: readonly string[],
  signal?: AbortSignal,
): Promise<string[]> {
  const call = { ...(signal && { signal }), timeoutMs: 60_000 };
  const removed: string[] = [];
  const unique = [...new Set(imageIds)];
  if (unique.length === 0) return removed;
  let inUse: Set<string>;
  try {
    const all = await docker.listContainers({ ...call, all: true });
    inUse = new Set(all.map((summary) => summary.ImageID));
  } catch (error) {
    log.warn({ err: errorMessage(error) }, "Could not list containers for image cleanup");
    return removed;
  }
  for (const id of unique) {
    if (inUse.has(id)) {
      log.debug({ image: id }, "Image still in use, not removing");
      continue;
    }
    try {
      log.info({ image: id.slice(7, 19) }, "Removing image");
      await docker.removeImage(id, { force: true }, call);
      removed.push(id);
    } catch (error) {
      log.warn({ image: id.slice(7, 19), err: errorMessage(error) }, "Could not remove image");
    }
  }
  return removed;
}
