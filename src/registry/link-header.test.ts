import { describe, expect, it } from "vitest";
import { nextLink } from "./link-header.ts";

describe("nextLink", () => {
  it.each([
    [
      "distribution",
      '</v2/app/tags/list?last=1.2.3&n=100>; rel="next"',
      "/v2/app/tags/list?last=1.2.3&n=100",
    ],
    ["unquoted rel", "</v2/a/tags/list?last=x>; rel=next", "/v2/a/tags/list?last=x"],
    [
      "absolute URL",
      '<https://r.example/v2/a/tags/list?last=x>; rel="next"',
      "https://r.example/v2/a/tags/list?last=x",
    ],
    [
      "next among others",
      '</v2/a/tags/list?n=1>; rel="prev", </v2/a/tags/list?last=b>; rel="next"',
      "/v2/a/tags/list?last=b",
    ],
    ["several rel values", '</p2>; title="x"; rel="last next"', "/p2"],
    ["case-insensitive", '</p2>; REL="Next"', "/p2"],
    ["only prev", '</p0>; rel="prev"', undefined],
    ["no link", "", undefined],
    ["absent", undefined, undefined],
    ["malformed", "rel=next", undefined],
  ])("%s", (_name, value, expected) => {
    expect(nextLink(value)).toBe(expected);
  });
});
