/**
 * @module The query of `/v1/history`: `limit` (1–100, default 20) and `before`, the cursor of an
 * older page: a session ID (the `next` of the previous page), a time in epoch milliseconds, or an
 * ISO 8601 time (sessions started before it).
 */
import type { HistoryCursor } from "../history/history-store.ts";
import { QueryError } from "./update-query.ts";

export const DEFAULT_HISTORY_LIMIT = 20;
export const MAX_HISTORY_LIMIT = 100;

export interface HistoryQuery {
  limit: number;
  before: HistoryCursor | undefined;
}

/** A session ID as the engine makes them (a UUID), or any such token of up to 64 characters. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const EPOCH_MS = /^\d{1,15}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})$/;

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new QueryError(name, "given more than once");
  return values[0];
}

function parseCursor(value: string): HistoryCursor {
  if (EPOCH_MS.test(value)) return { startedBefore: Number(value) };
  if (ISO_TIME.test(value)) {
    const at = Date.parse(value);
    if (Number.isNaN(at)) throw new QueryError("before", "invalid time");
    return { startedBefore: at };
  }
  if (SESSION_ID.test(value)) return { id: value };
  throw new QueryError("before", "expected a session ID, epoch milliseconds or an ISO 8601 time");
}

/** Parses the query of a history request; throws QueryError naming the bad parameter. */
export function parseHistoryQuery(params: URLSearchParams): HistoryQuery {
  const limitValue = single(params, "limit");
  let limit = DEFAULT_HISTORY_LIMIT;
  if (limitValue !== undefined) {
    if (!/^\d{1,6}$/.test(limitValue)) throw new QueryError("limit", "expected a whole number");
    limit = Number(limitValue);
    if (limit < 1 || limit > MAX_HISTORY_LIMIT)
      throw new QueryError("limit", `expected 1 to ${String(MAX_HISTORY_LIMIT)}`);
  }
  const beforeValue = single(params, "before");
  const before = beforeValue === undefined ? undefined : parseCursor(beforeValue.trim());
  return { limit, before };
}
