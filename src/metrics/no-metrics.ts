/**
 * @module The metrics of a Bosun that serves none (`--http-api-metrics` off): every record is
 * dropped, and prom-client is never loaded (docs/performance.md).
 */
import type { Metrics } from "./metrics.ts";

export function noMetrics(): Metrics {
  const drop = (): void => undefined;
  return {
    recordSession: drop,
    recordFailedSession: drop,
    recordSkippedScan: drop,
    notificationFailed: drop,
    request: drop,
    rateLimitRemaining: drop,
    webhookEvents: drop,
    render: () => Promise.reject(new Error("metrics are off (--http-api-metrics)")),
  };
}
