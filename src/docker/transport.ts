/**
 * @module One Engine API call over undici: version prefix, query encoding, JSON bodies, the
 * caller's signal combined with a per-call timeout, and mapping failures to typed errors.
 */
import type { Logger } from "pino";
import { request } from "../util/undici.ts";
import type { Dispatcher } from "undici";
import { engineFlavour, type EngineFlavour } from "./engine-flavour.ts";
import type { z } from "zod";
import { BosunError } from "../util/errors.ts";
import { apiError, DockerApiError, DockerConnectionError, DockerTimeoutError } from "./errors.ts";

export type HttpMethod = "GET" | "POST" | "DELETE" | "PUT" | "HEAD";
export type QueryValue = string | number | boolean | undefined;
export type ResponseBody = Dispatcher.ResponseData["body"];

export interface CallSpec {
  method: HttpMethod;
  /** Path below the version prefix, e.g. `/containers/json`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Serialised as JSON. */
  body?: unknown;
  /** Never logged: may hold X-Registry-Auth. */
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Milliseconds; `null` or 0 for none (streams, waits); `undefined` for the client default. */
  timeoutMs?: number | null | undefined;
  /** Skip the `/v1.xx` prefix (only `/_ping` before negotiation). */
  unversioned?: boolean;
  /** Non-2xx statuses that are a success here, e.g. 304 "already stopped". */
  acceptStatuses?: readonly number[];
}

export interface CallResponse {
  status: number;
  headers: Dispatcher.ResponseData["headers"];
  body: ResponseBody;
  /** Maps an error thrown while reading `body` (abort, timeout, dropped socket) like the call's. */
  mapError(error: unknown): unknown;
}

export interface TransportOptions {
  dispatcher: Dispatcher;
  origin: string;
  /** The DOCKER_HOST string, for connection error messages. */
  host: string;
  apiVersion: string;
  defaultTimeoutMs: number;
  /** Mention the certificates in connection errors. */
  tls?: boolean;
  logger?: Logger | undefined;
}

export class Transport {
  apiVersion: string;
  /** The engine behind the socket, learnt from every answer's headers (Podman marks each one). */
  engine: EngineFlavour = "docker";
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.apiVersion = options.apiVersion;
  }

  get host(): string {
    return this.#options.host;
  }

  /** Starts a call and returns the open response; the caller must consume or dump the body. */
  async call(spec: CallSpec): Promise<CallResponse> {
    const path =
      (spec.unversioned === true ? "" : `/v${this.apiVersion}`) + spec.path + encodeQuery(spec.query);
    const timeoutMs = spec.timeoutMs === undefined ? this.#options.defaultTimeoutMs : spec.timeoutMs;
    const unbounded = timeoutMs === null || timeoutMs <= 0;
    const timeout = unbounded ? undefined : AbortSignal.timeout(timeoutMs);
    const signals = [spec.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    const mapError = (error: unknown): unknown => {
      if (spec.signal?.aborted === true) return spec.signal.reason;
      if (timeout?.aborted === true)
        return new DockerTimeoutError(spec.method, spec.path, timeoutMs ?? 0, { cause: error });
      if (error instanceof BosunError) return error;
      return new DockerConnectionError(this.#options.host, describe(error), {
        cause: error,
        tls: this.#options.tls === true,
      });
    };

    const headers: Record<string, string> = { ...spec.headers };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = "application/json";
    }
    const started = Date.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${this.#options.origin}${path}`, {
        dispatcher: this.#options.dispatcher,
        method: spec.method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(signal === undefined ? {} : { signal }),
        ...(unbounded ? { headersTimeout: 0, bodyTimeout: 0 } : {}),
      });
    } catch (error) {
      throw mapError(error);
    }
    this.engine = engineFlavour(response.headers);
    this.#options.logger?.debug(
      { method: spec.method, path: spec.path, status: response.statusCode, ms: Date.now() - started },
      "Docker API call",
    );
    const ok =
      (response.statusCode >= 200 && response.statusCode < 300) ||
      spec.acceptStatuses?.includes(response.statusCode) === true;
    if (!ok) {
      const message = await readErrorMessage(response.body).catch(() => "");
      throw apiError(response.statusCode, spec.method, spec.path, message || `HTTP ${response.statusCode}`);
    }
    return { status: response.statusCode, headers: response.headers, body: response.body, mapError };
  }

  /** A call whose answer is JSON, validated by `schema`. */
  async json<S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>> {
    const response = await this.call(spec);
    let data: unknown;
    try {
      data = await response.body.json();
    } catch (error) {
      throw response.mapError(error);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new DockerApiError(
        response.status,
        spec.method,
        spec.path,
        `unexpected response shape: ${parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
          .join("; ")}`,
        { code: "DOCKER_BAD_RESPONSE" },
      );
    }
    return parsed.data;
  }

  /** A call whose answer body is irrelevant. */
  async empty(spec: CallSpec): Promise<void> {
    const response = await this.call(spec);
    try {
      await response.body.dump();
    } catch (error) {
      throw response.mapError(error);
    }
  }

  async close(): Promise<void> {
    await this.#options.dispatcher.close();
  }
}

/** Query string with undefined values dropped; booleans as the Engine expects ("1"/"0" work too). */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** Encodes one path segment (container ID or name). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Encodes an image reference for `/images/{name}`: the Engine route takes the rest of the path, so
 * `/`, `:` and `@` stay literal and everything else is escaped.
 */
export function imageSegment(ref: string): string {
  return encodeURIComponent(ref).replace(/%2F/gi, "/").replace(/%3A/gi, ":").replace(/%40/gi, "@");
}

const MAX_ERROR_BODY = 64 * 1024;

/** The daemon's `{"message": "..."}`, or the start of a plain-text body. */
export async function readErrorMessage(body: ResponseBody): Promise<string> {
  let text = "";
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (text.length < MAX_ERROR_BODY) text += chunk.toString("utf8");
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "message" in parsed &&
      typeof parsed.message === "string"
    ) {
      return parsed.message;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.trim().slice(0, 500);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}
