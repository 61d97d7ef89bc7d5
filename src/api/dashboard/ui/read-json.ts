/**
 * @module Checks on JSON from the server, for the page's own parsers: each returns the typed value
 * or throws a DataError naming the field, so a changed or broken answer is shown as an error rather
 * than rendered half-way.
 */

export class DataError extends Error {}

export type Json = Readonly<Record<string, unknown>>;

export function object(value: unknown, where: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DataError(`${where} is not an object`);
  }
  return value as Json;
}

export function array(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new DataError(`${where} is not a list`);
  return value;
}

export function string(o: Json, key: string, where: string): string {
  const value = o[key];
  if (typeof value !== "string") throw new DataError(`${where}.${key} is not a string`);
  return value;
}

export function optionalString(o: Json, key: string, where: string): string | undefined {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new DataError(`${where}.${key} is not a string`);
  return value;
}

export function optionalNumber(o: Json, key: string, where: string): number | undefined {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new DataError(`${where}.${key} is not a number`);
  return value;
}

export function optionalBoolean(o: Json, key: string, where: string): boolean | undefined {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new DataError(`${where}.${key} is not true or false`);
  return value;
}

/** A time as epoch milliseconds or an ISO 8601 string, as epoch milliseconds. */
export function optionalTime(o: Json, key: string, where: string): number | undefined {
  const value = o[key];
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new DataError(`${where}.${key} is not a time`);
  return ms;
}

export function time(o: Json, key: string, where: string): number {
  const ms = optionalTime(o, key, where);
  if (ms === undefined) throw new DataError(`${where}.${key} is missing`);
  return ms;
}
