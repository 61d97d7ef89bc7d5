import { describe, expect, it } from "vitest";
import type { ContainerInspect, ContainerSummary, DockerClient, ImageInspect } from "../docker/types.ts";
import { hasListedStatus, listContainers } from "./list.ts";

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
    inspectImage: (id: string) => Promise.resolve({ Id: id, RepoDigests: [] } as unknown as ImageInspect),
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
    expect(calls).toEqual(["inspect a"]);
  });

  it("lists when no list is given", async () => {
    const { docker, calls } = engine(ALL);
    const listed = await listContainers(docker, { includeStopped: true, includeRestarting: false });
    expect(listed.containers.map((c) => c.name)).toEqual(["/web", "/old", "/new"]);
    expect(calls[0]).toBe("list");
  });
});
