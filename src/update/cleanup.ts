/**
 * @module `--cleanup`: after a session, each replaced image is removed once no container (in any
 * state) uses it. Failures are logged, never fatal.
 */
import { shortId } from "../util/image-reference.ts";
import type { DockerClient } from "../docker/types.ts";
import { errorMessage } from "../util/errors.ts";
import type { SessionEmitter } from "./events/emitter.ts";

export async function cleanupImages(
  docker: DockerClient,
  events: SessionEmitter,
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
    const fields = { err: errorMessage(error) };
    events.emit({
      type: "notice",
      code: "cleanup-list-failed",
      level: "warn",
      message: "Could not list containers for image cleanup",
      fields,
    });
    return removed;
  }
  for (const id of unique) {
    if (inUse.has(id)) {
      events.emit({
        type: "notice",
        code: "image-in-use",
        level: "debug",
        message: "Image still in use, not removing",
        fields: { image: id },
      });
      continue;
    }
    try {
      await docker.removeImage(id, { force: true }, call);
      removed.push(id);
      events.emit({ type: "image-removed", imageId: id });
    } catch (error) {
      const fields = { image: shortId(id), err: errorMessage(error) };
      events.emit({
        type: "notice",
        code: "image-removal-failed",
        level: "warn",
        message: "Could not remove image",
        fields,
      });
    }
  }
  return removed;
}
