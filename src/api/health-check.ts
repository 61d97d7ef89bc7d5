/**
 * @module The `bosun --health-check` client: asks a running instance's `/v1/health` on the loopback
 * interface (or on the API host when it is bound to one address) and reports whether it answered 200.
 */
import { request } from "node:http";

export interface HealthCheckOptions {
  /** The configured `--http-api-host`; none or a wildcard address means the loopback interface. */
  host?: string | undefined;
  port: number;
  timeoutMs: number;
}

const WILDCARDS = new Set(["", "0.0.0.0", "::", "[::]"]);

/** The address to reach an API bound to `host`. */
export function healthCheckHost(host: string | undefined): string {
  const h = (host ?? "").trim();
  if (WILDCARDS.has(h)) return "127.0.0.1";
  return h.replace(/^\[(.*)\]$/, "$1");
}

/** True when `GET /v1/health` answers 200 within `timeoutMs`; never throws. */
export function healthCheck(options: HealthCheckOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (healthy: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(healthy);
    };
    const req = request(
      {
        host: healthCheckHost(options.host),
        port: options.port,
        path: "/v1/health",
        method: "GET",
        agent: false,
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          done(res.statusCode === 200);
        });
        res.on("error", () => {
          done(false);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done(false);
    }, options.timeoutMs);
    req.on("error", () => {
      done(false);
    });
    req.end();
  });
}
