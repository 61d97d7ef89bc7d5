/**
 * @module Precise creation times of containers: the list API's `Created` has only seconds, the
 * inspect's is RFC 3339 with nanoseconds, which orders containers made within the same second.
 */

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** Nanoseconds since the epoch of an inspect's `Created`, or undefined when it does not parse. */
export function createdNanos(created: string): bigint | undefined {
  const match = RFC3339.exec(created);
  if (match?.[1] === undefined || match[3] === undefined) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? "").padEnd(9, "0"));
}
