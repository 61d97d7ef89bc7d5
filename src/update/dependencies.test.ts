import { describe, expect, it } from "vitest";
import { dependencyNames, sortByDependencies, withDependents, type DependencyNode } from "./dependencies.ts";

const DEPENDS_ON = "com.docker.compose.depends_on";
const PROJECT = "com.docker.compose.project";
const SERVICE = "com.docker.compose.service";
const WT_DEPENDS_ON = "com.centurylinklabs.watchtower.depends-on";

/** A node named `/<name>` with id `id-<name>`. */
function node(
  name: string,
  extra: { links?: string[]; labels?: Record<string, string>; networkMode?: string; compose?: boolean } = {},
): DependencyNode {
  return {
    id: `id-${name}`,
    name: `/${name}`,
    labels: extra.labels ?? {},
    links: extra.links ?? [],
    networkMode: extra.networkMode ?? "bridge",
    compose: extra.compose ?? true,
  };
}

const dependsOn = (value: string) => ({ labels: { [WT_DEPENDS_ON]: value } });

function compose(project: string, service: string, dependsOnLabel?: string) {
  return {
    labels: {
      [PROJECT]: project,
      [SERVICE]: service,
      ...(dependsOnLabel === undefined ? {} : { [DEPENDS_ON]: dependsOnLabel }),
    },
  };
}

const names = (nodes: readonly DependencyNode[]) => nodes.map((n) => n.name.slice(1));

describe("dependencyNames", () => {
  it.each<[string, Parameters<typeof node>[1], string[]]>([
    ["no source", {}, []],
    ["legacy link /db:/web/db", { links: ["/db:/web/db"] }, ["/db"]],
    ["two legacy links", { links: ["/db:/web/db", "/cache:/web/redis"] }, ["/db", "/cache"]],
    ["user-network link db:alias", { links: ["db:alias"] }, ["/db"]],
    ["user-network link without alias", { links: ["db"] }, ["/db"]],
    ["duplicate links counted once", { links: ["/db:/web/db", "db:other"] }, ["/db"]],
    ["network_mode container:", { networkMode: "container:vpn" }, ["/vpn"]],
    ["network_mode bridge", { networkMode: "bridge" }, []],
    [
      "links and network_mode together",
      { links: ["/db:/web/db"], networkMode: "container:vpn" },
      ["/db", "/vpn"],
    ],
    ["depends-on label with slash", dependsOn("/db"), ["/db"]],
    ["depends-on label without slash", dependsOn("db"), ["/db"]],
    ["depends-on label with spaces", dependsOn(" db , cache "), ["/db", "/cache"]],
    ["depends-on label with blank entries", dependsOn("db,, ,cache,"), ["/db", "/cache"]],
    ["blank depends-on label falls back to links", { ...dependsOn("  "), links: ["/db:/web/db"] }, ["/db"]],
    [
      "depends-on label replaces links and network_mode",
      { ...dependsOn("cache"), links: ["/db:/web/db"], networkMode: "container:vpn" },
      ["/cache"],
    ],
    ["self in depends-on label ignored", dependsOn("web,db"), ["/db"]],
    ["self link ignored", { links: ["/web:/web/self"] }, []],
  ])("%s", (_, extra, expected) => {
    expect(dependencyNames(node("web", extra), [])).toEqual(expected);
  });

  it("resolves compose depends_on (svc:condition:restart) within the same project", () => {
    const db = node("proj-db-1", compose("proj", "db"));
    const cache = node("proj-cache-1", compose("proj", "cache"));
    const otherDb = node("other-db-1", compose("other", "db"));
    const web = node(
      "proj-web-1",
      compose("proj", "web", "db:service_started:false,cache:service_healthy:true"),
    );
    expect(dependencyNames(web, [otherDb, db, cache, web])).toEqual(["/proj-db-1", "/proj-cache-1"]);
  });

  it("compose depends_on matches every replica of a service and ignores unknown services", () => {
    const db1 = node("p-db-1", compose("p", "db"));
    const db2 = node("p-db-2", compose("p", "db"));
    const web = node(
      "p-web-1",
      compose("p", "web", "db:service_started:false, ghost:service_started:false,"),
    );
    expect(dependencyNames(web, [db1, db2, web])).toEqual(["/p-db-1", "/p-db-2"]);
  });

  it("compose depends_on needs the project label on the dependent", () => {
    const db = node("p-db-1", compose("p", "db"));
    const web = node("web", { labels: { [DEPENDS_ON]: "db:service_started:false" } });
    expect(dependencyNames(web, [db, web])).toEqual([]);
  });

  it("compose depends_on is ignored when the node does not follow compose (--use-compose-depends-on=false)", () => {
    const db = node("p-db-1", compose("p", "db"));
    const web = node("p-web-1", {
      ...compose("p", "web", "db:service_started:false"),
      compose: false,
      links: ["/x:/p-web-1/x"],
    });
    expect(dependencyNames(web, [db, web])).toEqual(["/x"]);
  });

  it("compose depends_on is combined with links", () => {
    const db = node("p-db-1", compose("p", "db"));
    const web = node("p-web-1", {
      ...compose("p", "web", "db:service_started:false"),
      links: ["/x:/p-web-1/x"],
    });
    expect(dependencyNames(web, [db, web])).toEqual(["/x", "/p-db-1"]);
  });
});

