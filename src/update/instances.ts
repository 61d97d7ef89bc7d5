/**
 * @module Other Bosun/Watchtower instances in the same scope: at startup (not run-once) all but the
 * newest are stopped and removed, their images too with --cleanup.
 */
import { primaryName } from "../container/list.ts";
import { shortId } from "../util/image-reference.ts";
import type { Logger } from "pino";
import type { ContainerSummary, DockerClient } from "../docker/types.ts";
import { isInstance } from "../container/container.ts";
import { containerScope } from "../container/filter.ts";
import { errorMessage } from "../util/errors.ts";
import { parseAsideName } from "./aside-names.ts";
import { createdNanos } from "./created-time.ts";

/** Instances in the scope (any scope when unscoped, as the original). */
function instancesInScope(
  summaries: readonly ContainerSummary[],
  scope: string | undefined,
): ContainerSummary[] {
  return summaries.filter((summary) => {
    const labels = summary.Labels ?? {};
    if (!isInstance(labels)) return false;
    // A running instance set aside by a self-update is the old Bosun that started this one: it is
    // retired like any older instance. A stopped set-aside instance belongs to crash recovery.
    const aside = parseAsideName(primaryName(summary), summary.Id) !== undefined;
    if (aside && summary.State !== "running") return false;
    return scope === undefined || containerScope(labels) === scope;
  });
}

/**
 * The instances to remove: all but the newest in the scope. The list API's `Created` has only
 * seconds, so `created` (nanoseconds, from inspect) decides between instances made in the same second;
 * otherwise a new instance could take itself for the older one.
 */
export function instancesToRemove(
  summaries: readonly ContainerSummary[],
  scope: string | undefined,
  created: ReadonlyMap<string, bigint> = new Map(),
): ContainerSummary[] {
  const instances = instancesInScope(summaries, scope);
  if (instances.length <= 1) return [];
  const time = (summary: ContainerSummary) =>
    created.get(summary.Id) ?? BigInt(summary.Created) * 1_000_000_000n;
  const sorted = [...instances].sort((a, b) => {
    const diff = time(a) - time(b);
    if (diff !== 0n) return diff < 0n ? -1 : 1;
    return a.Id < b.Id ? -1 : 1;
  });
  return sorted.slice(0, -1);
}

export async function removeOtherInstances(
  docker: DockerClient,
  log: Logger,
  options: { scope: string | undefined; cleanup: boolean; signal?: AbortSignal | undefined },
): Promise<{ removed: string[]; errors: string[] }> {
  const call = { ...(options.signal && { signal: options.signal }), timeoutMs: 60_000 };
  const all = await docker.listContainers({ ...call, all: true });
  const created = new Map<string, bigint>();
  const instances = instancesInScope(all, options.scope);
  if (instances.length > 1) {
    for (const instance of instances) {
      const inspect = await docker.inspectContainer(instance.Id, call).catch(() => undefined);
      const nanos = inspect === undefined ? undefined : createdNanos(inspect.Created);
      if (nanos !== undefined) created.set(instance.Id, nanos);
    }
  }
  const removed: string[] = [];
  const errors: string[] = [];
  for (const old of instancesToRemove(all, options.scope, created)) {
    const name = primaryName(old);
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
        log.warn({ image: shortId(old.ImageID), err: errorMessage(error) }, "Could not remove image");
      });
    }
  }
  return { removed, errors };
}
