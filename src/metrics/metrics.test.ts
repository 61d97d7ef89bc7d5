import { describe, expect, it } from "vitest";
import { container, reportOf } from "../../test/support/reports.ts";
import { createMetrics } from "./metrics.ts";

/** The value of a sample line `name{labels} value` in Prometheus text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("metrics", () => {
  it("exposes the Watchtower names at zero before any scan", async () => {
    const { body, contentType } = await createMetrics({ defaultMetrics: false }).render();
    expect(contentType).toMatch(/^text\/plain/);
    for (const name of [
      "watchtower_containers_scanned",
      "watchtower_containers_updated",
      "watchtower_containers_failed",
      "watchtower_scans_total",
      "watchtower_scans_skipped",
    ]) {
      expect(sample(body, name), name).toBe(0);
    }
    expect(body).toContain("# TYPE watchtower_scans_total counter");
    expect(body).toContain("# TYPE watchtower_scans_skipped counter");
    expect(body).toContain("# TYPE watchtower_containers_scanned gauge");
  });

  it("records a session with the original's meaning of updated (updated + stale)", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const report = {
      ...reportOf([
        container(1, "Updated"),
        container(2, "Stale"),
        container(3, "Failed", "boom"),
        container(4, "Fresh"),
        container(5, "Skipped", "no image"),
        container(6, "Restarted"),
      ]),
      startedAt: 1_700_000_000_000,
      finishedAt: 1_700_000_003_000,
    };
    metrics.recordSession(report);
    const { body } = await metrics.render();
    expect(sample(body, "watchtower_containers_scanned")).toBe(5);
    expect(sample(body, "watchtower_containers_updated")).toBe(2);
    expect(sample(body, "watchtower_containers_failed")).toBe(1);
    expect(sample(body, "watchtower_scans_total")).toBe(1);
    expect(sample(body, "watchtower_scans_skipped")).toBe(0);
    expect(sample(body, "bosun_containers_restarted")).toBe(1);
    expect(sample(body, "bosun_session_duration_seconds_count")).toBe(1);
    expect(sample(body, "bosun_session_duration_seconds_sum")).toBe(3);
    expect(sample(body, 'bosun_session_duration_seconds_bucket{le="5"}')).toBe(1);
    expect(sample(body, 'bosun_session_duration_seconds_bucket{le="2.5"}')).toBe(0);
    expect(sample(body, "bosun_last_successful_session_timestamp_seconds")).toBe(1_700_000_003);
  });

  it("counts the containers auto-rollback put back, across sessions", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const rolledBack = {
      ...container(1, "Failed", "rolled back: exited with code 3 after 2 s"),
      rolledBack: true,
    };
    metrics.recordSession(reportOf([rolledBack, container(2, "Failed", "boom"), container(3, "Updated")]));
    expect(sample((await metrics.render()).body, "bosun_rollbacks_total")).toBe(1);
    metrics.recordSession(reportOf([rolledBack]));
    expect(sample((await metrics.render()).body, "bosun_rollbacks_total")).toBe(2);
  });

  it("a skipped scan counts and zeroes the gauges; a failed session counts", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordSession(reportOf([container(1, "Updated"), container(2, "Failed")]));
    metrics.recordSkippedScan();
    metrics.recordFailedSession();
    const { body } = await metrics.render();
    expect(sample(body, "watchtower_scans_total")).toBe(3);
    expect(sample(body, "watchtower_scans_skipped")).toBe(1);
    expect(sample(body, "watchtower_containers_scanned")).toBe(0);
    expect(sample(body, "watchtower_containers_updated")).toBe(0);
    expect(sample(body, "watchtower_containers_failed")).toBe(0);
    expect(sample(body, "bosun_sessions_failed_total")).toBe(1);
  });

  it("counts registry requests, rate limits and failed notifications by label", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.request("localhost:5000", "HEAD", 200);
    metrics.request("localhost:5000", "HEAD", 200);
    metrics.request("ghcr.io", "GET", 401);
    metrics.rateLimitRemaining("index.docker.io", 97);
    metrics.notificationFailed("slack");
    const { body } = await metrics.render();
    expect(
      sample(body, 'bosun_registry_requests_total{host="localhost:5000",method="HEAD",status="200"}'),
    ).toBe(2);
    expect(sample(body, 'bosun_registry_requests_total{host="ghcr.io",method="GET",status="401"}')).toBe(1);
    expect(sample(body, 'bosun_registry_rate_limit_remaining{host="index.docker.io"}')).toBe(97);
    expect(sample(body, 'bosun_notifications_failed_total{service="slack"}')).toBe(1);
  });

  it("uses its own registry, with process metrics on by default", async () => {
    const a = createMetrics();
    const b = createMetrics({ defaultMetrics: false });
    a.recordSkippedScan();
    expect(sample((await b.render()).body, "watchtower_scans_total")).toBe(0);
    const { body } = await a.render();
    expect(sample(body, "watchtower_scans_total")).toBe(1);
    expect(body).toContain("process_cpu_user_seconds_total");
    expect(body).toContain("nodejs_heap_size_total_bytes");
  });
});
