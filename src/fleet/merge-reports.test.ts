import { describe, expect, it } from "vitest";
import { createMetrics } from "../metrics/metrics.ts";
import { porcelainV1, buildReport } from "../update/report.ts";
import type { ContainerReport, ContainerState } from "../update/report-types.ts";
import { hostEntryId, isHostEntry, mergeReports, type HostRun } from "./merge-reports.ts";

const OLD = `sha256:${"1".repeat(64)}`;
const NEW = `sha256:${"2".repeat(64)}`;
const A = "unix:///run/a.sock";
const B = "tcp://10.0.0.2:2376";
const C = "unix:///run/c.sock";

function entry(id: string, state: ContainerState, extra: Partial<ContainerReport> = {}): ContainerReport {
  return {
    id,
    name: `/${id}`,
    imageName: `localhost:5000/${id}:latest`,
    currentImageId: OLD,
    latestImageId: state === "Updated" ? NEW : OLD,
    state,
    ...extra,
  };
}

const runA: HostRun = {
  host: A,
  report: buildReport([entry("a1", "Updated"), entry("a2", "Fresh")], 100, 400),
};
const runB: HostRun = { host: B, report: buildReport([entry("b1", "Failed", { error: "boom" })], 50, 300) };
const downC: HostRun = {
  host: C,
  error: "Docker host failed: connect ENOENT /run/c.sock",
  reason: "connect ENOENT /run/c.sock",
  busy: false,
};

describe("mergeReports", () => {
  it.each([
    {
      what: "two hosts that ran",
      runs: [runA, runB],
      containers: [
        ["a1", A, "Updated"],
        ["a2", A, "Fresh"],
        ["b1", B, "Failed"],
      ],
      startedAt: 50,
      finishedAt: 400,
    },
    {
      what: "a host that ran and one that is down",
      runs: [runA, downC],
      containers: [
        ["a1", A, "Updated"],
        ["a2", A, "Fresh"],
        [hostEntryId(C), C, "Skipped"],
      ],
      startedAt: 100,
      finishedAt: 400,
    },
    {
      what: "no host that ran",
      runs: [
        downC,
        {
          host: B,
          error: "another Bosun holds the lock",
          reason: "another Bosun holds the lock",
          busy: true,
        },
      ],
      containers: [
        [hostEntryId(C), C, "Skipped"],
        [hostEntryId(B), B, "Skipped"],
      ],
      startedAt: 999,
      finishedAt: 999,
    },
  ])("$what: every entry carries its host", ({ runs, containers, startedAt, finishedAt }) => {
    const report = mergeReports(runs, 999);
    expect(
      report.containers
        .map((item) => [item.id, item.host, item.state])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual([...containers].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    expect(report.startedAt).toBe(startedAt);
    expect(report.finishedAt).toBe(finishedAt);
    expect(report.scanned.length + report.skipped.length).toBe(containers.length);
  });

  it("leaves the hosts' own reports untouched", () => {
    mergeReports([runA], 0);
    expect("report" in runA && runA.report.containers.every((item) => item.host === undefined)).toBe(true);
  });

  it("gives a host that failed one Skipped entry with the reason, marked as the host's", () => {
    const report = mergeReports([runA, downC], 0);
    const [hostLevel] = report.skipped;
    expect(hostLevel).toMatchObject({ name: "*", host: C, state: "Skipped", error: downC.error });
    expect(hostLevel !== undefined && isHostEntry(hostLevel)).toBe(true);
    expect(report.containers.filter(isHostEntry)).toHaveLength(1);
  });

  it("puts the host first on porcelain lines; one host's lines are as before", () => {
    expect(porcelainV1(mergeReports([runA, downC], 0))).toEqual([
      `${A} /a1 (localhost:5000/a1:latest): Updated`,
      `${A} /a2 (localhost:5000/a2:latest): Fresh`,
      `${C} * (): Skipped Error: ${downC.error}`,
    ]);
    expect("report" in runA && porcelainV1(runA.report)).toEqual([
      "/a1 (localhost:5000/a1:latest): Updated",
      "/a2 (localhost:5000/a2:latest): Fresh",
    ]);
  });
});

describe("metrics of a fleet session", () => {
  it("labels the per-scan gauges by host and says which host's part did not run", async () => {
    const metrics = createMetrics({ defaultMetrics: false, hosts: [A, B, C] });
    metrics.recordSession(mergeReports([runA, runB, downC], 0));
    const { body } = await metrics.render();
    expect(body).toContain(`watchtower_containers_scanned{host="${A}"} 2`);
    expect(body).toContain(`watchtower_containers_updated{host="${A}"} 1`);
    expect(body).toContain(`watchtower_containers_failed{host="${B}"} 1`);
    expect(body).toContain(`watchtower_containers_scanned{host="${C}"} 0`);
    expect(body).toContain(`bosun_docker_host_up{host="${A}"} 1`);
    expect(body).toContain(`bosun_docker_host_up{host="${C}"} 0`);
    expect(body).toContain("watchtower_scans_total 1");
    metrics.recordSkippedScan();
    expect((await metrics.render()).body).toContain(`watchtower_containers_scanned{host="${A}"} 0`);
  });

  it("has no host label with one host", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordSession(buildReport([entry("a1", "Updated")], 0, 1));
    const { body } = await metrics.render();
    expect(body).toContain("watchtower_containers_scanned 1");
    expect(body).not.toContain("host=");
    expect(body).not.toContain("bosun_docker_host_up");
  });
});
