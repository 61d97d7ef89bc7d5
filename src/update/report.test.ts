import { describe, expect, it } from "vitest";
import { buildReport, porcelainV1, reportCounts, watchtowerView } from "./report.ts";
import type { ContainerReport, ContainerState } from "./report-types.ts";

const OLD = `sha256:${"1".repeat(64)}`;
const NEW = `sha256:${"2".repeat(64)}`;

function entry(id: string, state: ContainerState, extra: Partial<ContainerReport> = {}): ContainerReport {
  return {
    id,
    name: `/${id}-name`,
    imageName: `localhost:5000/${id}:latest`,
    currentImageId: OLD,
    latestImageId: state === "Updated" || state === "Stale" ? NEW : OLD,
    state,
    ...extra,
  };
}

const ids = (entries: readonly ContainerReport[]) => entries.map((item) => item.id);

describe("buildReport", () => {
  const entries = [
    entry("f", "Fresh"),
    entry("c", "Skipped", { error: "pull failed" }),
    entry("a", "Updated"),
    entry("e", "Restarted"),
    entry("b", "Failed", { error: "boom" }),
    entry("d", "Stale"),
    entry("g", "Updated"),
    entry("h", "Skipped"),
  ];
  const report = buildReport(entries, 1000, 2500);

  it("keeps the times and every container once, sorted by ID", () => {
    expect(report.startedAt).toBe(1000);
    expect(report.finishedAt).toBe(2500);
    expect(ids(report.containers)).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
  });

  it.each<[keyof ReturnType<typeof reportCounts>, string[]]>([
    ["scanned", ["a", "b", "d", "e", "f", "g"]],
    ["updated", ["a", "g"]],
    ["failed", ["b"]],
    ["skipped", ["c", "h"]],
    ["stale", ["d"]],
    ["fresh", ["f"]],
    ["restarted", ["e"]],
  ])("%s lists %j, sorted by ID", (category, expected) => {
    expect(ids(report[category])).toEqual(expected);
    expect(reportCounts(report)[category]).toBe(expected.length);
  });

  it("does not reorder the caller's list", () => {
    expect(ids(entries)).toEqual(["f", "c", "a", "e", "b", "d", "g", "h"]);
  });

  it("an empty session has empty lists", () => {
    const empty = buildReport([], 0, 0);
    expect(Object.values(reportCounts(empty))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("watchtowerView", () => {
  it("shows a dependent restarted for its parent as Fresh, in the lists and its state (decision 18)", () => {
    const report = buildReport([entry("b", "Restarted"), entry("a", "Updated"), entry("c", "Fresh")], 0, 0);
    const view = watchtowerView(report);
    expect(view.containers.map((c) => c.state)).toEqual(["Updated", "Fresh", "Fresh"]);
    expect(view.fresh.map((c) => c.id)).toEqual(["b", "c"]);
    expect(view.scanned.map((c) => c.state)).toEqual(["Updated", "Fresh", "Fresh"]);
    expect(view.restarted.map((c) => [c.id, c.state])).toEqual([["b", "Fresh"]]);
    expect(report.restarted.map((c) => c.state)).toEqual(["Restarted"]);
    expect(reportCounts(report)).toMatchObject({ fresh: 1, restarted: 1 });
  });
});

describe("porcelainV1", () => {
  it("one line per container: /<name> (<image>): <State>[ Error: <err>], sorted by ID", () => {
    const report = buildReport(
      [
        entry("b", "Failed", { name: "/web", imageName: "nginx:latest", error: "start failed: port in use" }),
        entry("a", "Updated", { name: "/db", imageName: "postgres:16" }),
        entry("c", "Skipped", {
          name: "/x",
          imageName: "x:latest",
          error: "",
          note: "a note is not an error",
        }),
        entry("d", "Restarted", { name: "/y", imageName: "y:1" }),
      ],
      0,
      0,
    );
    expect(porcelainV1(report)).toEqual([
      "/db (postgres:16): Updated",
      "/web (nginx:latest): Failed Error: start failed: port in use",
      "/x (x:latest): Skipped",
      "/y (y:1): Fresh",
    ]);
  });

  it("a Swarm service is one line by its service name, without the container's slash", () => {
    const report = buildReport(
      [
        entry("a", "Updated", { name: "/db", imageName: "postgres:16" }),
        entry("x1svc", "Failed", {
          name: "web",
          imageName: "localhost:5000/web:latest",
          kind: "service",
          error: "Swarm rolled the update back: update rolled back due to failure",
        }),
      ],
      0,
      0,
    );
    expect(porcelainV1(report)).toEqual([
      "/db (postgres:16): Updated",
      "web (localhost:5000/web:latest): Failed Error: Swarm rolled the update back: update rolled back due to failure",
    ]);
  });

  it("says so when no container matched", () => {
    expect(porcelainV1(buildReport([], 0, 0))).toEqual(["no containers matched filter"]);
  });
});
