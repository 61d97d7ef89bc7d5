/**
 * @module Request bodies, within a size and time limit: `/v1/update` takes none, so its body is read
 * and thrown away (never logged or echoed, unlike the original, which copied it to stdout); the
 * registry webhook reads its JSON body.
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
  // A complete message may still sit unread in the stream: unread, it is thrown away anyway.
  if (req.complete && !tooLarge(req, limit)) return Promise.resolve("ok");
  return consume(req, limit, timeoutMs, () => undefined);
}

/** Reads the body of `req` into memory, stopping at `limit` bytes or after `timeoutMs`. */
export async function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
  timeoutMs = BODY_TIMEOUT_MS,
): Promise<{ outcome: "ok"; body: Buffer } | { outcome: Exclude<BodyOutcome, "ok"> }> {
  const chunks: Buffer[] = [];
  const outcome = await consume(req, limit, timeoutMs, (chunk) => chunks.push(chunk));
  return outcome === "ok" ? { outcome, body: Buffer.concat(chunks) } : { outcome };
}

function tooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers["content-length"] ?? "0");
  return Number.isFinite(declared) && declared > limit;
}

function consume(
  req: IncomingMessage,
  limit: number,
  timeoutMs: number,
  onChunk: (chunk: Buffer) => void,
): Promise<BodyOutcome> {
  if (tooLarge(req, limit)) return Promise.resolve("too-large");
  if (req.readableEnded) return Promise.resolve("ok");
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
      else onChunk(chunk);
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
