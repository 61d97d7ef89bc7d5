/**
 * @module Is a container stale: pull its reference (unless no-pull, or the registry's digest
 * matches a local RepoDigest) and compare the image ID the tag resolves to with the container's.
 */
import type { Logger } from "pino";
import type { DockerClient } from "../docker/types.ts";
import type { RegistryService } from "../registry/types.ts";
import type { Container } from "../container/container.ts";
import { pinnedReason, registryHost } from "../container/image-ref.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { pullProgressReporter } from "./pull-progress.ts";

export type Staleness =
  | { kind: "checked"; stale: boolean; latestImageId: string; pulled: boolean }
  | { kind: "pinned"; note: string; skip: boolean }
  | { kind: "error"; error: string };

export interface StalenessDeps {
  docker: DockerClient;
  registry?: RegistryService | undefined;
  log: Logger;
  signal?: AbortSignal | undefined;
  pullTimeoutMs?: number;
  /** Times the progress lines of long pulls. */
  clock?: Clock;
}

/**
 * Shares one check-and-pull per reference within a session. Digest checks run concurrently (the
 * registry service bounds them); actual pulls are serialized per registry host so a large host
 * does not hammer one registry with parallel layer downloads.
 */
export function createPuller(deps: StalenessDeps) {
  const pulls = new Map<string, Promise<boolean>>();
  const hostQueues = new Map<string, Promise<unknown>>();

  const digestUnchanged = async (container: Container): Promise<boolean> => {
    if (deps.registry === undefined) return false;
    const ref = container.imageName;
    const check = await deps.registry.checkDigest(ref, container.image?.RepoDigests ?? [], deps.signal);
    if (check.kind === "match") {
      deps.log.debug({ image: ref }, "Digest unchanged, skipping pull");
      return true;
    }
    // An `unknown` check was already logged by the registry service, at the level
    // --warn-on-head-failure asks for: logging it here too would print every failure twice.
    return false;
  };

  const pullNow = async (ref: string): Promise<void> => {
    const registryAuth = await deps.registry?.registryAuth(ref);
    deps.log.debug({ image: ref }, "Pulling image");
    const progress = pullProgressReporter(deps.log, ref, deps.clock ?? systemClock);
    await deps.docker.pullImage(
      ref,
      { ...(registryAuth !== undefined && { registryAuth }), onProgress: progress.onProgress },
      { ...(deps.signal && { signal: deps.signal }), timeoutMs: deps.pullTimeoutMs ?? 600_000 },
    );
    progress.finished();
  };

  const checkAndPull = async (container: Container): Promise<boolean> => {
    if (await digestUnchanged(container)) return false;
    const ref = container.imageName;
    const host = registryHost(ref);
    const previous = hostQueues.get(host) ?? Promise.resolve();
    const pulled = previous.then(
      () => pullNow(ref),
      () => pullNow(ref),
    );
    hostQueues.set(
      host,
      pulled.catch(() => undefined),
    );
    await pulled;
    return true;
  };

  return (container: Container): Promise<boolean> => {
    let pull = pulls.get(container.imageName);
    if (pull === undefined) {
      pull = checkAndPull(container);
      pulls.set(container.imageName, pull);
    }
    return pull;
  };
}

export async function checkStaleness(
  deps: StalenessDeps,
  container: Container,
  noPull: boolean,
  pull: (container: Container) => Promise<boolean>,
): Promise<Staleness> {
  const pinned = pinnedReason(container.imageName);
  if (pinned !== undefined) {
    // A bare image ID has no reference to follow; a digest reference is simply always fresh.
    return { kind: "pinned", note: pinned, skip: !container.imageName.includes("@") };
  }
  if (container.image === undefined) {
    return { kind: "error", error: `the image ${container.inspect.Image} could not be inspected` };
  }
  let pulled = false;
  if (!noPull) {
    try {
      pulled = await pull(container);
    } catch (error) {
      return { kind: "error", error: `pull of ${container.imageName} failed: ${errorMessage(error)}` };
    }
  }
  try {
    const latest = await deps.docker.inspectImage(container.imageName, {
      ...(deps.signal && { signal: deps.signal }),
      timeoutMs: 30_000,
    });
    const stale = latest.Id !== container.inspect.Image;
    if (stale)
      deps.log.info(
        { container: container.name, image: container.imageName, id: latest.Id.slice(7, 19) },
        "Found new image",
      );
    return { kind: "checked", stale, latestImageId: latest.Id, pulled };
  } catch (error) {
    return {
      kind: "error",
      error: `the image ${container.imageName} could not be inspected: ${errorMessage(error)}`,
    };
  }
}
