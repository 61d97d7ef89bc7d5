/**
 * @module A pino JSON line read back for the text formats: time, level, message and the other
 * fields in order.
 */

export interface LogRecord {
  /** Milliseconds since the epoch. */
  time: number;
  level: number;
  msg: string;
  fields: [string, unknown][];
}

const RESERVED = new Set(["time", "level", "msg", "pid", "hostname"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The record of one pino line, or undefined when it is not a JSON object. */
export function readRecord(line: string): LogRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const { time, level, msg } = parsed;
  return {
    time: typeof time === "number" ? time : Date.now(),
    level: typeof level === "number" ? level : 30,
    msg: typeof msg === "string" ? msg : "",
    fields: Object.entries(parsed).filter(([key]) => !RESERVED.has(key)),
  };
}

/** The text of a field value: strings as is, errors as their message, the rest as JSON. */
export function fieldText(value: unknown): string {
  if (typeof value === "string") return value;
  if (isObject(value) && typeof value.message === "string" && typeof value.type === "string") {
    return value.message;
  }
  return JSON.stringify(value);
}
