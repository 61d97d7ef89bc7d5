import { describe, expect, it } from "vitest";
import {
  DISTRIBUTION_EVENTS_TYPE,
  parsePushPayload,
  PushPayloadError,
  type PushPayload,
} from "./push-payload.ts";

const DIGEST = "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf";
const MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

/** One event as distribution 2.8 marshals it (omitempty fields left out when empty). */
function event(
  action: string,
  target: { mediaType?: string; repository?: string; tag?: string; url?: string },
  host: string | null = "registry.example.com:5000",
): Record<string, unknown> {
  return {
    id: "320678d8-ca14-430f-8bb6-4ca139cd83f7",
    timestamp: "2026-03-09T14:44:26.402973972Z",
    action,
    target: { size: 708, digest: DIGEST, length: 708, ...target },
    request: {
      id: "6df2",
      addr: "10.0.0.7:42961",
      method: "PUT",
      useragent: "docker/27.5",
      ...(host === null ? {} : { host }),
    },
    actor: {},
    source: { addr: "registry:5000", instanceID: "a53db899" },
  };
}

const envelope = (...events: Record<string, unknown>[]): string => JSON.stringify({ events });

const HUB = JSON.stringify({
  callback_url: "https://registry.hub.docker.com/u/acme/web/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/",
  push_data: { pushed_at: 1417566161, pusher: "trustedbuilder", tag: "1.4.0" },
  repository: {
    is_private: true,
    name: "web",
    namespace: "acme",
    owner: "acme",
    repo_name: "acme/web",
    repo_url: "https://registry.hub.docker.com/u/acme/web/",
    status: "Active",
  },
});

type Expected = Pick<PushPayload, "source" | "images"> & { ignored: string[] };

