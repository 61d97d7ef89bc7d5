import { describe, expect, it } from "vitest";
import { makeContainer } from "../container/container.ts";
import type { ContainerInspect, ImageInspect } from "../docker/types.ts";
import { firstWithDependencies, planSwaps, type Candidate, type PlanOptions } from "./plan.ts";
import type { Staleness } from "./staleness.ts";

const OLD_IMAGE = `sha256:${"1".repeat(64)}`;
const NEW_IMAGE = `sha256:${"2".repeat(64)}`;
const DEPENDS_ON = "com.centurylinklabs.watchtower.depends-on";

const OPTIONS: PlanOptions = {
  noRestart: false,
  reviveStopped: false,
  rollingRestart: false,
  useComposeDependsOn: true,
  disableMemorySwappiness: false,
  stopTimeout: 10_000,
  apiVersion: "1.47",
};

const composeService = (service: string, dependsOnLabel?: string) => ({
  "com.docker.compose.project": "p",
  "com.docker.compose.service": service,
  ...(dependsOnLabel === undefined ? {} : { "com.docker.compose.depends_on": dependsOnLabel }),
});

interface Fixture {
  labels?: Record<string, string>;
  links?: string[];
  networkMode?: string;
  running?: boolean;
  /** Default: the container's image could be inspected. */
  noImage?: boolean;
  monitorOnly?: boolean;
  staleness?: Staleness;
}

const STALE: Staleness = { kind: "checked", stale: true, latestImageId: NEW_IMAGE, pulled: true };
const FRESH: Staleness = { kind: "checked", stale: false, latestImageId: OLD_IMAGE, pulled: false };

