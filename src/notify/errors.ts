/**
 * @module Typed errors of the notification layer.
 */
import { BosunError } from "../util/errors.ts";

/** A notification setting that cannot work: bad URL, unknown type, bad template. */
export class NotifyConfigError extends BosunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("NOTIFY_CONFIG", message, options);
  }
}

/** One failed delivery attempt. `retryable` covers 429, 5xx and network errors. */
export class SendError extends BosunError {
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** From Retry-After, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: { status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super("NOTIFY_SEND", message, { cause: details.cause });
    this.status = details.status;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}
