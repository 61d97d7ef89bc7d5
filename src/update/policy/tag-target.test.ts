import { describe, expect, it } from "vitest";
import { makeContainer, type Container } from "../../container/container.ts";
import type { ContainerInspect } from "../../docker/types.ts";
import type { RegistryService, TagList } from "../../registry/index.ts";
import { createTagTargets, prefetchTarget } from "./tag-target.ts";
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

const APP = "127.0.0.1:5000/app";
/** The tags of a container that keeps `tag`, and of one moving from `from` to `to`. */
const own = (tag: string) => ({ current: tag, latest: tag, ref: `${APP}:${tag}` });
const moved = (from: string, to: string) => ({ current: from, latest: to, ref: `${APP}:${to}` });
const skip = (reason: RegExp, tag: string) => ({
  kind: "skip",
  reason: expect.stringMatching(reason) as unknown,
  tags: own(tag),
});

describe("createTagTargets", () => {
  it.each<[string, string, Record<string, string>, TagPolicy, unknown, number]>([
    [
      "digest keeps the tag without listing",
      `${APP}:1.2.3`,
      {},
      "digest",
      { kind: "follow", tags: own("1.2.3") },
      0,
    ],
    [
      "semver:minor from --tag-policy",
      `${APP}:1.2.3`,
      {},
      "semver:minor",
      { kind: "follow", tags: moved("1.2.3", "1.3.0") },
      1,
    ],
    [
      "the label overrides --tag-policy",
      `${APP}:1.2.3`,
      { "bosun.tag-policy": "semver:major" },
      "semver:patch",
      { kind: "follow", tags: moved("1.2.3", "2.0.0") },
      1,
    ],
    [
      "no higher version keeps the tag",
      `${APP}:2.0.0`,
      {},
      "semver:major",
      { kind: "follow", tags: own("2.0.0") },
      1,
    ],
    [
      "a tag that is not a version: no listing",
      APP,
      {},
      "semver:major",
      { kind: "follow", tags: own("latest") },
      0,
    ],
    [
      "a Zodiac original-image label keeps the digest rule",
      `${APP}:1.2.3`,
      { "com.centurylinklabs.zodiac.original-image": `${APP}:1.2.3` },
      "semver:major",
      { kind: "follow", tags: own("1.2.3") },
      0,
    ],
    [
      "a digest-pinned reference has no tag",
      `${APP}@sha256:${"2".repeat(64)}`,
      {},
      "semver:major",
      { kind: "follow", tags: undefined },
      0,
    ],
    [
      "a bad include regex is a skip without listing",
      `${APP}:1.2.3`,
      { "bosun.tag-include": "(" },
      "semver:major",
      skip(/^label bosun\.tag-include is not a valid regular expression/, "1.2.3"),
      0,
    ],
    [
      "a bad policy label is a skip",
      `${APP}:1.2.3`,
      { "bosun.tag-policy": "newest" },
      "digest",
      skip(/^label bosun\.tag-policy="newest" is not one of/, "1.2.3"),
      0,
    ],
  ])("%s", async (_name, image, labels, policy, expected, lists) => {
    const { registry, asked } = fakeRegistry();
    expect(await targets(registry, policy)(container(image, labels), false)).toEqual(expected);
    expect(asked).toHaveLength(lists);
  });

  it("lists each repository once per session, whatever the containers and policies", async () => {
    const { registry, asked } = fakeRegistry();
    const choose = targets(registry, "semver:minor");
    const results = await Promise.all([
      choose(container("127.0.0.1:5000/app:1.2.3"), false),
      choose(container("127.0.0.1:5000/app:1.2.4", { "bosun.tag-policy": "semver:patch" }), false),
      choose(container("127.0.0.1:5000/app:1.2.3", { "bosun.tag-policy": "semver:major" }), false),
      choose(container("127.0.0.1:5000/other:1.2.3"), false),
    ]);
    expect(results.map((result) => result.tags?.latest)).toEqual(["1.3.0", "1.2.4", "2.0.0", "1.3.0"]);
    expect(asked).toEqual(["127.0.0.1:5000/app:1.2.3", "127.0.0.1:5000/other:1.2.3"]);
    await targets(registry, "semver:minor")(container("127.0.0.1:5000/app:1.2.3"), false);
    expect(asked).toHaveLength(3);
  });

  it("a registry that refuses listing is a skip naming the reason", async () => {
    const { registry } = fakeRegistry({
      ok: false,
      reason: "127.0.0.1:5000 does not allow listing the tags of app (403)",
    });
    expect(await targets(registry, "semver:minor")(container("127.0.0.1:5000/app:1.2.3"), false)).toEqual({
      kind: "skip",
      reason:
        "the tags of 127.0.0.1:5000/app:1.2.3 could not be listed: 127.0.0.1:5000 does not allow listing the tags of app (403)",
      tags: own("1.2.3"),
    });
  });

  it("no-pull never asks the registry: the digest rule applies", async () => {
    const { registry, asked } = fakeRegistry();
    const choose = targets(registry, "semver:major");
    expect(await choose(container(`${APP}:1.2.3`), true)).toEqual({ kind: "follow", tags: own("1.2.3") });
    expect(asked).toEqual([]);
  });
});

