/**
 * @module The tag policies a container may follow, from `bosun.tag-policy` or `--tag-policy`:
 * `digest` (Watchtower's rule: the same tag, a new digest) or `semver:patch|minor|major` (the
 * highest version of the same shape the bound allows).
 */
import type { TagPolicySetting } from "../../config/types.ts";

export const TAG_POLICIES = [
  "digest",
  "semver:patch",
  "semver:minor",
  "semver:major",
] as const satisfies readonly TagPolicySetting[];
export type TagPolicy = (typeof TAG_POLICIES)[number];
export type SemverPolicy = Exclude<TagPolicy, "digest">;

/** Bosun's labels for tag policies (Watchtower has none). */
export const TAG_LABELS = {
  policy: "bosun.tag-policy",
  include: "bosun.tag-include",
  exclude: "bosun.tag-exclude",
} as const;

export type PolicyChoice = { ok: true; policy: TagPolicy } | { ok: false; reason: string };

/** The label's policy (case-insensitive, surrounding spaces ignored), else `fallback`. */
export function containerTagPolicy(labels: Record<string, string>, fallback: TagPolicy): PolicyChoice {
  const raw = labels[TAG_LABELS.policy];
  if (raw === undefined || raw.trim() === "") return { ok: true, policy: fallback };
  const value = raw.trim().toLowerCase();
  const policy = TAG_POLICIES.find((name) => name === value);
  if (policy === undefined) {
    return {
      ok: false,
      reason: `label ${TAG_LABELS.policy}="${raw}" is not one of ${TAG_POLICIES.join(", ")}`,
    };
  }
  return { ok: true, policy };
}
