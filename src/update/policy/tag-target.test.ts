import { describe, expect, it } from "vitest";
import { makeContainer, type Container } from "../../container/container.ts";
import type { ContainerInspect } from "../../docker/types.ts";
import type { RegistryService, TagList } from "../../registry/index.ts";
import { createTagTargets, withTag } from "./tag-target.ts";
import type { TagPolicy } from "./tag-policy.ts";

const TAGS = ["latest", "1.2.3", "1.2.4", "1.3.0", "2.0.0", "1.3.0-alpine", "1.4.0-rc1"];

function container(image: string, labels: Record<string, string> = {}): Container {
  const inspect = {
    Id: "c".repeat(64),
    Name: "/app",
    Image: `sha256:${"1".repeat(64)}`,
    Config: { Image: image, Labels: labels },
  } as ContainerInspect;
  return makeContainer(inspect, undefined, "bridge");
}

function fakeRegistry(list: TagList = { ok: true, tags: TAGS }) {
  const asked: string[] = [];
  const registry: RegistryService = {
    checkDigest: () => Promise.reject(new Error("unused")),
    registryAuth: () => Promise.resolve(undefined),
    listTags: (imageRef) => {
      asked.push(imageRef);
      return Promise.resolve(list);
    },
  };
  return { registry, asked };
}

const targets = (registry: RegistryService, tagPolicy: TagPolicy = "digest") =>
  createTagTargets({ registry, tagPolicy });

describe("createTagTargets", () => {
  it.each<[string, string, Record<string, string>, TagPolicy, unknown, number]>([
    [
      "digest policy keeps the tag without listing",
      "127.0.0.1:5000/app:1.2.3",
      {},
      "digest",
      { kind: "follow", tags: { current: "1.2.3", latest: "1.2.3", ref: "127.0.0.1:5000/app:1.2.3" } },
      0,
    ],
    [
      "semver:minor from --tag-policy",
      "127.0.0.1:5000/app:1.2.3",
      {},
      "semver:minor",
      { kind: "follow", tags: { current: "1.2.3", latest: "1.3.0", ref: "127.0.0.1:5000/app:1.3.0" } },
      1,
    ],
    [
      "the label overrides --tag-policy",
      "127.0.0.1:5000/app:1.2.3",
      { "bosun.tag-policy": "semver:major" },
      "semver:patch",
      { kind: "follow", tags: { current: "1.2.3", latest: "2.0.0", ref: "127.0.0.1:5000/app:2.0.0" } },
      1,
    ],
    [
      "no higher version keeps the tag",
      "127.0.0.1:5000/app:2.0.0",
      {},
      "semver:major",
      { kind: "follow", tags: { current: "2.0.0", latest: "2.0.0", ref: "127.0.0.1:5000/app:2.0.0" } },
      1,
    ],
    [
      "a tag that is not a version keeps the digest rule without listing",
      "127.0.0.1:5000/app",
      {},
      "semver:major",
      { kind: "follow", tags: { current: "latest", latest: "latest", ref: "127.0.0.1:5000/app:latest" } },
      0,
    ],
    [
      "a Zodiac original-image label keeps the digest rule",
      "127.0.0.1:5000/app:1.2.3",
      { "com.centurylinklabs.zodiac.original-image": "127.0.0.1:5000/app:1.2.3" },
      "semver:major",
      { kind: "follow", tags: { current: "1.2.3", latest: "1.2.3", ref: "127.0.0.1:5000/app:1.2.3" } },
      0,
    ],
    [
      "a digest-pinned reference has no tag",
      `127.0.0.1:5000/app@sha256:${"2".repeat(64)}`,
      {},
      "semver:major",
      { kind: "follow", tags: undefined },
      0,
    ],
    [
      "a bad include regex is a skip without listing",
      "127.0.0.1:5000/app:1.2.3",
      { "bosun.tag-include": "(" },
      "semver:major",
      {
        kind: "skip",
        reason: expect.stringMatching(
          /^label bosun\.tag-include is not a valid regular expression/,
        ) as unknown,
        tags: { current: "1.2.3", latest: "1.2.3", ref: "127.0.0.1:5000/app:1.2.3" },
      },
      0,
    ],
    [
      "a bad policy label is a skip",
      "127.0.0.1:5000/app:1.2.3",
      { "bosun.tag-policy": "newest" },
      "digest",
      {
        kind: "skip",
        reason: expect.stringMatching(/^label bosun\.tag-policy="newest" is not one of/) as unknown,
        tags: { current: "1.2.3", latest: "1.2.3", ref: "127.0.0.1:5000/app:1.2.3" },
      },
      0,
    ],
  ])("%s", async (_name, image, labels, policy, expected, lists) => {
    const { registry, asked } = fakeRegistry();
    expect(await targets(registry, policy)(container(image, labels))).toEqual(expected);
    expect(asked).toHaveLength(lists);
  });

  it("lists each repository once per session, whatever the containers and policies", async () => {
    const { registry, asked } = fakeRegistry();
    const choose = targets(registry, "semver:minor");
    const results = await Promise.all([
      choose(container("127.0.0.1:5000/app:1.2.3")),
      choose(container("127.0.0.1:5000/app:1.2.4", { "bosun.tag-policy": "semver:patch" })),
      choose(container("127.0.0.1:5000/app:1.2.3", { "bosun.tag-policy": "semver:major" })),
      choose(container("127.0.0.1:5000/other:1.2.3")),
    ]);
    expect(results.map((result) => result.tags?.latest)).toEqual(["1.3.0", "1.2.4", "2.0.0", "1.3.0"]);
    expect(asked).toEqual(["127.0.0.1:5000/app:1.2.3", "127.0.0.1:5000/other:1.2.3"]);
    await targets(registry, "semver:minor")(container("127.0.0.1:5000/app:1.2.3"));
    expect(asked).toHaveLength(3);
  });

  it("a registry that refuses listing is a skip naming the reason", async () => {
    const { registry } = fakeRegistry({
      ok: false,
      reason: "127.0.0.1:5000 does not allow listing the tags of app (403)",
    });
    expect(await targets(registry, "semver:minor")(container("127.0.0.1:5000/app:1.2.3"))).toEqual({
      kind: "skip",
      reason:
        "the tags of 127.0.0.1:5000/app:1.2.3 could not be listed: 127.0.0.1:5000 does not allow listing the tags of app (403)",
      tags: { current: "1.2.3", latest: "1.2.3", ref: "127.0.0.1:5000/app:1.2.3" },
    });
  });
});

describe("withTag", () => {
  it.each([
    ["127.0.0.1:5000/app:1.2.3", "1.3.0", "127.0.0.1:5000/app:1.3.0"],
    ["nginx:1.25", "1.27", "nginx:1.27"],
    ["localhost:5000/team/app", "2.0", "localhost:5000/team/app:2.0"],
  ])("%s with %s", (ref, tag, expected) => {
    expect(withTag(ref, tag)).toBe(expected);
  });
});
