/**
 * @module Bearer tokens cached by realm + service + scope until shortly before they expire, with
 * single-flight: concurrent checks of one repository share one token request.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../util/clock.ts";

/** Where tokens live: memory by default, Redis when several instances share them. */
export interface TokenCache {
  get(key: string): Promise<string | undefined>;
  /** Stores `token` for `ttlMs`; afterwards `get` must not return it. */
  set(key: string, token: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryTokenCache(clock: Clock): TokenCache {
  const entries = new Map<string, { token: string; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return Promise.resolve(undefined);
      if (clock.now() >= entry.expiresAt) {
        entries.delete(key);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(entry.token);
    },
    set(key, token, ttlMs) {
      if (ttlMs > 0) entries.set(key, { token, expiresAt: clock.now() + ttlMs });
      return Promise.resolve();
    },
    delete(key) {
      entries.delete(key);
      return Promise.resolve();
    },
    close() {
      entries.clear();
      return Promise.resolve();
    },
  };
}

export interface TokenKey {
  realm: string;
  service: string;
  scope: string;
  /** Who asked (a username, never a secret): tokens of different accounts never mix. */
  account: string;
}

/** A stable cache key; hashed so the Redis key space holds no URLs or account names. */
export function tokenCacheKey(key: TokenKey): string {
  const digest = createHash("sha256")
    .update([key.realm, key.service, key.scope, key.account].join("\n"))
    .digest("hex");
  return `bosun:registry-token:${digest}`;
}

export const DEFAULT_TOKEN_TTL_S = 60;

/** Cache lifetime of a token: `expires_in` (60 s when absent) minus a margin for clock skew and latency. */
export function tokenTtlMs(expiresInSeconds: number | undefined): number {
  const ttl = (expiresInSeconds ?? DEFAULT_TOKEN_TTL_S) * 1000;
  return ttl - Math.min(10_000, ttl / 4);
}

export interface FetchedToken {
  token: string;
  ttlMs: number;
}

export interface TokenStore {
  /** The cached token for `key`, or the result of one `fetch` shared by all concurrent callers. */
  get(key: TokenKey, fetch: () => Promise<FetchedToken>): Promise<string>;
  /** Forgets a token the registry rejected. */
  invalidate(key: TokenKey): Promise<void>;
}

export function createTokenStore(cache: TokenCache): TokenStore {
  const inflight = new Map<string, Promise<string>>();
  return {
    get(key, fetch) {
      const id = tokenCacheKey(key);
      const pending = inflight.get(id);
      if (pending !== undefined) return pending;
      const promise = (async () => {
        const cached = await cache.get(id);
        if (cached !== undefined) return cached;
        const fetched = await fetch();
        await cache.set(id, fetched.token, fetched.ttlMs);
        return fetched.token;
      })().finally(() => inflight.delete(id));
      inflight.set(id, promise);
      return promise;
    },
    invalidate(key) {
      return cache.delete(tokenCacheKey(key));
    },
  };
}