describe("prefetchTarget", () => {
  /** A registry that records what it was asked, by kind. */
  function recording() {
    const asked: string[] = [];
    const registry: RegistryService = {
      checkDigest: (imageRef) => {
        asked.push(`digest ${imageRef}`);
        return Promise.resolve({ kind: "match", remoteDigest: "sha256:0" });
      },
      registryAuth: () => Promise.resolve(undefined),
      listTags: (imageRef) => {
        asked.push(`tags ${imageRef}`);
        return Promise.resolve({ ok: true, tags: TAGS });
      },
    };
    return { registry, asked };
  }

  it.each<[string, string, Record<string, string>, TagPolicy, boolean, string[]]>([
    ["the digest policy asks the digest", `${APP}:1.2.3`, {}, "digest", false, [`digest ${APP}:1.2.3`]],
    [
      "a tag that is no version asks the digest",
      `${APP}:latest`,
      {},
      "semver:minor",
      false,
      [`digest ${APP}:latest`],
    ],
    [
      "a version under a semver flag asks the tags",
      `${APP}:1.2.3`,
      {},
      "semver:minor",
      false,
      [`tags ${APP}:1.2.3`],
    ],
    [
      "a version under a semver label asks the tags",
      `${APP}:1.2.3`,
      { "bosun.tag-policy": "semver:patch" },
      "digest",
      false,
      [`tags ${APP}:1.2.3`],
    ],
    [
      "a Zodiac label keeps the digest rule",
      `${APP}:1.2.3`,
      { "com.centurylinklabs.zodiac.original-image": `${APP}:1.2.3` },
      "semver:minor",
      false,
      [`digest ${APP}:1.2.3`],
    ],
    ["no-pull asks nothing", `${APP}:1.2.3`, {}, "digest", true, []],
    [
      "an unusable policy label asks nothing",
      `${APP}:1.2.3`,
      { "bosun.tag-policy": "newest" },
      "digest",
      false,
      [],
    ],
    [
      "an unusable tag filter asks nothing",
      `${APP}:1.2.3`,
      { "bosun.tag-include": "(" },
      "semver:minor",
      false,
      [],
    ],
  ])("%s", async (_, imageRef, labels, tagPolicy, noPull, expected) => {
    const { registry, asked } = recording();
    prefetchTarget({ registry, tagPolicy }, imageRef, labels, noPull);
    await Promise.resolve();
    expect(asked).toEqual(expected);
  });

  it("asks nothing without a registry client, and a failed answer is left to the check", async () => {
    expect(() => {
      prefetchTarget({ tagPolicy: "digest" }, `${APP}:1.2.3`, {}, false);
    }).not.toThrow();
    const failing: RegistryService = {
      checkDigest: () => Promise.reject(new Error("registry down")),
      registryAuth: () => Promise.resolve(undefined),
      listTags: () => Promise.reject(new Error("registry down")),
    };
    prefetchTarget({ registry: failing, tagPolicy: "digest" }, `${APP}:1.2.3`, {}, false);
    // An unhandled rejection would fail the run.
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
});