describe("parsePushPayload", () => {
  it.each<[string, string | undefined, string, Expected]>([
    [
      "a distribution manifest push with a tag",
      DISTRIBUTION_EVENTS_TYPE,
      envelope(event("push", { mediaType: MANIFEST_V2, repository: "acme/app", tag: "latest" })),
      { source: "distribution", images: ["registry.example.com:5000/acme/app:latest"], ignored: [] },
    ],
    [
      "a push whose target.url names another host (the registry's http.host): both hosts",
      DISTRIBUTION_EVENTS_TYPE,
      envelope(
        event(
          "push",
          {
            mediaType: "application/vnd.oci.image.index.v1+json",
            repository: "app",
            tag: "v2",
            url: `https://Registry.Internal/v2/app/manifests/${DIGEST}`,
          },
          "LOCALHOST:5000",
        ),
      ),
      { source: "distribution", images: ["registry.internal/app:v2", "localhost:5000/app:v2"], ignored: [] },
    ],
    [
      "a push with only target.url for the host",
      `${DISTRIBUTION_EVENTS_TYPE}; charset=utf-8`,
      envelope(
        event(
          "push",
          { repository: "app", tag: "1.0", url: `http://127.0.0.1:5000/v2/app/manifests/${DIGEST}` },
          null,
        ),
      ),
      { source: "distribution", images: ["127.0.0.1:5000/app:1.0"], ignored: [] },
    ],
    [
      "a manifest push by digest (no tag)",
      DISTRIBUTION_EVENTS_TYPE,
      envelope(event("push", { mediaType: "application/vnd.oci.image.manifest.v1+json", repository: "app" })),
      { source: "distribution", images: [], ignored: ["no tag"] },
    ],
    [
      "pulls",
      DISTRIBUTION_EVENTS_TYPE,
      envelope(
        event("pull", { mediaType: MANIFEST_V2, repository: "app", tag: "latest" }),
        event("pull", { mediaType: "application/octet-stream", repository: "app" }),
      ),
      { source: "distribution", images: [], ignored: ["not a push", "not a push"] },
    ],
    [
      "blob pushes (layer and config) and a mount",
      DISTRIBUTION_EVENTS_TYPE,
      envelope(
        event("push", { mediaType: "application/octet-stream", repository: "app" }),
        event("push", { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", repository: "app" }),
        event("push", { mediaType: "application/vnd.docker.container.image.v1+json", repository: "app" }),
        event("mount", { mediaType: "application/octet-stream", repository: "app" }),
      ),
      {
        source: "distribution",
        images: [],
        ignored: ["not a manifest", "not a manifest", "not a manifest", "not a push"],
      },
    ],
    [
      "a batch of blobs, a delete and two pushes of one tag (deduplicated)",
      "application/json",
      envelope(
        event("push", { mediaType: "application/octet-stream", repository: "app" }),
        event("push", { mediaType: MANIFEST_V2, repository: "app", tag: "latest" }),
        event("delete", { repository: "app", tag: "old" }),
        event("push", { mediaType: MANIFEST_V2, repository: "app", tag: "latest" }),
      ),
      {
        source: "distribution",
        images: ["registry.example.com:5000/app:latest"],
        ignored: ["not a manifest", "not a push"],
      },
    ],
    [
      "a push without any host or with an invalid repository",
      DISTRIBUTION_EVENTS_TYPE,
      envelope(
        event("push", { mediaType: MANIFEST_V2, repository: "app", tag: "latest" }, ""),
        event("push", { mediaType: MANIFEST_V2, repository: "App/UPPER", tag: "latest" }),
        event("push", { mediaType: MANIFEST_V2, tag: "latest" }),
      ),
      {
        source: "distribution",
        images: [],
        ignored: ["no registry host", "invalid image reference", "no repository"],
      },
    ],
    [
      "an empty envelope",
      DISTRIBUTION_EVENTS_TYPE,
      envelope(),
      { source: "distribution", images: [], ignored: [] },
    ],
    [
      "a Docker Hub webhook",
      "application/json",
      HUB,
      { source: "dockerhub", images: ["docker.io/acme/web:1.4.0"], ignored: [] },
    ],
    [
      "a Docker Hub webhook of an official image",
      "Application/JSON",
      JSON.stringify({ push_data: { tag: "1.27" }, repository: { repo_name: "nginx" } }),
      { source: "dockerhub", images: ["docker.io/library/nginx:1.27"], ignored: [] },
    ],
    [
      "a Docker Hub webhook without a tag",
      "application/json",
      JSON.stringify({ push_data: { tag: "" }, repository: { repo_name: "acme/web" } }),
      { source: "dockerhub", images: [], ignored: ["no tag"] },
    ],
  ])("reads %s", (_, contentType, body, expected) => {
    const payload = parsePushPayload(contentType, body);
    expect({
      source: payload.source,
      images: payload.images,
      ignored: payload.ignored.map((entry) => entry.reason),
    }).toEqual(expected);
  });

  it("keeps the pushed repository and tag with each image, and what it ignored", () => {
    const payload = parsePushPayload(
      DISTRIBUTION_EVENTS_TYPE,
      envelope(
        event("push", { mediaType: MANIFEST_V2, repository: "acme/app", tag: "2.0" }),
        event("pull", { mediaType: MANIFEST_V2, repository: "acme/app", tag: "2.0" }),
      ),
    );
    expect(payload.pushes).toEqual([
      { image: "registry.example.com:5000/acme/app:2.0", repository: "acme/app", tag: "2.0" },
    ]);
    expect(payload.ignored).toEqual([
      { reason: "not a push", action: "pull", repository: "acme/app", mediaType: MANIFEST_V2 },
    ]);
  });

  it.each<[string, string | undefined, string, string, RegExp]>([
    ["no content type", undefined, envelope(), "API_MEDIA_TYPE", /unsupported content type/],
    ["text/plain", "text/plain", envelope(), "API_MEDIA_TYPE", /unsupported content type/],
    ["a form", "application/x-www-form-urlencoded", "a=b", "API_MEDIA_TYPE", /content type/],
    ["garbage", "application/json", "not json {", "API_BODY", /not JSON/],
    ["an empty body", DISTRIBUTION_EVENTS_TYPE, "", "API_BODY", /not JSON/],
    ["a JSON array", "application/json", "[]", "API_BODY", /neither/],
    ["an unknown object", "application/json", '{"hello":"world"}', "API_BODY", /neither/],
    ["events not an array", DISTRIBUTION_EVENTS_TYPE, '{"events":{}}', "API_BODY", /events/],
    ["an envelope without events", DISTRIBUTION_EVENTS_TYPE, "{}", "API_BODY", /events/],
    [
      "an event target of the wrong type",
      "application/json",
      '{"events":[{"target":7}]}',
      "API_BODY",
      /target/,
    ],
    [
      "Docker Hub without repository",
      "application/json",
      '{"push_data":{"tag":"x"}}',
      "API_BODY",
      /repository/,
    ],
    [
      "Docker Hub with an invalid repository",
      "application/json",
      '{"push_data":{"tag":"x"},"repository":{"repo_name":"Bad Name"}}',
      "API_BODY",
      /invalid repository/,
    ],
  ])("refuses %s", (_, contentType, body, code, message) => {
    let thrown: unknown;
    try {
      parsePushPayload(contentType, body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PushPayloadError);
    expect((thrown as PushPayloadError).code).toBe(code);
    expect((thrown as PushPayloadError).message).toMatch(message);
  });
});
