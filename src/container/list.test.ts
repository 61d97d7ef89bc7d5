import { describe, expect, it } from "vitest";
import type { ContainerInspect, ContainerSummary, DockerClient, ImageInspect } from "../docker/types.ts";
import { hasListedStatus, listContainers, listedContainer, listedSubjects, primaryName } from "./list.ts";

function summary(name: string, idChar: string, state: string): ContainerSummary {
  return {
    Id: idChar.repeat(64),
    Names: [`/${name}`],
    Image: "registry.local/app:1",
    ImageID: `sha256:${"9".repeat(64)}`,
    Created: 1,
    State: state,
    Status: "",
    Labels: { team: name },
  };
}

/** An engine that answers inspects of `summaries` and records every call. */
function engine(summaries: readonly ContainerSummary[]) {
  const calls: string[] = [];
  const docker = {
    listContainers: () => {
      calls.push("list");
      return Promise.resolve([...summaries]);
    },
    inspectContainer: (id: string) => {
      calls.push(`inspect ${id.slice(0, 1)}`);
      const found = summaries.find((s) => s.Id === id);
      return Promise.resolve({
        Id: id,
        Name: found?.Names[0] ?? "",
        Image: found?.ImageID ?? "",
        Config: { Image: found?.Image, Labels: found?.Labels },
        HostConfig: {},
        State: { Status: found?.State ?? "" },
      } as ContainerInspect);
    },
    inspectImage: (id: string) => {
      calls.push(`image ${id}`);
      return id === "sha256:broken"
        ? Promise.reject(new Error("no such image"))
        : Promise.resolve({ Id: id, RepoDigests: [] } as unknown as ImageInspect);
    },
  } as unknown as DockerClient;
  return { docker, calls };
}

const ALL = [summary("web", "a", "running"), summary("old", "b", "exited"), summary("new", "c", "created")];

describe("hasListedStatus", () => {
  it.each<[string, boolean, boolean, boolean]>([
    ["running", false, false, true],
    ["exited", false, false, false],
    ["exited", true, false, true],
    ["created", true, false, true],
    ["restarting", false, false, false],
    ["restarting", false, true, true],
    ["paused", true, true, false],
  ])("%s (stopped %s, restarting %s) → %s", (state, includeStopped, includeRestarting, expected) => {
    expect(hasListedStatus(summary("x", "x", state), { includeStopped, includeRestarting })).toBe(expected);
  });
});

describe("listContainers", () => {
  it("takes the containers of the wanted states from a given list instead of listing again", async () => {
    const { docker, calls } = engine(ALL);
    const listed = await listContainers(docker, {
      includeStopped: false,
      includeRestarting: false,
      all: ALL,
    });
    expect(listed.containers.map((c) => c.name)).toEqual(["/web"]);
    expect(calls).toEqual(["inspect a", `image sha256:${"9".repeat(64)}`]);
  });

  it("lists when no list is given", async () => {
    const { docker, calls } = engine(ALL);
    const listed = await listContainers(docker, { includeStopped: true, includeRestarting: false });
    expect(listed.containers.map((c) => c.name)).toEqual(["/web", "/old", "/new"]);
    expect(calls[0]).toBe("list");
  });
});

describe("primaryName", () => {
  it.each<[string[], string]>([
    [["/db"], "/db"],
    [["/web/db", "/db"], "/db"],
    [["/db", "/web/db", "/api/database"], "/db"],
    [["/web/db"], "/web/db"],
    [[], `/${"e".repeat(12)}`],
  ])("%j → %s", (names, expected) => {
    expect(primaryName({ Id: "e".repeat(64), Names: names })).toBe(expected);
  });
});

describe("listedSubjects", () => {
  it("inspects each image once and no container; a failed image inspect leaves the image undefined", async () => {
    const broken = { ...summary("broken", "d", "running"), ImageID: "sha256:broken" };
    const listed = [...ALL, broken].map(listedContainer);
    const { docker, calls } = engine([]);
    const subjects = await listedSubjects(docker, listed, { concurrency: 2 });
    expect(calls.sort()).toEqual([`image sha256:${"9".repeat(64)}`, "image sha256:broken"]);
    expect(subjects.map((s) => [s.name, s.imageName, s.imageId, s.image?.Id])).toEqual([
      ["/web", "registry.local/app:1", `sha256:${"9".repeat(64)}`, `sha256:${"9".repeat(64)}`],
      ["/old", "registry.local/app:1", `sha256:${"9".repeat(64)}`, `sha256:${"9".repeat(64)}`],
      ["/new", "registry.local/app:1", `sha256:${"9".repeat(64)}`, `sha256:${"9".repeat(64)}`],
      ["/broken", "registry.local/app:1", "sha256:broken", undefined],
    ]);
    expect(subjects[0]?.labels).toEqual({ team: "web" });
  });
});
