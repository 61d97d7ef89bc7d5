/**
 * @module The update policy seam: per container, what to update to and whether that is a change,
 * and how the update is verified. Today's rules: `digest` (the same tag, a new image, as
 * Watchtower) and the semver tag policies (a newer tag); verified by `started`, or healthy within
 * a window under `--auto-rollback`. The engine asks `check` once per container and `verification`
 * per container, and knows nothing of tags, labels or flags behind them.
 */
import type { Logger } from "pino";
import type { CheckSubject } from "../../container/container.ts";
import type { DockerClient } from "../../docker/types.ts";
import type { RegistryService } from "../../registry/index.ts";
import type { Clock } from "../../util/clock.ts";
import type { SessionEmitter } from "../events/emitter.ts";
import {
  checkStaleness,
  createLatestImages,
  createPuller,
  type Staleness,
  type StalenessDeps,
} from "../staleness.ts";
import { createComposeCaveat } from "./compose-caveat.ts";
import type { TagPolicy } from "./tag-policy.ts";
import { createTagTargets, prefetchTarget } from "./tag-target.ts";
import { verification, type RollbackFlags, type Verification } from "./verification.ts";

export interface UpdatePolicyDeps extends RollbackFlags {
  docker: DockerClient;
  log: Logger;
  clock?: Clock | undefined;
  /** `--tag-policy`: the policy of containers without a `bosun.tag-policy` label. */
  tagPolicy: TagPolicy;
}

export interface CheckOptions {
  noPull: boolean;
  monitorOnly: boolean;
}

/** Is a container stale under its policy, and on which reference. */
export type ContainerCheck = (container: CheckSubject, options: CheckOptions) => Promise<Staleness>;

export interface UpdatePolicy {
  /**
   * The checks of one update session over `registry`, the session's registry memo: pulls and tag
   * lists are shared within it.
   */
  session(
    registry: RegistryService | undefined,
    signal: AbortSignal | undefined,
    events: SessionEmitter,
  ): ContainerCheck;
  /**
   * Starts, into `registry` (the session's memo), what the check of a container will ask first,
   * from its listed reference and labels; the check itself comes once it is inspected.
   */
  prefetch(
    registry: RegistryService | undefined,
    signal: AbortSignal | undefined,
    listed: { imageName: string; labels: Record<string, string> },
    noPull: boolean,
  ): void;
  /** How the update of `container` is verified: its labels, else the flags. */
  verification(container: Pick<CheckSubject, "labels">): Verification;
}

export function createUpdatePolicy(deps: UpdatePolicyDeps): UpdatePolicy {
  // Lives as long as the engine, so the caveat is said once per container per process.
  const composeCaveat = createComposeCaveat();
  return {
    verification: (container) => verification(container.labels, deps),
    prefetch(registry, signal, listed, noPull) {
      const target = { registry, signal, tagPolicy: deps.tagPolicy };
      prefetchTarget(target, listed.imageName, listed.labels, noPull);
    },
    session(registry, signal, events) {
      const shared: StalenessDeps = {
        docker: deps.docker,
        registry,
        log: deps.log,
        events,
        signal,
        ...(deps.clock !== undefined && { clock: deps.clock }),
      };
      const staleness: StalenessDeps = { ...shared, latestImage: createLatestImages(shared) };
      const pull = createPuller(staleness);
      const target = createTagTargets({ registry, signal, tagPolicy: deps.tagPolicy });
      return async (container, { noPull, monitorOnly }) => {
        const choice = await target(container, noPull);
        const { tags } = choice;
        if (choice.kind === "skip") return { kind: "error", error: choice.reason, ...(tags && { tags }) };
        if (tags === undefined) return checkStaleness(staleness, container, noPull, pull);
        if (tags.latest === tags.current) {
          return { ...(await checkStaleness(staleness, container, noPull, pull)), tags };
        }
        // "Found newer tag" is the container-checked event's (events/log-subscriber.ts).
        // Monitor-only names the newer tag without pulling an image no container would use.
        if (monitorOnly) {
          return {
            kind: "checked",
            stale: true,
            latestImageId: container.imageId,
            pulled: false,
            tags,
          };
        }
        composeCaveat(container.name, container.labels, tags.current, tags.latest, events);
        return { ...(await checkStaleness(staleness, container, noPull, pull, tags.ref)), tags };
      };
    },
  };
}
