import { describe, expect, it } from "vitest";
import type { Authorizer } from "./auth.ts";
import type { HttpResponse, RegistryHttp } from "./http.ts";
import { ImageReference } from "../util/image-reference.ts";
import { listTags, MAX_TAG_PAGES } from "./tags-list.ts";
import type { TokenStore } from "./token-cache.ts";

type Page = { status?: number; body?: unknown; link?: string };

/** A registry answering `pages[path]` (path with query), recording every path asked. */
function fakeDeps(pages: Record<string, Page> | ((path: string) => Page)) {
  const asked: string[] = [];
  const http: RegistryHttp = {
    registry(_host, path) {
      asked.push(path);
      const page = typeof pages === "function" ? pages(path) : (pages[path] ?? { status: 404 });
      const response: HttpResponse = {
        status: page.status ?? 200,
        headers: page.link === undefined ? {} : { link: page.link },
        body: typeof page.body === "string" ? page.body : JSON.stringify(page.body ?? {}),
        url: path,
      };
      return Promise.resolve(response);
    },
    url: () => Promise.reject(new Error("no token server")),
  };
  const authorizer: Authorizer = { authorize: () => Promise.resolve({ header: undefined }) };
  const tokens: TokenStore = {
    get: () => Promise.reject(new Error("unused")),
    invalidate: () => Promise.resolve(),
  };
  return { deps: { http, authorizer, tokens }, asked };
}

const REF = ImageReference.parse("127.0.0.1:5000/team/app:1.2.3");
const FIRST = "/v2/team/app/tags/list";

describe("listTags", () => {
  it("follows Link pagination to the end, one request per page", async () => {
    const { deps, asked } = fakeDeps({
      [FIRST]: {
        body: { name: "team/app", tags: ["1.2.3", "1.2.4"] },
        link: `<${FIRST}?last=1.2.4&n=2>; rel="next"`,
      },
      [`${FIRST}?last=1.2.4&n=2`]: {
        body: { name: "team/app", tags: ["1.3.0", "latest"] },
        link: `<http://127.0.0.1:5000${FIRST}?last=latest&n=2>; rel="next"`,
      },
      [`${FIRST}?last=latest&n=2`]: { body: { name: "team/app", tags: null } },
    });
    expect(await listTags(deps, REF, undefined)).toEqual({
      ok: true,
      tags: ["1.2.3", "1.2.4", "1.3.0", "latest"],
    });
    expect(asked).toEqual([FIRST, `${FIRST}?last=1.2.4&n=2`, `${FIRST}?last=latest&n=2`]);
  });

  it("does not follow a next link to another host", async () => {
    const { deps, asked } = fakeDeps({
      [FIRST]: { body: { tags: ["1"] }, link: `<https://elsewhere.example${FIRST}?last=1>; rel="next"` },
    });
    expect(await listTags(deps, REF, undefined)).toEqual({ ok: true, tags: ["1"] });
    expect(asked).toEqual([FIRST]);
  });

  it("stops a registry that paginates for ever", async () => {
    const { deps, asked } = fakeDeps((path) => ({
      body: { tags: [path] },
      link: `<${FIRST}?last=${asked.length}>; rel="next"`,
    }));
    const result = await listTags(deps, REF, undefined);
    expect(result).toEqual({
      ok: false,
      reason: `127.0.0.1:5000 paginates the tags of team/app beyond ${MAX_TAG_PAGES} pages`,
    });
    expect(asked).toHaveLength(MAX_TAG_PAGES);
  });

  it.each([
    [401, "127.0.0.1:5000 does not allow listing the tags of team/app (401)"],
    [403, "127.0.0.1:5000 does not allow listing the tags of team/app (403)"],
    [404, "127.0.0.1:5000 has no tag list for team/app (404)"],
    [500, "127.0.0.1:5000 answered the tag list of team/app with 500"],
  ])("a %i is a reason", async (status, reason) => {
    const { deps } = fakeDeps({ [FIRST]: { status } });
    expect(await listTags(deps, REF, undefined)).toEqual({ ok: false, reason });
  });

  it.each([
    ["not JSON", "<html>"],
    ["tags not a list", { tags: "1.0" }],
  ])("an invalid body (%s) is a reason", async (_name, body) => {
    const { deps } = fakeDeps({ [FIRST]: { body } });
    expect(await listTags(deps, REF, undefined)).toEqual({
      ok: false,
      reason: "127.0.0.1:5000 sent an invalid tag list for team/app",
    });
  });
});
