/**
 * @module A TokenCache in Redis (`SET key token PX ttl`), so several Bosun instances share
 * tokens; when Redis is unreachable it warns and falls back to memory, never failing a check.
 */
import type { Logger } from "pino";
import type { Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { createRespClient, parseRedisUrl, type RespClient } from "./resp-client.ts";
import { createMemoryTokenCache, type TokenCache } from "./token-cache.ts";

export interface RedisTokenCacheOptions {
  url: string;
  clock: Clock;
  logger: Logger;
  timeoutMs?: number;
  /** After a failure, Redis is left alone for this long and memory serves. */
  retryAfterMs?: number;
}

export function createRedisTokenCache(options: RedisTokenCacheOptions): TokenCache {
  const target = parseRedisUrl(options.url);
  const where = { redis: `${target.host}:${target.port}/${target.db}` };
  const client: RespClient = createRespClient(target, { timeoutMs: options.timeoutMs ?? 1000 });
  const memory = createMemoryTokenCache(options.clock);
  const retryAfter = options.retryAfterMs ?? 30_000;
  let downUntil = 0;

  const usable = (): boolean => options.clock.now() >= downUntil;
  const down = (error: unknown): void => {
    if (usable()) {
      options.logger.warn(
        { ...where, reason: errorMessage(error) },
        "Redis token cache unavailable, using memory",
      );
    }
    downUntil = options.clock.now() + retryAfter;
  };

  return {
    async get(key) {
      if (usable()) {
        try {
          const value = await client.command(["GET", key]);
          if (typeof value === "string") return value;
          if (value === null) return await memory.get(key);
        } catch (error) {
          down(error);
        }
      }
      return memory.get(key);
    },
    async set(key, token, ttlMs) {
      const ms = Math.floor(ttlMs);
      await memory.set(key, token, ms);
      if (ms <= 0 || !usable()) return;
      try {
        await client.command(["SET", key, token, "PX", String(ms)]);
      } catch (error) {
        down(error);
      }
    },
    async delete(key) {
      await memory.delete(key);
      if (!usable()) return;
      try {
        await client.command(["DEL", key]);
      } catch (error) {
        down(error);
      }
    },
    async close() {
      client.close();
      await memory.close();
    },
  };
}
