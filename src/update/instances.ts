/**
 * @module Other Bosun/Watchtower instances in the same scope: at startup (not run-once) all but the
 * newest are stopped and removed, their images too with --cleanup.
 */
import type { Logger } from "pino";
import type { ContainerSummary, DockerClient } from "../docker/types.ts";
import { isInstance } from "../container/container.ts";
import { containerScope } from "../container/filter.ts";
import { errorMessage } from "../util/errors.ts";
import { parseAsideName } from "./aside-names.ts";

/** The instances to remove: same scope (any scope when unscoped, as the original), all but the newest. */
export function instancesToRemove(summaries: readonly ContainerSummary[], scope: string): ContainerSummary[] {
  const instances = summaries.filter((summary) => {
    const labels = summary.Labels ?? {};
    if (!isInstance(labels)) return false;
    // A set-aside instance belongs to crash recovery (or a self-update in progress).
    if (parseAsideName(summary.Names[0] ?? "", summary.Id) !== undefined) return false;
    return scope === "" || containerScope(labels) === scope;
  });
  if (instances.length <= 1) return [];
  const sorted = [...instances].sort((a, b) => a.Created - b.Created || (a.Id < b.Id ? -1 : 1));
  return sorted.slice(0, -1);
}

export async function removeOtherInstances(
  docker: DockerClient,
  log: Logger,
  options: { scope: string; cleanup: boolean; signal?: AbortSignal | undefined },
): Promise<{ removed: string[]; errors: string[] }> {
  const call = { ...(options.signal && { signal: options.signal }), timeoutMs: 60_000 };
  const all = await docker.listContainers({ ...call, all: true });
  const removed: string[] = [];
  const errors: string[] = [];
  for (const old of instancesToRemove(all, options.scope)) {
    const name = old.Names[0] ?? old.Id;
    try {
      log.info({ container: name }, "Stopping another instance");
      await docker.stopContainer(old.Id, { timeoutSeconds: 600 }, { ...call, timeoutMs: 660_000 });
      await docker.removeContainer(old.Id, { force: true }, call);
      removed.push(name);
    } catch (error) {
      errors.push(`${name}: ${errorMessage(error)}`);
      continue;
    }
    if (options.cleanup) {
      await docker.removeImage(old.ImageID, { force: true }, call).catch((error: unknown) => {
        log.warn({ image: old.ImageID.slice(7, 19), err: errorMessage(error) }, "Could not remove image");
      });
    }
  }
  return { removed, errors };
}
