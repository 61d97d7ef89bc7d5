/**
 * @module The base of Bosun's typed errors: a stable `code` (one of `error-codes.ts`) and the
 * underlying `cause`.
 */
import type { ErrorCode } from "./error-codes.ts";

export type { ErrorCode };

export class BosunError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The message of any thrown value, for reports and logs. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
