/**
 * @module Which tag a semver policy moves a container to: among the repository's tags, those of
 * the current tag's shape (see version.ts), releases only unless the current tag is a pre-release,
 * within the policy's bound and accepted by the filters; the highest above the current one.
 */
import type { SemverPolicy } from "./tag-policy.ts";
import { compareVersions, parseVersion, sameShape, type TagVersion } from "./version.ts";

/** How many leading release numbers must stay equal under each policy. */
const FIXED: Readonly<Record<SemverPolicy, number>> = {
  "semver:patch": 2,
  "semver:minor": 1,
  "semver:major": 0,
};

function withinBound(current: TagVersion, candidate: TagVersion, policy: SemverPolicy): boolean {
  return current.release.slice(0, FIXED[policy]).every((value, i) => candidate.release[i] === value);
}

/**
 * The tag to move to, or undefined when none is higher (or `current` is not a version).
 * `accepts` is the include/exclude filter.
 */
export function selectTag(
  current: string,
  tags: readonly string[],
  policy: SemverPolicy,
  accepts: (tag: string) => boolean = () => true,
): string | undefined {
  const base = parseVersion(current);
  if (base === undefined) return undefined;
  let best: TagVersion | undefined;
  for (const tag of tags) {
    const candidate = parseVersion(tag);
    if (candidate === undefined || !sameShape(base, candidate)) continue;
    if (candidate.prerelease !== undefined && base.prerelease === undefined) continue;
    if (!withinBound(base, candidate, policy) || compareVersions(candidate, base) <= 0) continue;
    if (!accepts(tag)) continue;
    if (best === undefined || compareVersions(candidate, best) > 0) best = candidate;
  }
  return best?.tag;
}