describe("sortByDependencies", () => {
  it("keeps list order when nothing depends on anything", () => {
    const nodes = ["c", "a", "b"].map((name) => node(name));
    const result = sortByDependencies(nodes);
    expect(names(result.sorted)).toEqual(["c", "a", "b"]);
    expect(result.cyclic).toEqual([]);
  });

  it("puts dependencies first, ties keep list order", () => {
    const nodes = [node("web", dependsOn("db")), node("x"), node("db"), node("y")];
    expect(names(sortByDependencies(nodes).sorted)).toEqual(["db", "web", "x", "y"]);
  });

  it("sorts a chain given in reverse", () => {
    const nodes = [node("c", dependsOn("b")), node("b", dependsOn("a")), node("a")];
    expect(names(sortByDependencies(nodes).sorted)).toEqual(["a", "b", "c"]);
  });

  it("sorts a diamond with each node once, after all its dependencies", () => {
    const nodes = [
      node("top", dependsOn("left,right")),
      node("left", dependsOn("base")),
      node("right", dependsOn("base")),
      node("base"),
    ];
    const sorted = names(sortByDependencies(nodes).sorted);
    expect(sorted).toEqual(["base", "left", "right", "top"]);
  });

  it("uses links, network_mode and compose labels as edges", () => {
    const nodes = [
      node("app", { links: ["/db:/app/db"] }),
      node("sidecar", { networkMode: "container:app" }),
      node("p-worker-1", compose("p", "worker", "queue:service_started:false")),
      node("p-queue-1", compose("p", "queue")),
      node("db"),
    ];
    expect(names(sortByDependencies(nodes).sorted)).toEqual([
      "db",
      "app",
      "sidecar",
      "p-queue-1",
      "p-worker-1",
    ]);
  });

  it("ignores dependencies outside the list", () => {
    const nodes = [node("web", dependsOn("ghost")), node("db")];
    const result = sortByDependencies(nodes);
    expect(names(result.sorted)).toEqual(["web", "db"]);
    expect(result.cyclic).toEqual([]);
  });

  it("a self-dependency is not a cycle", () => {
    const result = sortByDependencies([node("a", dependsOn("a")), node("b", { links: ["/b:/b/b"] })]);
    expect(names(result.sorted)).toEqual(["a", "b"]);
    expect(result.cyclic).toEqual([]);
  });

  it("reports only the members of a cycle; the rest is sorted", () => {
    const nodes = [
      node("free"),
      node("a", dependsOn("b")),
      node("b", dependsOn("a")),
      node("dependent", dependsOn("a")),
      node("base"),
      node("user", dependsOn("base")),
    ];
    const result = sortByDependencies(nodes);
    expect(names(result.cyclic.map((entry) => entry.node)).sort()).toEqual(["a", "b"]);
    for (const { error } of result.cyclic) expect(error).toMatch(/^circular dependency: .*\/a.*\/b/);
    expect(names(result.sorted)).toEqual(["free", "dependent", "base", "user"]);
  });

  it("a three-node cycle names its path, from each member", () => {
    const nodes = [node("a", dependsOn("b")), node("b", dependsOn("c")), node("c", dependsOn("a"))];
    const result = sortByDependencies(nodes);
    expect(result.sorted).toEqual([]);
    expect(result.cyclic.map((entry) => [entry.node.name, entry.error])).toEqual([
      ["/a", "circular dependency: /a -> /b -> /c -> /a"],
      ["/b", "circular dependency: /b -> /c -> /a -> /b"],
      ["/c", "circular dependency: /c -> /a -> /b -> /c"],
    ]);
  });

  it("every member of overlapping cycles is reported", () => {
    // a <-> b and b <-> c: all three are in a cycle.
    const nodes = [
      node("a", dependsOn("b")),
      node("b", dependsOn("a,c")),
      node("c", dependsOn("b")),
      node("d"),
    ];
    const result = sortByDependencies(nodes);
    expect(names(result.cyclic.map((entry) => entry.node))).toEqual(["a", "b", "c"]);
    expect(names(result.sorted)).toEqual(["d"]);
    // Each member's error names a real cycle through it (the shortest one).
    expect(result.cyclic.map((entry) => entry.error)).toEqual([
      "circular dependency: /a -> /b -> /a",
      "circular dependency: /b -> /a -> /b",
      "circular dependency: /c -> /b -> /c",
    ]);
  });

  it("a node reaching a cycle without being in it is sorted", () => {
    const nodes = [node("x", dependsOn("a")), node("a", dependsOn("b")), node("b", dependsOn("a"))];
    const result = sortByDependencies(nodes);
    expect(names(result.sorted)).toEqual(["x"]);
    expect(names(result.cyclic.map((entry) => entry.node)).sort()).toEqual(["a", "b"]);
  });
});

