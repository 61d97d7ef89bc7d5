/**
 * @module The json format, as logrus' JSONFormatter (Watchtower's `--log-format json`) writes it:
 * one object with the fields, `level` (logrus' name: `warning`, `error`), `msg` and `time` (RFC
 * 3339, local zone, whole seconds), keys sorted as Go's encoder sorts map keys, HTML characters
 * escaped as Go's encoder escapes them.
 * `{"container":"/web","level":"info","msg":"Found new image","time":"2026-01-02T03:04:05Z"}`.
 */
import { levelName } from "./levels.ts";
import { rfc3339 } from "./logfmt.ts";
import type { LogRecord } from "./record.ts";

function isError(value: unknown): value is { message: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { message?: unknown }).message === "string" &&
    typeof (value as { type?: unknown }).type === "string"
  );
}

/** Go's encoding/json escapes `<`, `>`, `&`, U+2028 and U+2029 where JSON.stringify does not. */
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function formatLogrusJson(record: LogRecord): string {
  const data: Record<string, unknown> = {};
  for (const [key, value] of record.fields) {
    // As logrus: an error value is written as its message.
    data[key] = isError(value) ? value.message : value;
  }
  data.level = levelName(record.level);
  data.msg = record.msg;
  data.time = rfc3339(record.time);
  const sorted = Object.fromEntries(
    Object.keys(data)
      .sort()
      .map((key) => [key, data[key]]),
  );
  return `${goEscape(JSON.stringify(sorted))}\n`;
}
