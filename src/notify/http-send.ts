/**
 * @module One HTTP request of a notification service, over undici with the injected
 * dispatcher; non-2xx answers become SendErrors (retryable for 429 and 5xx).
 */
import type { Dispatcher } from "undici";
import { request } from "../util/undici.ts";
import type { Clock } from "../util/clock.ts";
import { SendError } from "./errors.ts";

export interface HttpDeps {
  dispatcher?: Dispatcher | undefined;
  /** Maps a service's real endpoint to another (tests point it at a loopback receiver). */
  resolveEndpoint?: ((url: URL) => URL) | undefined;
  clock: Clock;
}

export interface HttpRequest {
  method: "POST" | "PUT" | "GET";
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** Sends the request; resolves to the response body text for 2xx answers. */
export async function httpSend(deps: HttpDeps, req: HttpRequest): Promise<string> {
  const target = deps.resolveEndpoint === undefined ? req.url : deps.resolveEndpoint(req.url);
  let res: Dispatcher.ResponseData;
  try {
    res = await request(target, {
      method: req.method,
      headers: req.headers ?? {},
      ...(req.body === undefined ? {} : { body: req.body }),
      signal: req.signal,
      ...(deps.dispatcher === undefined ? {} : { dispatcher: deps.dispatcher }),
    });
  } catch (error) {
    const aborted = req.signal.aborted;
    throw new SendError(aborted ? "request timed out" : `network error: ${errorText(error)}`, {
      retryable: true,
      cause: error,
    });
  }
  const text = await res.body.text().catch(() => "");
  if (res.statusCode >= 200 && res.statusCode < 300) return text;
  const retryable = res.statusCode === 429 || res.statusCode >= 500;
  const retryAfterMs = parseRetryAfter(res.headers["retry-after"], deps.clock.now());
  throw new SendError(`HTTP ${String(res.statusCode)}`, {
    status: res.statusCode,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === "string" ? code : error.message;
  }
  return "unknown";
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function jsonHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": "application/json", ...extra };
}

/** POSTs `payload` as JSON; resolves to the answer's body text. */
export function postJson(
  deps: HttpDeps,
  url: URL,
  payload: unknown,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<string> {
  return httpSend(deps, {
    method: "POST",
    url,
    headers: jsonHeaders(headers),
    body: JSON.stringify(payload),
    signal,
  });
}

/** An answer's body as JSON, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