describe("withDependents", () => {
  const chain = [node("a"), node("b", dependsOn("a")), node("c", dependsOn("b")), node("d")];

  it("is just the stale set when nothing depends on them", () => {
    expect([...withDependents(chain, new Set(["id-d"]))]).toEqual(["id-d"]);
  });

  it("adds dependents transitively", () => {
    expect([...withDependents(chain, new Set(["id-a"]))].sort()).toEqual(["id-a", "id-b", "id-c"]);
  });

  it("does not add dependencies of a stale container", () => {
    expect([...withDependents(chain, new Set(["id-b"]))].sort()).toEqual(["id-b", "id-c"]);
  });

  it("follows links and network_mode", () => {
    const nodes = [
      node("vpn"),
      node("app", { networkMode: "container:vpn" }),
      node("web", { links: ["/app:/web/app"] }),
    ];
    expect([...withDependents(nodes, new Set(["id-vpn"]))].sort()).toEqual(["id-app", "id-vpn", "id-web"]);
  });

  it("propagates through a diamond", () => {
    const nodes = [
      node("base"),
      node("left", dependsOn("base")),
      node("right"),
      node("top", dependsOn("left,right")),
    ];
    expect([...withDependents(nodes, new Set(["id-base"]))].sort()).toEqual(["id-base", "id-left", "id-top"]);
  });

  it("nothing stale restarts nothing", () => {
    expect(withDependents(chain, new Set()).size).toBe(0);
  });
});
