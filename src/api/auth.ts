/**
 * @module API token check: the token comes from `Authorization: Bearer <token>` (as Watchtower) or
 * from a `Token: <token>` header, and is compared in constant time (SHA-256 of both, then
 * timingSafeEqual), so neither its content nor its length leaks through timing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** The tokens a request presents: the Bearer credential and the `Token` header, when present. */
export function presentedTokens(headers: IncomingHttpHeaders): string[] {
  const tokens: string[] = [];
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^bearer[ \t]+(.+)$/i.exec(authorization.trim());
    if (match?.[1] !== undefined) tokens.push(match[1].trim());
  }
  const token = headers.token;
  if (typeof token === "string" && token.trim() !== "") tokens.push(token.trim());
  return tokens;
}

/** True when one of the presented tokens equals `expected`; no `expected` token never matches. */
export function isAuthorized(headers: IncomingHttpHeaders, expected: string | undefined): boolean {
  return anyTokenMatches(presentedTokens(headers), expected);
}

/** True when one of `tokens` equals `expected`, compared in constant time; no `expected` never matches. */
export function anyTokenMatches(tokens: readonly string[], expected: string | undefined): boolean {
  // The configuration never gives "" (it is undefined), but an empty token must never open the
  // API whoever passes it: `?token=` presents one.
  if (expected === undefined || expected === "") return false;
  const want = digest(expected);
  let ok = false;
  for (const token of tokens) {
    // No short-circuit: every presented token is compared.
    ok = timingSafeEqual(digest(token), want) || ok;
  }
  return ok;
}
