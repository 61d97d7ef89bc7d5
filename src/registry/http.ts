/**
 * @module HTTP to registries over one keep-alive undici dispatcher: a timeout on every request,
 * bounded retries of 429/503 honouring Retry-After, metrics, and the HTTPS-then-HTTP fallback
 * Docker allows for loopback and insecure registries (the scheme is remembered per host).
 */
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { request } from "../util/undici.ts";
import type { Clock } from "../util/clock.ts";
import { BosunError, errorMessage } from "../util/errors.ts";
import { isLoopbackHost } from "./hosts.ts";

/** Reported per registry request; the metrics helper implements it with prom-client. */
export interface RegistryMetrics {
  request(host: string, method: string, status: number): void;
  rateLimitRemaining(host: string, remaining: number): void;
}

export class RegistryHttpError extends BosunError {}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  url: string;
}

export interface HttpRequest {
  method: "GET" | "HEAD";
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

export interface RegistryHttp {
  /** A request to `https://<host><path>` (or http for a loopback host that does not speak TLS). */
  registry(host: string, path: string, init: HttpRequest): Promise<HttpResponse>;
  /** A request to an absolute URL (a token realm). */
  url(url: string, init: HttpRequest): Promise<HttpResponse>;
}

export interface RegistryHttpOptions {
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  metrics?: RegistryMetrics | undefined;
  userAgent: string;
  maxTries?: number;
  maxRetryWaitMs?: number;
  /**
   * Hosts that may be retried over plain HTTP when they do not speak TLS: loopback by default
   * (as Docker allows); every host with --insecure-registry (as Docker's insecure registries).
   */
  allowPlainHttp?: (host: string) => boolean;
}

export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function createRegistryHttp(options: RegistryHttpOptions): RegistryHttp {
  const schemes = new Map<string, "https" | "http">();
  const maxTries = options.maxTries ?? 3;
  const maxWait = options.maxRetryWaitMs ?? 30_000;
  const allowPlainHttp = options.allowPlainHttp ?? isLoopbackHost;

  const once = async (url: string, init: HttpRequest): Promise<HttpResponse> => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = init.signal === undefined ? timeout : AbortSignal.any([init.signal, timeout]);
    const { host } = new URL(url);
    try {
      const response = await request(url, {
        method: init.method,
        headers: { "user-agent": options.userAgent, ...init.headers },
        dispatcher: options.dispatcher,
        signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        // undici closes the connection after every HEAD (in case a server sends a body anyway);
        // registries answer HEAD properly, and a new connection per digest check cost a TCP and
        // a TLS handshake, two more round trips, for each. Go's client (Watchtower) keeps it too.
        ...(init.method === "HEAD" && { reset: false }),
      });
      const body = init.method === "HEAD" ? (await response.body.dump(), "") : await response.body.text();
      options.metrics?.request(host, init.method, response.statusCode);
      const result = { status: response.statusCode, headers: response.headers, body, url };
      const remaining = parseRateLimit(header(result, "ratelimit-remaining"));
      if (remaining !== undefined) {
        options.metrics?.rateLimitRemaining(host, remaining);
        options.logger.debug({ host, remaining }, "Registry rate limit remaining");
      }
      return result;
    } catch (error) {
      if (init.signal?.aborted === true) throw error;
      if (timeout.aborted) {
        throw new RegistryHttpError(
          "REGISTRY_TIMEOUT",
          `${init.method} ${host} timed out after ${options.timeoutMs} ms`,
          { cause: error },
        );
      }
      const code = errorCode(error);
      if (code !== undefined && CERT_ERROR.test(code)) {
        throw new RegistryHttpError(
          "REGISTRY_TLS",
          `TLS verification of ${host} failed: ${errorMessage(error)} (${code}); ` +
            "trust its CA with --registry-ca",
          { cause: error },
        );
      }
      // The URL holds no secret (a token realm's query is service and scope only).
      throw new RegistryHttpError(
        "REGISTRY_CONNECTION",
        `${init.method} ${url.replace(/\?.*$/, "")} failed: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  };

  const withRetries = async (url: string, init: HttpRequest): Promise<HttpResponse> => {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const response = await once(url, init);
      if ((response.status !== 429 && response.status !== 503) || attempt >= maxTries) return response;
      const wait = retryAfterMs(header(response, "retry-after"), options.clock.now()) ?? 1000 * attempt;
      if (waited + wait > maxWait) return response;
      options.logger.debug(
        { host: new URL(url).host, status: response.status, waitMs: wait },
        "Registry asks to retry",
      );
      await options.clock.sleep(wait, init.signal);
      waited += wait;
    }
  };

  return {
    async registry(host, path, init) {
      const known = schemes.get(host);
      if (known !== undefined || !allowPlainHttp(host))
        return withRetries(`${known ?? "https"}://${host}${path}`, init);
      try {
        const response = await withRetries(`https://${host}${path}`, init);
        schemes.set(host, "https");
        return response;
      } catch (error) {
        // Only a server that does not speak TLS at all may be retried over plain HTTP: never a
        // certificate that failed verification, a timeout or a caller's abort.
        if (
          init.signal?.aborted === true ||
          !(error instanceof RegistryHttpError) ||
          error.code !== "REGISTRY_CONNECTION"
        ) {
          throw error;
        }
        // A registry without TLS (loopback, or any with --insecure-registry), as Docker allows:
        // remember it and use plain HTTP.
        const response = await withRetries(`http://${host}${path}`, init);
        schemes.set(host, "http");
        return response;
      }
    },
    url: withRetries,
  };
}

const CERT_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME|HOSTNAME_MISMATCH/;

/** The first `code` along the `cause` chain (undici wraps socket errors). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string" && CERT_ERROR.test(code)) return code;
  }
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** Docker Hub's `ratelimit-remaining: 76;w=21600` → 76. */
export function parseRateLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)/.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or malformed. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
