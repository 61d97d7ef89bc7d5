/**
 * @module Which tag a container should run under its tag policy: its own (the digest rule, a
 * digest-pinned reference, a tag that is not a version, no higher version), a newer one, or none
 * with a reason (an unusable label, a registry that does not list tags). Each repository's tags
 * are listed once per session, whatever the number of containers and policies.
 */
import type { CheckSubject } from "../../container/container.ts";
import { LABELS } from "../../container/labels.ts";
import type { RegistryService, TagList } from "../../registry/index.ts";
import { ImageReference } from "../../util/image-reference.ts";
import type { TagState } from "../staleness.ts";
import { selectTag } from "./select-tag.ts";
import { tagFilter } from "./tag-filters.ts";
import { containerTagPolicy, type SemverPolicy, type TagPolicy } from "./tag-policy.ts";
import { parseVersion } from "./version.ts";

export type TagTarget =
  /** `tags` is undefined for a reference without a tag (digest-pinned, an image ID). */
  | { kind: "follow"; tags: TagState | undefined }
  | { kind: "skip"; reason: string; tags: TagState | undefined };

export interface TagTargetDeps {
  registry?: RegistryService | undefined;
  signal?: AbortSignal | undefined;
  /** `--tag-policy`: the policy of containers without the label. */
  tagPolicy: TagPolicy;
}

/** What a container's reference and labels say its check asks of the registry, before any answer. */
type Route =
  /** Its own reference (`ref` undefined: no tag to follow, e.g. digest-pinned or an image ID). */
  | { kind: "own"; ref: undefined }
  | { kind: "own"; ref: ImageReference; tag: string }
  | { kind: "skip"; reason: string; ref: ImageReference; tag: string }
  | {
      kind: "versions";
      ref: ImageReference;
      tag: string;
      policy: SemverPolicy;
      accepts: (tag: string) => boolean;
    };

function route(
  imageRef: string,
  labels: Record<string, string>,
  tagPolicy: TagPolicy,
  noPull: boolean,
): Route {
  const ref = ImageReference.tryParse(imageRef);
  if (ref?.tag === undefined || ref.digest !== undefined) return { kind: "own", ref: undefined };
  const { tag } = ref;
  const policy = containerTagPolicy(labels, tagPolicy);
  if (!policy.ok) return { kind: "skip", reason: policy.reason, ref, tag };
  // A Zodiac label names the reference to follow and would still name the old tag after a move.
  const zodiac = labels[LABELS.zodiacImage] !== undefined;
  if (policy.policy === "digest" || zodiac || noPull || parseVersion(tag) === undefined) {
    return { kind: "own", ref, tag };
  }
  const filter = tagFilter(labels);
  if (!filter.ok) return { kind: "skip", reason: filter.reason, ref, tag };
  return { kind: "versions", ref, tag, policy: policy.policy, accepts: filter.accepts };
}

/**
 * Starts what the check of a container on `imageRef` will first ask the registry (its digest, or
 * its repository's tags), into the session's memo, from what the container list tells: the
 * answers are on their way while the containers are still being inspected.
 */
export function prefetchTarget(
  deps: TagTargetDeps,
  imageRef: string,
  labels: Record<string, string>,
  noPull: boolean,
): void {
  const { registry, signal } = deps;
  if (registry === undefined || noPull) return;
  const target = route(imageRef, labels, deps.tagPolicy, noPull);
  // The checks ask again and get these answers; a failure is theirs to tell.
  if (target.kind === "own") registry.checkDigest(imageRef, [], signal).catch(() => undefined);
  if (target.kind === "versions") registry.listTags(imageRef, signal).catch(() => undefined);
}

/**
 * A per-session chooser; its memo of tag lists lives as long as it does. With `noPull` the
 * registry is never asked, so the digest rule (a local comparison) applies.
 */
export function createTagTargets(
  deps: TagTargetDeps,
): (container: CheckSubject, noPull: boolean) => Promise<TagTarget> {
  const lists = new Map<string, Promise<TagList>>();
  const listOnce = (ref: ImageReference, imageRef: string, registry: RegistryService) => {
    const key = ref.repository;
    let list = lists.get(key);
    if (list === undefined) {
      list = registry.listTags(imageRef, deps.signal);
      lists.set(key, list);
    }
    return list;
  };

  return async (container, noPull) => {
    const imageRef = container.imageName;
    const target = route(imageRef, container.labels, deps.tagPolicy, noPull);
    if (target.ref === undefined) return { kind: "follow", tags: undefined };
    const { ref, tag } = target;
    const own: TagState = { current: tag, latest: tag, ref: imageRef };
    if (target.kind === "own") return { kind: "follow", tags: own };
    if (target.kind === "skip") return { kind: "skip", reason: target.reason, tags: own };
    if (deps.registry === undefined) {
      return { kind: "skip", reason: "tag policies need the registry client", tags: own };
    }
    const list = await listOnce(ref, imageRef, deps.registry);
    if (!list.ok) {
      return {
        kind: "skip",
        reason: `the tags of ${imageRef} could not be listed: ${list.reason}`,
        tags: own,
      };
    }
    const latest = selectTag(tag, list.tags, target.policy, target.accepts);
    if (latest === undefined) return { kind: "follow", tags: own };
    return { kind: "follow", tags: { current: tag, latest, ref: ref.withTag(latest).toString() } };
  };
}
