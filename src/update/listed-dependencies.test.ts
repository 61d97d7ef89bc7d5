import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "../docker/types.ts";
import { sortByDependencies } from "./dependencies.ts";
import { listedDependencyNodes } from "./listed-dependencies.ts";

function summary(
  idChar: string,
  names: string[],
  extra: { labels?: Record<string, string>; networkMode?: string } = {},
): ContainerSummary {
  return {
    Id: idChar.repeat(64),
    Names: names,
    Image: "app:1",
    ImageID: `sha256:${"9".repeat(64)}`,
    Created: 1,
    State: "running",
    Status: "",
    Labels: extra.labels ?? {},
    ...(extra.networkMode !== undefined && { HostConfig: { NetworkMode: extra.networkMode } }),
  };
}

const DEPENDS_ON = "com.centurylinklabs.watchtower.depends-on";
const compose = (service: string, dependsOn?: string) => ({
  "com.docker.compose.project": "shop",
  "com.docker.compose.service": service,
  ...(dependsOn !== undefined && { "com.docker.compose.depends_on": dependsOn }),
});

describe("listedDependencyNodes", () => {
  it("gives a legacy link's parent the link, as its inspect's HostConfig.Links would", () => {
    const all = [summary("a", ["/web/database", "/db"]), summary("b", ["/web"])];
    const nodes = listedDependencyNodes(all, new Set(all.map((s) => s.Id)), true);
    expect(nodes.map((n) => [n.name, n.links])).toEqual([
      ["/db", []],
      ["/web", ["/db:/web/database"]],
    ]);
  });

  it.each<[string, string, string]>([
    ["a container ID", `container:${"a".repeat(64)}`, "container:db"],
    ["a short ID", "container:aaaaaaaaaaaa", "container:db"],
    ["a name", "container:db", "container:db"],
    ["an unknown container", "container:gone", "container:gone"],
    ["a network", "shop_default", "shop_default"],
  ])("resolves network_mode naming %s", (_, mode, expected) => {
    const all = [summary("a", ["/db"]), summary("b", ["/app"], { networkMode: mode })];
    const nodes = listedDependencyNodes(all, new Set([all[1]?.Id ?? ""]), true);
    expect(nodes.map((n) => n.networkMode)).toEqual([expected]);
  });

  it("keeps only the containers asked for, with their labels", () => {
    const all = [summary("a", ["/db"]), summary("b", ["/app"], { labels: { [DEPENDS_ON]: "db" } })];
    const nodes = listedDependencyNodes(all, new Set([all[1]?.Id ?? ""]), false);
    expect(nodes).toEqual([
      {
        id: "b".repeat(64),
        name: "/app",
        labels: { [DEPENDS_ON]: "db" },
        links: [],
        networkMode: "",
        compose: false,
      },
    ]);
  });

  it.each<[string, ContainerSummary[], boolean, string[]]>([
    [
      "a depends-on label cycle",
      [
        summary("a", ["/x"], { labels: { [DEPENDS_ON]: "y" } }),
        summary("b", ["/y"], { labels: { [DEPENDS_ON]: "x" } }),
      ],
      true,
      ["/x", "/y"],
    ],
    [
      "a label closing a legacy link",
      [summary("a", ["/db", "/web/db"], { labels: { [DEPENDS_ON]: "web" } }), summary("b", ["/web"])],
      true,
      ["/db", "/web"],
    ],
    [
      "a compose depends_on cycle",
      [
        summary("a", ["/shop-api-1"], { labels: compose("api", "worker:service_started:true") }),
        summary("b", ["/shop-worker-1"], { labels: compose("worker", "api:service_started:true") }),
      ],
      true,
      ["/shop-api-1", "/shop-worker-1"],
    ],
    [
      "a compose depends_on cycle, not followed",
      [
        summary("a", ["/shop-api-1"], { labels: compose("api", "worker:service_started:true") }),
        summary("b", ["/shop-worker-1"], { labels: compose("worker", "api:service_started:true") }),
      ],
      false,
      [],
    ],
    ["a legacy link alone", [summary("a", ["/db", "/web/db"]), summary("b", ["/web"])], true, []],
  ])("finds %s", (_, all, followCompose, cyclic) => {
    const nodes = listedDependencyNodes(all, new Set(all.map((s) => s.Id)), followCompose);
    expect(
      sortByDependencies(nodes)
        .cyclic.map(({ node }) => node.name)
        .sort(),
    ).toEqual(cyclic);
  });
});
