/**
 * @module The base of Bosun's typed errors: a stable `code` and the underlying `cause`.
 */

export class BosunError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
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
