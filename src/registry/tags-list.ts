/**
 * @module Every tag of a repository: `GET /v2/<name>/tags/list`, following `Link: <…>; rel="next"`
 * pagination (distribution spec, "Listing Tags") on the same host, authorized as the digest check
 * is (same credentials and token cache, scope `pull`).
 */
import { z } from "zod";
import { errorMessage } from "../util/errors.ts";
import { authorizedRequest, type AuthorizedDeps } from "./authorized-request.ts";
import type { Credentials } from "./credentials.ts";
import { header } from "./http.ts";
import { nextLink } from "./link-header.ts";
import type { ImageReference } from "../util/image-reference.ts";
import { apiHost } from "./hosts.ts";
import type { TagList } from "./types.ts";

/** A tags-list page; `tags` is null on some registries for an empty repository. */
export const TagsPage = z.object({
  name: z.string().optional(),
  tags: z.array(z.string()).nullable().optional(),
});
export type TagsPage = z.infer<typeof TagsPage>;

/** Pages followed at most: a registry answering `next` for ever must not hold a session. */
export const MAX_TAG_PAGES = 100;

/** The tags of `ref`'s repository; trouble is a reason, never an exception. */
export async function listTags(
  deps: AuthorizedDeps,
  ref: ImageReference,
  credentials: Credentials | undefined,
  signal?: AbortSignal,
): Promise<TagList> {
  const host = apiHost(ref.domain);
  const tags: string[] = [];
  let path: string | undefined = `/v2/${ref.path}/tags/list`;
  try {
    for (let page = 0; path !== undefined; page++) {
      if (page >= MAX_TAG_PAGES) {
        return {
          ok: false,
          reason: `${host} paginates the tags of ${ref.path} beyond ${MAX_TAG_PAGES} pages`,
        };
      }
      const { response } = await authorizedRequest(deps, host, ref.path, path, credentials, {
        method: "GET",
        headers: { accept: "application/json" },
        signal,
      });
      if (response.status !== 200) return { ok: false, reason: statusReason(host, ref, response.status) };
      const parsed = TagsPage.safeParse(parseJson(response.body));
      if (!parsed.success) return { ok: false, reason: `${host} sent an invalid tag list for ${ref.path}` };
      tags.push(...(parsed.data.tags ?? []));
      path = samePath(host, nextLink(header(response, "link")));
    }
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
  return { ok: true, tags };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * The path and query of a next link on `host`; a link to another host is not followed (the
 * credentials belong to this one), which ends the list there.
 */
function samePath(host: string, link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  const url = new URL(link, `https://${host}`);
  return url.host === host ? `${url.pathname}${url.search}` : undefined;
}

function statusReason(host: string, ref: ImageReference, status: number): string {
  if (status === 401 || status === 403) {
    return `${host} does not allow listing the tags of ${ref.path} (${status})`;
  }
  if (status === 404) return `${host} has no tag list for ${ref.path} (404)`;
  if (status === 429) return `${host} rate limit exceeded (429)`;
  return `${host} answered the tag list of ${ref.path} with ${status}`;
}
