/**
 * @module A token cache whose implementation is loaded on first use: the Redis client is only
 * for `--registry-token-cache`, and a process without it never loads it (docs/performance.md).
 */
import type { TokenCache } from "./token-cache.ts";

export function lazyTokenCache(load: () => Promise<TokenCache>): TokenCache {
  let loaded: Promise<TokenCache> | undefined;
  const cache = (): Promise<TokenCache> => (loaded ??= load());
  return {
    async get(key) {
      return (await cache()).get(key);
    },
    async set(key, token, ttlMs) {
      await (await cache()).set(key, token, ttlMs);
    },
    async delete(key) {
      await (await cache()).delete(key);
    },
    async close() {
      // Never used: nothing was loaded, nothing to close.
      if (loaded !== undefined) await (await loaded).close();
    },
  };
}
