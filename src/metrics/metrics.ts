/**
 * @module Prometheus metrics on a private prom-client registry: Watchtower's `watchtower_*` names
 * with the original's meaning (so existing dashboards keep working) plus Bosun's own `bosun_*`
 * metrics. Also the registry layer's RegistryMetrics sink.
 */
import { createRequire } from "node:module";
import type * as PromClient from "prom-client";
import type { RegistryMetrics } from "../registry/http.ts";
import { isHostEntry } from "../fleet/merge-reports.ts";
import type { SessionReport } from "../update/report-types.ts";

// prom-client's classes without its index, which also loads the Pushgateway (http, https), the
// cluster aggregator (node:cluster) and Summary's t-digest: ~3.5 MiB a daemon would hold for nothing.
const load = createRequire(import.meta.url);
const Registry = load("prom-client/lib/registry.js") as typeof PromClient.Registry;
const Counter = load("prom-client/lib/counter.js") as typeof PromClient.Counter;
const Gauge = load("prom-client/lib/gauge.js") as typeof PromClient.Gauge;
const Histogram = load("prom-client/lib/histogram.js") as typeof PromClient.Histogram;
const collectDefaultMetrics = load(
  "prom-client/lib/defaultMetrics.js",
) as typeof PromClient.collectDefaultMetrics;

export interface MetricsOptions {
  /** Also expose Node.js process metrics (`process_*`, `nodejs_*`), as the original exposed Go's. Default true. */
  defaultMetrics?: boolean;
  /**
   * Several Docker hosts: the per-scan gauges are per host (a `host` label), and
   * `bosun_docker_host_up` says whether each host's part of the last session ran.
   */
  hosts?: readonly string[];
}

export interface RenderedMetrics {
  contentType: string;
  body: string;
}

export interface Metrics extends RegistryMetrics {
  /** A session that ran to its end (containers may have failed in it). */
  recordSession(report: SessionReport): void;
  /** A session that threw before producing a report. */
  recordFailedSession(): void;
  /** A scheduled scan that did not run (as the original: total and skipped up, gauges zeroed). */
  recordSkippedScan(): void;
  notificationFailed(service: string): void;
  /** Events of a registry webhook: `queued` pushes started a targeted update, the rest were `ignored`. */
  webhookEvents(source: string, result: "queued" | "ignored", count: number): void;
  render(): Promise<RenderedMetrics>;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const hosts = options.hosts ?? [];
  const labelNames = hosts.length > 0 ? (["host"] as const) : ([] as const);
  const scanned = new Gauge({
    labelNames,
    name: "watchtower_containers_scanned",
    help: "Number of containers scanned for changes by watchtower during the last scan",
    registers,
  });
  const updated = new Gauge({
    labelNames,
    name: "watchtower_containers_updated",
    help: "Number of containers updated by watchtower during the last scan (including stale ones in monitor-only mode)",
    registers,
  });
  const failed = new Gauge({
    labelNames,
    name: "watchtower_containers_failed",
    help: "Number of containers where update failed during the last scan",
    registers,
  });
  const scansTotal = new Counter({
    name: "watchtower_scans_total",
    help: "Number of scans since the watchtower started",
    registers,
  });
  const scansSkipped = new Counter({
    name: "watchtower_scans_skipped",
    help: "Number of skipped scans since watchtower started",
    registers,
  });
  const restarted = new Gauge({
    labelNames,
    name: "bosun_containers_restarted",
    help: "Number of containers restarted (dependents of updated containers) during the last scan",
    registers,
  });
  const duration = new Histogram({
    name: "bosun_session_duration_seconds",
    help: "Duration of completed update sessions",
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers,
  });
  const lastSuccess = new Gauge({
    name: "bosun_last_successful_session_timestamp_seconds",
    help: "Unix time at which the last update session completed",
    registers,
  });
  const sessionsFailed = new Counter({
    name: "bosun_sessions_failed_total",
    help: "Number of update sessions that aborted with an error",
    registers,
  });
  const registryRequests = new Counter({
    name: "bosun_registry_requests_total",
    help: "Requests to container registries by registry host, method and HTTP status (0 = no response)",
    labelNames: ["host", "method", "status"] as const,
    registers,
  });
  const rateLimit = new Gauge({
    name: "bosun_registry_rate_limit_remaining",
    help: "Remaining pulls reported by the registry's ratelimit-remaining header",
    labelNames: ["host"] as const,
    registers,
  });
  const rollbacks = new Counter({
    name: "bosun_rollbacks_total",
    help: "Containers put back on their original after their new container failed its verification (--auto-rollback)",
    registers,
  });
  const notificationsFailed = new Counter({
    name: "bosun_notifications_failed_total",
    help: "Notifications that could not be delivered, by service",
    labelNames: ["service"] as const,
    registers,
  });
  const webhookEvents = new Counter({
    name: "bosun_webhook_events_total",
    help: "Registry webhook events by payload source and result (queued: a tagged push queued an update; ignored: pulls, blobs, untagged pushes)",
    labelNames: ["source", "result"] as const,
    registers,
  });

  const hostUp =
    hosts.length > 0
      ? new Gauge({
          name: "bosun_docker_host_up",
          help: "1 when the Docker host's part of the last session ran, 0 when the host was down, refused or locked",
          labelNames: ["host"] as const,
          registers,
        })
      : undefined;
  /** The per-scan gauges, for the whole session or (several hosts) per host. */
  const setScan = (report: SessionReport | undefined) => {
    const set = (gauge: PromClient.Gauge<"host">, count: (part: SessionReport) => number) => {
      if (hosts.length === 0) {
        gauge.set(report === undefined ? 0 : count(report));
        return;
      }
      for (const host of hosts) gauge.set({ host }, report === undefined ? 0 : count(hostPart(report, host)));
    };
    set(scanned, (part) => part.scanned.length);
    set(updated, (part) => part.updated.length + part.stale.length);
    set(failed, (part) => part.failed.length);
    set(restarted, (part) => part.restarted.length);
  };

  return {
    recordSession(report) {
      scansTotal.inc();
      setScan(report);
      for (const host of hosts) {
        hostUp?.set(
          { host },
          report.containers.some((entry) => entry.host === host && isHostEntry(entry)) ? 0 : 1,
        );
      }
      rollbacks.inc(report.containers.filter((entry) => entry.rolledBack === true).length);
      duration.observe(Math.max(0, report.finishedAt - report.startedAt) / 1000);
      lastSuccess.set(report.finishedAt / 1000);
    },
    recordFailedSession() {
      scansTotal.inc();
      sessionsFailed.inc();
    },
    recordSkippedScan() {
      scansTotal.inc();
      scansSkipped.inc();
      setScan(undefined);
    },
    request(host, method, status) {
      registryRequests.inc({ host, method, status: String(status) });
    },
    rateLimitRemaining(host, remaining) {
      rateLimit.set({ host }, remaining);
    },
    notificationFailed(service) {
      notificationsFailed.inc({ service });
    },
    webhookEvents(source, result, count) {
      if (count > 0) webhookEvents.inc({ source, result }, count);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** The entries of one host, as counts need them. */
function hostPart(report: SessionReport, host: string): SessionReport {
  const of = (entries: SessionReport["containers"]) => entries.filter((entry) => entry.host === host);
  return {
    ...report,
    containers: of(report.containers),
    scanned: of(report.scanned),
    updated: of(report.updated),
    failed: of(report.failed),
    skipped: of(report.skipped),
    stale: of(report.stale),
    fresh: of(report.fresh),
    restarted: of(report.restarted),
  };
}
