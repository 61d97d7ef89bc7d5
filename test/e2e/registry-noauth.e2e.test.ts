import { afterAll, describe, expect, it } from "vitest";
import { markRegistryLog, publish, uniqueName } from "./harness.ts";
import { e2eRegistry, repoDigests } from "./registry-helpers.ts";

describe("digest check against the shared registry (no auth)", () => {
  const registry = e2eRegistry();
  afterAll(() => registry.close());

  it("an unchanged image costs one manifest HEAD, at most one /v2/, no blob GET", async () => {
    const { ref } = await publish(uniqueName("reg-noauth"), 1);
    const digests = await repoDigests(ref);
    expect(digests).toHaveLength(1);
    const mark = markRegistryLog();
    const check = await registry.checkDigest(ref, digests);
    expect(check).toEqual({ kind: "match", remoteDigest: digests[0]?.split("@")[1] });
    // The registry flushes its access log asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requests = mark.since();
    const repo = ref.slice(ref.indexOf("/") + 1, ref.lastIndexOf(":"));
    expect(
      requests.filter((r) => r.method === "HEAD" && r.path === `/v2/${repo}/manifests/latest`),
    ).toHaveLength(1);
    expect(requests.filter((r) => r.path === "/v2/").length).toBeLessThanOrEqual(1);
    expect(requests.filter((r) => r.path.includes("/blobs/"))).toEqual([]);
    expect(requests.filter((r) => r.method === "GET" && r.path.includes("/manifests/"))).toEqual([]);
  });

  it("a newer push differs, and its digest is the new image's RepoDigest", async () => {
    const repo = uniqueName("reg-noauth-new");
    const { ref } = await publish(repo, 1);
    const old = await repoDigests(ref);
    await publish(repo, 2);
    const current = await repoDigests(ref);
    expect(current).not.toEqual(old);
    expect(await registry.checkDigest(ref, old)).toEqual({
      kind: "differs",
      remoteDigest: current[0]?.split("@")[1],
    });
    expect((await registry.checkDigest(ref, current)).kind).toBe("match");
  });

  it("an unknown tag is unknown with a reason, a digest-pinned ref is pinned, no credentials are sent", async () => {
    const { ref } = await publish(uniqueName("reg-noauth-tag"), 1);
    const missing = ref.replace(/:latest$/, ":nope");
    const check = await registry.checkDigest(missing, []);
    expect(check.kind === "unknown" && check.reason).toMatch(/has no manifest for .*:nope/);
    const [pinned = ""] = await repoDigests(ref);
    expect((await registry.checkDigest(pinned, [pinned])).kind).toBe("pinned");
    expect(await registry.registryAuth(ref)).toBeUndefined();
  });

  it("a session checks each reference once for many containers", async () => {
    const refs = await Promise.all(
      [1, 2, 3].map(async (i) => (await publish(uniqueName(`reg-sess${i}`), i)).ref),
    );
    const digests = await Promise.all(refs.map(repoDigests));
    const session = registry.session();
    const mark = markRegistryLog();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => session.checkDigest(refs[i % 3] ?? "", digests[i % 3] ?? [])),
    );
    expect(results.every((r) => r.kind === "match")).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mark.since().filter((r) => r.method === "HEAD")).toHaveLength(3);
  });
});
