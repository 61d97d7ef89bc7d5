/**
 * @module Which tag a container should run under its tag policy: its own (the digest rule, a
 * digest-pinned reference, a tag that is not a version, no higher version), a newer one, or none
 * with a reason (an unusable label, a registry that does not list tags). Each repository's tags
 * are listed once per session, whatever the number of containers and policies.
 */
import type { Container } from "../../container/container.ts";
import { LABELS } from "../../container/labels.ts";
import type { RegistryService, TagList } from "../../registry/index.ts";
import { ImageReference } from "../../util/image-reference.ts";
import type { TagState } from "../staleness.ts";
import { selectTag } from "./select-tag.ts";
import { tagFilter } from "./tag-filters.ts";
import { containerTagPolicy, type TagPolicy } from "./tag-policy.ts";
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

/**
 * A per-session chooser; its memo of tag lists lives as long as it does. With `noPull` the
 * registry is never asked, so the digest rule (a local comparison) applies.
 */
export function createTagTargets(
  deps: TagTargetDeps,
): (container: Container, noPull: boolean) => Promise<TagTarget> {
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
    const ref = ImageReference.tryParse(imageRef);
    if (ref?.tag === undefined || ref.digest !== undefined) return { kind: "follow", tags: undefined };
    const own: TagState = { current: ref.tag, latest: ref.tag, ref: imageRef };
    const policy = containerTagPolicy(container.labels, deps.tagPolicy);
    if (!policy.ok) return { kind: "skip", reason: policy.reason, tags: own };
    // A Zodiac label names the reference to follow and would still name the old tag after a move.
    const zodiac = container.labels[LABELS.zodiacImage] !== undefined;
    if (policy.policy === "digest" || zodiac || noPull || parseVersion(ref.tag) === undefined) {
      return { kind: "follow", tags: own };
    }
    const filter = tagFilter(container.labels);
    if (!filter.ok) return { kind: "skip", reason: filter.reason, tags: own };
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
    const latest = selectTag(ref.tag, list.tags, policy.policy, filter.accepts);
    if (latest === undefined) return { kind: "follow", tags: own };
    return { kind: "follow", tags: { current: ref.tag, latest, ref: ref.withTag(latest).toString() } };
  };
}