/** A candidate named `/<name>` with ID `<name>` padded to 64 hex-looking chars. */
function candidate(name: string, fixture: Fixture = {}): Candidate {
  const running = fixture.running ?? true;
  const networkMode = fixture.networkMode ?? "bridge";
  const inspect: ContainerInspect = {
    Id: `${name}${"0".repeat(64)}`.slice(0, 64),
    Name: `/${name}`,
    Created: "2026-01-01T00:00:00Z",
    Image: OLD_IMAGE,
    State: {
      Status: running ? "running" : "exited",
      Running: running,
      Paused: false,
      Restarting: false,
      Pid: running ? 42 : 0,
      ExitCode: 0,
      StartedAt: "",
      FinishedAt: "",
    },
    Config: { Image: "localhost:5000/app:latest", Labels: fixture.labels ?? {}, Env: [] },
    HostConfig: { NetworkMode: networkMode, Links: fixture.links ?? null },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
  const image: ImageInspect = {
    Id: OLD_IMAGE,
    RepoTags: ["localhost:5000/app:latest"],
    RepoDigests: [],
    Created: "2026-01-01T00:00:00Z",
    Config: { Env: [] },
  };
  return {
    container: makeContainer(inspect, fixture.noImage === true ? undefined : image, networkMode),
    monitorOnly: fixture.monitorOnly ?? false,
    staleness: fixture.staleness ?? FRESH,
  };
}

const dependsOn = (names: string) => ({ [DEPENDS_ON]: names });

function states(candidates: Candidate[], options: Partial<PlanOptions> = {}) {
  const plan = planSwaps(candidates, { ...OPTIONS, ...options });
  return Object.fromEntries(plan.reports.map((report) => [report.name.slice(1), report.state]));
}

function unitNames(candidates: Candidate[], options: Partial<PlanOptions> = {}) {
  const plan = planSwaps(candidates, { ...OPTIONS, ...options });
  return plan.units.map((unit) => unit.map((target) => target.container.name.slice(1)));
}

describe("planSwaps: report states", () => {
  it("a stale container is Updated with both image IDs; a fresh one is Fresh and not swapped", () => {
    const plan = planSwaps([candidate("app", { staleness: STALE }), candidate("other")], OPTIONS);
    expect(plan.reports).toEqual([
      {
        id: expect.stringMatching(/^app0+$/) as unknown,
        name: "/app",
        imageName: "localhost:5000/app:latest",
        currentImageId: OLD_IMAGE,
        latestImageId: NEW_IMAGE,
        state: "Updated",
      },
      expect.objectContaining({ name: "/other", state: "Fresh", latestImageId: OLD_IMAGE }),
    ]);
    expect(plan.units.map((unit) => unit.map((target) => target.container.name))).toEqual([["/app"]]);
  });

  it("a stale monitor-only container is Stale and its dependents are not restarted (decision 12)", () => {
    const candidates = [
      candidate("db", { staleness: STALE, monitorOnly: true }),
      candidate("web", { labels: dependsOn("db") }),
      candidate("web2", { links: ["/db:/web2/db"] }),
    ];
    const plan = planSwaps(candidates, OPTIONS);
    expect(states(candidates)).toEqual({ db: "Stale", web: "Fresh", web2: "Fresh" });
    expect(plan.units).toEqual([]);
    expect(plan.reports[0]?.latestImageId).toBe(NEW_IMAGE);
  });

  it("dependents of a stale container are Restarted, transitively, and swapped with it", () => {
    const candidates = [
      candidate("web", { labels: dependsOn("db") }),
      candidate("db", { staleness: STALE }),
      candidate("proxy", { links: ["/web:/proxy/web"] }),
      candidate("unrelated"),
    ];
    const plan = planSwaps(candidates, OPTIONS);
    expect(states(candidates)).toEqual({
      web: "Restarted",
      db: "Updated",
      proxy: "Restarted",
      unrelated: "Fresh",
    });
    const web = plan.reports.find((report) => report.name === "/web");
    expect(web?.latestImageId).toBe(OLD_IMAGE);
    expect(unitNames(candidates)).toEqual([["db", "web", "proxy"]]);
  });

  it.each([
    [true, { db: "Updated", web: "Restarted" }, [["db", "web"]]],
    [false, { db: "Updated", web: "Fresh" }, [["db"]]],
  ])("compose depends_on restarts the dependent only when followed (%s)", (follow, expected, units) => {
    const candidates = [
      candidate("web", { labels: composeService("web", "db:service_started:false") }),
      candidate("db", { labels: composeService("db"), staleness: STALE }),
    ];
    expect(states(candidates, { useComposeDependsOn: follow })).toEqual(expected);
    expect(unitNames(candidates, { useComposeDependsOn: follow })).toEqual(units);
  });

  it.each([
    [true, undefined],
    [false, 60],
  ])("--disable-memory-swappiness=%s leaves MemorySwappiness out of the create body", (disable, expected) => {
    const candidates = [candidate("app", { staleness: STALE })];
    const inspect = candidates[0]?.container.inspect;
    if (inspect !== undefined) inspect.HostConfig.MemorySwappiness = 60;
    const plan = planSwaps(candidates, { ...OPTIONS, disableMemorySwappiness: disable });
    expect(plan.units[0]?.[0]?.plan.body.HostConfig?.MemorySwappiness).toBe(expected);
  });

  it("a monitor-only dependent of a stale container is not restarted", () => {
    const candidates = [
      candidate("db", { staleness: STALE }),
      candidate("web", { labels: dependsOn("db"), monitorOnly: true }),
    ];
    expect(states(candidates)).toEqual({ db: "Updated", web: "Fresh" });
    expect(unitNames(candidates)).toEqual([["db"]]);
  });

  it("a cycle is Skipped with an error; the rest proceeds", () => {
    const candidates = [
      candidate("a", { labels: dependsOn("b"), staleness: STALE }),
      candidate("b", { labels: dependsOn("a") }),
      candidate("c", { staleness: STALE }),
    ];
    const plan = planSwaps(candidates, OPTIONS);
    const a = plan.reports.find((report) => report.name === "/a");
    expect(a).toMatchObject({ state: "Skipped", latestImageId: OLD_IMAGE });
    expect(a?.error).toMatch(/^circular dependency: \/a -> \/b -> \/a$/);
    expect(plan.reports.find((report) => report.name === "/b")?.state).toBe("Skipped");
    expect(states(candidates).c).toBe("Updated");
    expect(unitNames(candidates)).toEqual([["c"]]);
  });

  it("a staleness error is Skipped with the error and restarts nothing", () => {
    const candidates = [
      candidate("db", { staleness: { kind: "error", error: "pull of x failed: boom" } }),
      candidate("web", { labels: dependsOn("db") }),
    ];
    const plan = planSwaps(candidates, OPTIONS);
    expect(plan.reports[0]).toMatchObject({ state: "Skipped", error: "pull of x failed: boom" });
    expect(states(candidates).web).toBe("Fresh");
    expect(plan.units).toEqual([]);
  });

  it("a pinned container is Skipped or Fresh with a note", () => {
    const plan = planSwaps(
      [
        candidate("byid", {
          staleness: { kind: "pinned", note: "created from a bare image ID", skip: true },
        }),
        candidate("digest", { staleness: { kind: "pinned", note: "pinned to a digest", skip: false } }),
      ],
      OPTIONS,
    );
    expect(plan.reports[0]).toMatchObject({ state: "Skipped", note: "created from a bare image ID" });
    expect(plan.reports[1]).toMatchObject({ state: "Fresh", note: "pinned to a digest" });
    expect(plan.reports[1]?.error).toBeUndefined();
    expect(plan.units).toEqual([]);
  });

  it("a container whose image could not be inspected Fails instead of being swapped", () => {
    const plan = planSwaps([candidate("app", { staleness: STALE, noImage: true })], OPTIONS);
    expect(plan.reports[0]).toMatchObject({
      state: "Failed",
      error: expect.stringMatching(/image/) as unknown,
    });
    expect(plan.units).toEqual([]);
  });
});

describe("planSwaps: targets", () => {
  const target = (candidates: Candidate[], name: string, options: Partial<PlanOptions> = {}) =>
    planSwaps(candidates, { ...OPTIONS, ...options })
      .units.flat()
      .find((entry) => entry.container.name === `/${name}`);

  it.each<[string, Fixture, Partial<PlanOptions>, boolean]>([
    ["running", { running: true }, {}, true],
    ["stopped", { running: false }, {}, false],
    ["stopped with revive-stopped", { running: false }, { reviveStopped: true }, true],
    ["running with no-restart", { running: true }, { noRestart: true }, false],
    [
      "stopped with revive-stopped and no-restart",
      { running: false },
      { reviveStopped: true, noRestart: true },
      false,
    ],
  ])("start flag: %s", (_, fixture, options, start) => {
    expect(target([candidate("app", { ...fixture, staleness: STALE })], "app", options)?.start).toBe(start);
  });

  it("the stop timeout and the recreate plan are passed on", () => {
    const swap = target([candidate("app", { staleness: STALE })], "app", { stopTimeout: 7000 });
    expect(swap?.stopTimeoutMs).toBe(7000);
    expect(swap?.plan.body.Image).toBe("localhost:5000/app:latest");
    expect(swap?.self).toBe(false);
  });

  it("precreate only when no dependency of the container is being swapped", () => {
    const candidates = [
      candidate("db", { staleness: STALE }),
      candidate("web", { labels: dependsOn("db") }),
      candidate("cache"),
      candidate("api", { labels: dependsOn("cache"), staleness: STALE }),
    ];
    expect(target(candidates, "db")?.precreate).toBe(true);
    expect(target(candidates, "web")?.precreate).toBe(false);
    // cache is fresh: api's dependency is not swapped, so api can be created before it stops.
    expect(target(candidates, "api")?.precreate).toBe(true);
    expect(target(candidates, "cache")).toBeUndefined();
  });

  it("Bosun's own container is swapped last, in its own unit", () => {
    const candidates = [
      candidate("bosun", { labels: { "com.centurylinklabs.watchtower": "true" }, staleness: STALE }),
      candidate("a", { staleness: STALE }),
      candidate("b", { staleness: STALE }),
    ];
    expect(unitNames(candidates)).toEqual([["a"], ["b"], ["bosun"]]);
    expect(target(candidates, "bosun")?.self).toBe(true);
    expect(unitNames(candidates, { rollingRestart: true })).toEqual([["b"], ["a"], ["bosun"]]);
  });

  it("on a fleet host Bosun does not run on, an instance is swapped as any container", () => {
    const candidates = [
      candidate("other-bosun", { labels: { "com.centurylinklabs.watchtower": "true" }, staleness: STALE }),
    ];
    const plan = planSwaps(candidates, { ...OPTIONS, selfHost: false });
    expect(plan.units.flat().map((swap) => swap.self)).toEqual([false]);
    expect(
      planSwaps(candidates, { ...OPTIONS, selfHost: true })
        .units.flat()
        .map((swap) => swap.self),
    ).toEqual([true]);
  });

  it("a watchtower label other than exactly true is not Bosun's own container", () => {
    const candidates = [
      candidate("x", { labels: { "com.centurylinklabs.watchtower": "yes" }, staleness: STALE }),
      candidate("a", { staleness: STALE }),
    ];
    expect(target(candidates, "x")?.self).toBe(false);
    expect(unitNames(candidates)).toEqual([["x"], ["a"]]);
  });

  it("containers linked by dependencies share a unit in dependency order; independent ones do not", () => {
    const candidates = [
      candidate("web", { labels: dependsOn("db") }),
      candidate("solo", { staleness: STALE }),
      candidate("db", { staleness: STALE }),
      candidate("sidecar", { networkMode: "container:web" }),
    ];
    expect(unitNames(candidates)).toEqual([["db", "web", "sidecar"], ["solo"]]);
  });

  it("two stale dependencies of one dependent join a single unit", () => {
    const candidates = [
      candidate("a", { staleness: STALE }),
      candidate("b", { staleness: STALE }),
      candidate("top", { labels: dependsOn("a,b") }),
    ];
    expect(unitNames(candidates)).toEqual([["a", "b", "top"]]);
  });

  it("rolling restart: one container per unit, in reverse dependency order", () => {
    const candidates = [
      candidate("web", { labels: dependsOn("db") }),
      candidate("db", { staleness: STALE }),
      candidate("solo", { staleness: STALE }),
    ];
    expect(unitNames(candidates, { rollingRestart: true })).toEqual([["solo"], ["web"], ["db"]]);
  });
});

describe("firstWithDependencies", () => {
  it.each<[string, Fixture[], string | undefined]>([
    ["none", [{}, {}], undefined],
    ["a legacy link", [{}, { links: ["/c0:/c1/c0"] }], "/c1"],
    ["a depends-on label", [{ labels: dependsOn("c1") }, {}], "/c0"],
    ["network_mode container:", [{}, { networkMode: "container:c0" }], "/c1"],
    ["a link to an unselected container still counts", [{ links: ["/elsewhere:/c0/x"] }], "/c0"],
    [
      "compose depends_on never counts (decision 17)",
      [{ labels: composeService("c0") }, { labels: composeService("c1", "c0:service_started:false") }],
      undefined,
    ],
  ])("%s", (_, fixtures, expected) => {
    const containers = fixtures.map((fixture, index) => candidate(`c${String(index)}`, fixture).container);
    expect(firstWithDependencies(containers)).toBe(expected);
  });
});

describe("planSwaps: tag policies", () => {
  const moved = {
    current: "latest",
    latest: "1.3.0",
    ref: "localhost:5000/app:1.3.0",
  };

  it("a move to a newer tag re-creates from the new tag and reports both tags", () => {
    const plan = planSwaps([candidate("app", { staleness: { ...STALE, tags: moved } })], OPTIONS);
    expect(plan.reports[0]).toMatchObject({ state: "Updated", currentTag: "latest", latestTag: "1.3.0" });
    expect(plan.units[0]?.[0]?.plan.body.Image).toBe("localhost:5000/app:1.3.0");
  });

  it("monitor-only names the newer tag and swaps nothing", () => {
    const plan = planSwaps(
      [candidate("app", { monitorOnly: true, staleness: { ...STALE, tags: moved } })],
      OPTIONS,
    );
    expect(plan.reports[0]).toMatchObject({ state: "Stale", currentTag: "latest", latestTag: "1.3.0" });
    expect(plan.units).toEqual([]);
  });

  it("a refused tag list is Skipped with its reason and the current tag", () => {
    const own = { current: "latest", latest: "latest", ref: "localhost:5000/app:latest" };
    const reason = "the tags of localhost:5000/app:latest could not be listed: 403";
    const plan = planSwaps(
      [candidate("app", { staleness: { kind: "error", error: reason, tags: own } })],
      OPTIONS,
    );
    expect(plan.reports[0]).toMatchObject({
      state: "Skipped",
      error: reason,
      currentTag: "latest",
      latestTag: "latest",
    });
  });
});
