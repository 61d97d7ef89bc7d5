import { describe, expect, it } from "vitest";
import type { CheckSubject } from "../container/container.ts";
import { listedContainer, type ListedContainer } from "../container/list.ts";
import type { ContainerSummary, DockerClient, ImageInspect } from "../docker/types.ts";
import { checkFromList, isFresh, type ListCheckInput } from "./check-from-list.ts";
import type { Checked } from "./plan.ts";
import type { Staleness } from "./staleness.ts";

const IMAGE = `sha256:${"9".repeat(64)}`;
const FRESH: Staleness = { kind: "checked", stale: false, latestImageId: IMAGE, pulled: false };
const STALE: Staleness = {
  kind: "checked",
  stale: true,
  latestImageId: `sha256:${"8".repeat(64)}`,
  pulled: true,
};

function summary(name: string, idChar: string, extra: Partial<ContainerSummary> = {}): ContainerSummary {
  return {
    Id: idChar.repeat(64),
    Names: [`/${name}`],
    Image: `registry.local/${name}:1`,
    ImageID: IMAGE,
    Created: 1,
    State: "running",
    Status: "",
    Labels: {},
    ...extra,
  };
}

/** The input of a session whose checks answer `answers` by container name (fresh otherwise). */
function input(all: ContainerSummary[], answers: Record<string, Staleness> = {}, only?: string[]) {
  const seen = {
    checked: [] as string[],
    announced: [] as string[],
    needsInspects: 0,
    images: [] as string[],
  };
  const docker = {
    inspectImage: (id: string) => {
      seen.images.push(id);
      return Promise.resolve({ Id: id, RepoDigests: [] } as unknown as ImageInspect);
    },
  } as unknown as DockerClient;
  const chosen = (container: ListedContainer) => only === undefined || only.includes(container.name.slice(1));
  const value: ListCheckInput = {
    docker,
    all,
    listed: all.map(listedContainer),
    options: { concurrency: 2, useComposeDependsOn: true },
    matches: chosen,
    selected: chosen,
    checkAll: (subjects, settled) =>
      Promise.resolve(
        subjects.map((container: CheckSubject) => {
          seen.checked.push(container.name);
          const staleness = answers[container.name.slice(1)] ?? FRESH;
          const result: Checked<CheckSubject> = {
            container,
            monitorOnly: false,
            checked: staleness,
            staleness,
          };
          settled(result);
          return result;
        }),
      ),
    announce: (result) => seen.announced.push(result.container.name),
    needsInspects: () => {
      seen.needsInspects++;
    },
  };
  return { value, seen };
}

describe("isFresh", () => {
  it.each<[string, Staleness, boolean]>([
    ["checked, not stale", FRESH, true],
    ["checked, stale", STALE, false],
    ["digest-pinned", { kind: "pinned", note: "pinned to a digest", skip: false }, true],
    ["an image ID", { kind: "pinned", note: "an image ID", skip: true }, false],
    ["an error", { kind: "error", error: "registry down" }, false],
  ])("%s → %s", (_, staleness, expected) => {
    expect(isFresh(staleness)).toBe(expected);
  });
});

describe("checkFromList", () => {
  it("returns every check when all are fresh, announcing each, with one inspect per image", async () => {
    const { value, seen } = input([summary("a", "a"), summary("b", "b")]);
    const results = await checkFromList(value);
    expect(results?.map((r) => [r.container.name, r.container.imageName, r.container.image?.Id])).toEqual([
      ["/a", "registry.local/a:1", IMAGE],
      ["/b", "registry.local/b:1", IMAGE],
    ]);
    expect(seen.announced).toEqual(["/a", "/b"]);
    expect(seen.images).toEqual([IMAGE]);
    expect(seen.needsInspects).toBe(0);
  });

  it.each<[string, Staleness]>([
    ["stale", STALE],
    ["skipped by its check", { kind: "error", error: "registry down" }],
    ["an image ID", { kind: "pinned", note: "an image ID", skip: true }],
  ])("needs the inspects once a container is %s, announcing only the fresh ones", async (_, answer) => {
    const { value, seen } = input([summary("a", "a"), summary("b", "b")], { b: answer });
    expect(await checkFromList(value)).toBeUndefined();
    expect(seen.announced).toEqual(["/a"]);
    expect(seen.needsInspects).toBe(1);
  });

  it("needs the inspects without checking when a chosen container is listed by image ID", async () => {
    const moved = summary("moved", "m", { Image: IMAGE });
    const { value, seen } = input([summary("a", "a"), moved]);
    expect(await checkFromList(value)).toBeUndefined();
    expect(seen.checked).toEqual([]);
    expect(seen.needsInspects).toBe(1);
  });

  it("ignores a container listed by image ID that the filter leaves out", async () => {
    const moved = summary("moved", "m", { Image: IMAGE });
    const { value, seen } = input([summary("a", "a"), moved], {}, ["a"]);
    expect((await checkFromList(value))?.map((r) => r.container.name)).toEqual(["/a"]);
    expect(seen.checked).toEqual(["/a"]);
  });

  it("needs the inspects when the list shows a dependency cycle among the chosen containers", async () => {
    const dependsOn = "com.centurylinklabs.watchtower.depends-on";
    const all = [
      summary("a", "a", { Labels: { [dependsOn]: "b" } }),
      summary("b", "b", { Labels: { [dependsOn]: "a" } }),
    ];
    const { value, seen } = input(all);
    expect(await checkFromList(value)).toBeUndefined();
    expect(seen.announced).toEqual(["/a", "/b"]);
  });

  it("does not count a cycle through a container the session leaves out", async () => {
    const dependsOn = "com.centurylinklabs.watchtower.depends-on";
    const all = [
      summary("a", "a", { Labels: { [dependsOn]: "b" } }),
      summary("b", "b", { Labels: { [dependsOn]: "a" } }),
    ];
    const { value } = input(all, {}, ["a"]);
    expect((await checkFromList(value))?.map((r) => r.container.name)).toEqual(["/a"]);
  });
});
