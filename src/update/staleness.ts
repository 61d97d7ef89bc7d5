/**
 * @module Is a container stale: pull its reference (unless no-pull, or the registry's digest
 * matches a local RepoDigest) and compare the image ID the tag resolves to with the container's.
 */
import type { Logger } from "pino";
import type { DockerClient, ImageInspect } from "../docker/types.ts";
import { createLimiter, type Limiter } from "../util/limiter.ts";
import type { RegistryService } from "../registry/types.ts";
import type { CheckSubject } from "../container/container.ts";
import { DOCKER_HUB, ImageReference, PINNED, pinnedReason, referenceKey } from "../util/image-reference.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { pullProgressReporter } from "./pull-progress.ts";
import type { SessionEmitter } from "./events/emitter.ts";
import { headFailureNotice } from "./events/head-fallback.ts";

/** The tag a container runs and the newest its tag policy allows (the same under `digest`). */
export interface TagState {
  current: string;
  latest: string;
  /** The reference to re-create from: the container's own, or the newest tag's. */
  ref: string;
}

export type Staleness = (
  | { kind: "checked"; stale: boolean; latestImageId: string; pulled: boolean }
  | { kind: "pinned"; note: string; skip: boolean }
  | { kind: "error"; error: string }
) & { tags?: TagState };

/** Checks (and pulls) `ref` once per session; `repoDigests` are its local image's, to spare an unchanged pull. */
export type Puller = (ref: string, repoDigests: readonly string[]) => Promise<boolean>;

export interface StalenessDeps {
  docker: DockerClient;
  registry?: RegistryService | undefined;
  log: Logger;
  /** The session's events: pulls, and the registry's HEAD failures. */
  events: SessionEmitter;
  signal?: AbortSignal | undefined;
  pullTimeoutMs?: number;
  /** Times the progress lines of long pulls. */
  clock?: Clock;
  /** Default PULLS_PER_HOST. */
  pullsPerHost?: number;
  /** The session's memo of the images the references resolve to (after their pull), one inspect per reference. */
  latestImage?: (ref: string) => Promise<ImageInspect>;
}

/** One inspect per reference for a session: its containers share the pull, so they share its image too. */
export function createLatestImages(deps: StalenessDeps): (ref: string) => Promise<ImageInspect> {
  const images = new Map<string, Promise<ImageInspect>>();
  return (ref) => {
    const key = referenceKey(ref);
    let image = images.get(key);
    if (image === undefined) {
      image = deps.docker.inspectImage(ref, {
        ...(deps.signal && { signal: deps.signal }),
        timeoutMs: 30_000,
      });
      images.set(key, image);
    }
    return image;
  };
}

/** Pulls of different references from one registry host that run at once. */
export const PULLS_PER_HOST = 4;

/**
 * Shares one check-and-pull per reference (its canonical spelling) within a session. Digest
 * checks run concurrently (the registry service bounds them, and its session memo asks each
 * reference once); pulls of different references run side by side too, at most
 * PULLS_PER_HOST per registry host, so detecting K new images costs about one pull's time while
 * a large host still does not hammer one registry with layer downloads.
 */
export function createPuller(deps: StalenessDeps): Puller {
  const pulls = new Map<string, Promise<boolean>>();
  const hostLimits = new Map<string, Limiter>();

  const digestUnchanged = async (ref: string, repoDigests: readonly string[]): Promise<boolean> => {
    if (deps.registry === undefined) return false;
    const check = await deps.registry.checkDigest(ref, repoDigests, deps.signal);
    if (check.kind === "match") {
      const fields = { image: ref };
      deps.events.emit({
        type: "notice",
        code: "digest-unchanged",
        level: "debug",
        message: "Digest unchanged, skipping pull",
        fields,
      });
      return true;
    }
    headFailureNotice(deps.events, check);
    return false;
  };

  const pullNow = async (ref: string): Promise<void> => {
    const registryAuth = await deps.registry?.registryAuth(ref);
    deps.events.emit({ type: "image-pull-started", image: ref });
    const progress = pullProgressReporter(deps.log, ref, deps.clock ?? systemClock, undefined, deps.events);
    await deps.docker.pullImage(
      ref,
      { ...(registryAuth !== undefined && { registryAuth }), onProgress: progress.onProgress },
      { ...(deps.signal && { signal: deps.signal }), timeoutMs: deps.pullTimeoutMs ?? 600_000 },
    );
    progress.finished();
  };

  const checkAndPull = async (ref: string, repoDigests: readonly string[]): Promise<boolean> => {
    if (await digestUnchanged(ref, repoDigests)) return false;
    const host = ImageReference.tryParse(ref)?.domain ?? DOCKER_HUB;
    let limit = hostLimits.get(host);
    if (limit === undefined) {
      limit = createLimiter(deps.pullsPerHost ?? PULLS_PER_HOST);
      hostLimits.set(host, limit);
    }
    await limit.run(() => pullNow(ref));
    return true;
  };

  return (ref, repoDigests) => {
    const key = referenceKey(ref);
    let pull = pulls.get(key);
    if (pull === undefined) {
      pull = checkAndPull(ref, repoDigests);
      pulls.set(key, pull);
    }
    return pull;
  };
}

/**
 * Is `ref` (the container's own reference, or the newer tag its policy chose) a different image
 * from the one the container runs; a newer tag is always a change.
 */
export async function checkStaleness(
  deps: StalenessDeps,
  container: CheckSubject,
  noPull: boolean,
  pull: Puller,
  ref: string = container.imageName,
): Promise<Staleness> {
  const pinned = pinnedReason(ref);
  if (pinned !== undefined) {
    // A bare image ID has no reference to follow; a digest reference is simply always fresh.
    return { kind: "pinned", note: pinned, skip: pinned === PINNED.imageId };
  }
  if (container.image === undefined) {
    return { kind: "error", error: `the image ${container.imageId} could not be inspected` };
  }
  let pulled = false;
  if (!noPull) {
    try {
      // A newer tag's local image (if any) is not the container's: its digests are not known here.
      const own = ref === container.imageName;
      pulled = await pull(ref, own ? (container.image.RepoDigests ?? []) : []);
    } catch (error) {
      return { kind: "error", error: `pull of ${ref} failed: ${errorMessage(error)}` };
    }
  }
  try {
    // The memo is shared by the containers that waited for the reference's pull; a no-pull
    // container may come first, before that pull, so it asks for itself.
    // Listed by its own reference and nothing pulled: the reference still names its image.
    const known = !pulled && ref === container.imageName && container.listedByReference === true;
    const latest = known
      ? container.image
      : await (noPull || deps.latestImage === undefined ? createLatestImages(deps) : deps.latestImage)(ref);
    // "Found new image" is the container-checked event's (events/log-subscriber.ts).
    const stale = latest.Id !== container.imageId || ref !== container.imageName;
    return { kind: "checked", stale, latestImageId: latest.Id, pulled };
  } catch (error) {
    return {
      kind: "error",
      error: `the image ${ref} could not be inspected: ${errorMessage(error)}`,
    };
  }
}
