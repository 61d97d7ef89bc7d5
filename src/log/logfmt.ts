/**
 * @module The logfmt format, as logrus' text formatter writes it without colours:
 * `time="2026-01-02T15:04:05+01:00" level=info msg="Found new image" container=/web`.
 */
import { levelName } from "./levels.ts";
import { fieldText, type LogRecord } from "./record.ts";

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** RFC 3339 in the local time zone, whole seconds (Go's `time.RFC3339`). */
export function rfc3339(ms: number): string {
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const zone =
    offset === 0
      ? "Z"
      : `${offset > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`
  );
}

/** A value quoted as logrus quotes it: only when it is empty or has a character outside [\w.\-/@^+]. */
export function logfmtValue(text: string): string {
  return /^[A-Za-z0-9\-._/@^+]+$/.test(text) ? text : JSON.stringify(text);
}

export function formatLogfmt(record: LogRecord): string {
  const parts = [
    `time=${logfmtValue(rfc3339(record.time))}`,
    `level=${levelName(record.level)}`,
    `msg=${logfmtValue(record.msg)}`,
  ];
  for (const [key, value] of record.fields) parts.push(`${key}=${logfmtValue(fieldText(value))}`);
  return `${parts.join(" ")}\n`;
}
