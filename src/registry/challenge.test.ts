import { describe, expect, it } from "vitest";
import { parseWwwAuthenticate } from "./challenge.ts";

describe("parseWwwAuthenticate", () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
      [
        {
          scheme: "bearer",
          params: { realm: "https://auth.docker.io/token", service: "registry.docker.io" },
        },
      ],
    ],
    [
      'BEARER Realm="https://ghcr.io/token", Service="ghcr.io", Scope="repository:o/r:pull"',
      [
        {
          scheme: "bearer",
          params: { realm: "https://ghcr.io/token", service: "ghcr.io", scope: "repository:o/r:pull" },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: "basic", params: { realm: "Registry Realm" } }]],
    [
      'Bearer realm="https://x/token",scope="repository:a:pull,push",error="insufficient_scope"',
      [
        {
          scheme: "bearer",
          params: { realm: "https://x/token", scope: "repository:a:pull,push", error: "insufficient_scope" },
        },
      ],
    ],
    [
      'Bearer realm="https://codeberg.org/v2/token",service="container_registry",scope="*", Basic realm="Gitea"',
      [
        {
          scheme: "bearer",
          params: { realm: "https://codeberg.org/v2/token", service: "container_registry", scope: "*" },
        },
        { scheme: "basic", params: { realm: "Gitea" } },
      ],
    ],
    [
      'Basic, Bearer realm="r"',
      [
        { scheme: "basic", params: {} },
        { scheme: "bearer", params: { realm: "r" } },
      ],
    ],
    [
      'Bearer realm="a \\"quoted\\" \\\\ value"',
      [{ scheme: "bearer", params: { realm: 'a "quoted" \\ value' } }],
    ],
    [
      "Bearer realm=https://t/token , service=svc",
      [{ scheme: "bearer", params: { realm: "https://t/token", service: "svc" } }],
    ],
    [
      "Basic dXNlcjpwYXNz==, Bearer realm=x",
      [
        { scheme: "basic", params: {} },
        { scheme: "bearer", params: { realm: "x" } },
      ],
    ],
    ["", []],
    ["Negotiate", [{ scheme: "negotiate", params: {} }]],
  ])("%s", (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });
});
