/**
 * @module The update policy seam: per container, what to update to and whether that is a change.
 * Today's rules: `digest` (the same tag, a new image, as Watchtower) and the semver tag policies
 * (a newer tag). The engine asks `check` once per container and knows nothing of tags.
 */
import type { Logger } from "pino";
import type { Container } from "../../container/container.ts";
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
import { createTagTargets } from "./tag-target.ts";

export interface UpdatePolicyDeps {
  docker: DockerClient;
  registry?: RegistryService | undefined;
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
export type ContainerCheck = (container: Container, options: CheckOptions) => Promise<Staleness>;

export interface UpdatePolicy {
  /** The checks of one update session: pulls and tag lists are shared within it. */
  session(signal: AbortSignal | undefined, events: SessionEmitter): ContainerCheck;
}

export function createUpdatePolicy(deps: UpdatePolicyDeps): UpdatePolicy {
  // Lives as long as the engine, so the caveat is said once per container per process.
  const composeCaveat = createComposeCaveat();
  return {
    session(signal, events) {
      const shared: StalenessDeps = {
        docker: deps.docker,
        registry: deps.registry,
        log: deps.log,
        events,
        signal,
        ...(deps.clock !== undefined && { clock: deps.clock }),
      };
      const staleness: StalenessDeps = { ...shared, latestImage: createLatestImages(shared) };
      const pull = createPuller(staleness);
      const target = createTagTargets({ registry: deps.registry, signal, tagPolicy: deps.tagPolicy });
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
            latestImageId: container.inspect.Image,
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
