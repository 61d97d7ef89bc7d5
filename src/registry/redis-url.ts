/**
 * @module The Redis URL of `--registry-token-cache` (`redis://[user:pass@]host[:port][/db]`), apart
 * from the client so that a bad URL is refused at startup without loading the client.
 */
import { BosunError } from "../util/errors.ts";

export class RedisError extends BosunError {}

export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
}

/** Parses `redis://[user:pass@]host[:port][/db]`. */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisError("REDIS_URL", "invalid Redis URL");
  }
  if (parsed.protocol !== "redis:")
    throw new RedisError("REDIS_URL", "the Redis URL must start with redis://");
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RedisError("REDIS_URL", "invalid Redis database number");
  const target: RedisTarget = {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    db,
  };
  if (parsed.username !== "") target.username = decodeURIComponent(parsed.username);
  if (parsed.password !== "") target.password = decodeURIComponent(parsed.password);
  return target;
}
