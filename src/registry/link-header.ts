/**
 * @module The `rel="next"` target of an RFC 8288 `Link` header, as registries paginate
 * `/v2/<name>/tags/list` (distribution spec, "Listing Tags"):
 * `Link: </v2/app/tags/list?last=1.2.3&n=100>; rel="next"`.
 */

const LINK = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
const REL_NEXT = /;\s*rel\s*=\s*"?([^";]*)"?/i;

/** The URL (as written: often relative) of the `rel="next"` link, or undefined. */
export function nextLink(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  for (const match of value.matchAll(LINK)) {
    const rel = REL_NEXT.exec(match[2] ?? "")?.[1];
    if (rel?.split(/\s+/).some((word) => word.toLowerCase() === "next") === true) return match[1];
  }
  return undefined;
}
