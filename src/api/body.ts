/**
 * @module Request bodies: the API takes none, so a body is read and thrown away (never logged or
 * echoed, unlike the original, which copied it to stdout), within a size and time limit.
 */
import type { IncomingMessage } from "node:http";

export const MAX_BODY_BYTES = 64 * 1024;
export const BODY_TIMEOUT_MS = 30_000;

export type BodyOutcome = "ok" | "too-large" | "timeout" | "aborted";

/** Reads and discards the body of `req`, stopping at `limit` bytes or after `timeoutMs`. */
export function discardBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
  timeoutMs = BODY_TIMEOUT_MS,
): Promise<BodyOutcome> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve("too-large");
  if (req.complete) return Promise.resolve("ok");
  return new Promise((resolve) => {
    let received = 0;
    const finish = (outcome: BodyOutcome): void => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      if (outcome !== "ok") req.pause();
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) finish("too-large");
    };
    const onEnd = (): void => {
      finish("ok");
    };
    const onError = (): void => {
      finish("aborted");
    };
    const onClose = (): void => {
      if (!req.complete) finish("aborted");
    };
    const timer = setTimeout(() => {
      finish("timeout");
    }, timeoutMs);
    timer.unref();
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
