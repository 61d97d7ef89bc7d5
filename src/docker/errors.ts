/**
 * @module Typed errors of the Docker Engine client. The daemon's own `message` is kept; request
 * headers (which may carry X-Registry-Auth) never appear in a message.
 */
import type { ErrorCode } from "../util/error-codes.ts";
import { BosunError } from "../util/errors.ts";

/** A non-2xx answer from the Engine API. */
export class DockerApiError extends BosunError {
  readonly status: number;
  readonly method: string;
  readonly path: string;

  constructor(
    status: number,
    method: string,
    path: string,
    message: string,
    options?: { cause?: unknown; code?: ErrorCode },
  ) {
    super(options?.code ?? "DOCKER_API", `${method} ${path}: ${message} (HTTP ${status})`, options);
    this.status = status;
    this.method = method;
    this.path = path;
  }
}

/** 404: no such container, image, network, volume or exec. */
export class NotFoundError extends DockerApiError {
  constructor(method: string, path: string, message: string, options?: { cause?: unknown }) {
    super(404, method, path, message, { ...options, code: "DOCKER_NOT_FOUND" });
  }
}

/** 409: name in use, container not running, image in use... */
export class ConflictError extends DockerApiError {
  constructor(method: string, path: string, message: string, options?: { cause?: unknown }) {
    super(409, method, path, message, { ...options, code: "DOCKER_CONFLICT" });
  }
}

/** The daemon could not be reached at all: socket missing, connection refused, TLS failure. */
export class DockerConnectionError extends BosunError {
  readonly host: string;

  constructor(host: string, detail: string, options?: { cause?: unknown; tls?: boolean }) {
    super(
      "DOCKER_CONNECTION",
      `Cannot connect to the Docker daemon at ${host}: ${detail}. ` +
        "Check DOCKER_HOST (--host) and that the daemon is running" +
        (options?.tls === true ? ", and the TLS certificates in DOCKER_CERT_PATH" : ""),
      options,
    );
    this.host = host;
  }
}

/** A call did not finish within its own timeout (not a caller's abort, which rethrows its reason). */
export class DockerTimeoutError extends BosunError {
  readonly method: string;
  readonly path: string;

  constructor(method: string, path: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(
      "DOCKER_TIMEOUT",
      `${method} ${path}: no answer from the Docker daemon within ${timeoutMs} ms`,
      options,
    );
    this.method = method;
    this.path = path;
  }
}

/** Bad client configuration: a malformed host, missing certificates, an unusable API version. */
export class DockerConfigError extends BosunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DOCKER_CONFIG", message, options);
  }
}

/** Maps an HTTP status and the daemon's message to the most specific error class. */
export function apiError(status: number, method: string, path: string, message: string): DockerApiError {
  if (status === 404) return new NotFoundError(method, path, message);
  if (status === 409) return new ConflictError(method, path, message);
  return new DockerApiError(status, method, path, message);
}
