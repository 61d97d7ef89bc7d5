/**
 * @module Delivering one message to one service: bounded retries with exponential backoff on
 * 429 (honouring a bounded Retry-After), 5xx and network errors, and a timeout per attempt.
 */
import type { Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { SendError } from "./errors.ts";
import type { NotificationService, OutgoingMessage } from "./service.ts";

export interface RetryPolicy {
  /** Attempts in all, first one included. */
  attempts: number;
  baseDelayMs: number;
  /** Caps both the backoff and a server's Retry-After. */
  maxDelayMs: number;
  /** Per attempt; real time, so a hung server cannot stall close(). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  timeoutMs: 15_000,
};

export type DeliveryResult = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

export async function deliver(
  service: NotificationService,
  message: OutgoingMessage,
  policy: RetryPolicy,
  clock: Clock,
): Promise<DeliveryResult> {
  let attempt = 0;
  for (;;) {
    attempt += 1;
    const signal = AbortSignal.timeout(policy.timeoutMs);
    try {
      await service.send(message, signal);
      return { ok: true, attempts: attempt };
    } catch (error) {
      const retryable = error instanceof SendError ? error.retryable : !signal.aborted;
      if (!retryable || attempt >= policy.attempts) {
        return { ok: false, attempts: attempt, error: errorMessage(error) };
      }
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
      const wanted =
        error instanceof SendError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoff;
      await clock.sleep(Math.min(wanted, policy.maxDelayMs));
    }
  }
}
