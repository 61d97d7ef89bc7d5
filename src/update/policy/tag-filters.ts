/**
 * @module `bosun.tag-include` / `bosun.tag-exclude`: regular expressions (JavaScript syntax,
 * unanchored: write `^…$` to match whole tags) a candidate tag must match / must not match.
 */
import { errorMessage } from "../../util/errors.ts";
import { TAG_LABELS } from "./tag-policy.ts";

export type TagFilter = { ok: true; accepts: (tag: string) => boolean } | { ok: false; reason: string };

type Compiled = { ok: true; regex: RegExp | undefined } | { ok: false; reason: string };

function compile(labels: Record<string, string>, label: string): Compiled {
  const source = labels[label];
  if (source === undefined || source === "") return { ok: true, regex: undefined };
  try {
    return { ok: true, regex: new RegExp(source) };
  } catch (error) {
    return { ok: false, reason: `label ${label} is not a valid regular expression: ${errorMessage(error)}` };
  }
}

/** The container's candidate filter, or why one of its labels is unusable. */
export function tagFilter(labels: Record<string, string>): TagFilter {
  const include = compile(labels, TAG_LABELS.include);
  if (!include.ok) return include;
  const exclude = compile(labels, TAG_LABELS.exclude);
  if (!exclude.ok) return exclude;
  return {
    ok: true,
    accepts: (tag) =>
      (include.regex === undefined || include.regex.test(tag)) &&
      (exclude.regex === undefined || !exclude.regex.test(tag)),
  };
}
