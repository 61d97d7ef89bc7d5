/**
 * @module Process exit codes, documented in docs/exit-codes.md.
 */

/** Process exit codes, documented in docs/exit-codes.md (cli.ts adds 2 for an unexpected error). */
export const EXIT = {
  /** The session ran (containers that failed to update are in its report, not in the exit code). */
  ok: 0,
  /** Bosun could not start or the session could not run: bad settings, daemon unreachable or refusing. */
  failed: 1,
  /** Another Bosun held the lock of this scope for the whole --lock-wait: the session was skipped. */
  busy: 3,
  /** Several hosts: at least one could not be reached or refused; the others ran (the report names it). */
  hostFailed: 4,
} as const;
