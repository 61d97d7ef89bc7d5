/**
 * @module The pretty format for terminals: `15:04:05 INFO Found new image container=/web`, the
 * level and field names coloured as logrus colours them unless colours are off.
 */
import { levelName } from "./levels.ts";
import { logfmtValue } from "./logfmt.ts";
import { fieldText, type LogRecord } from "./record.ts";

const RESET = "\u001b[0m";
const GRAY = "\u001b[90m";

function levelColor(level: number): string {
  if (level >= 50) return "\u001b[31m";
  if (level >= 40) return "\u001b[33m";
  if (level >= 30) return "\u001b[36m";
  return "\u001b[37m";
}

function clock(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, "0"))
    .join(":");
}

export function formatPretty(record: LogRecord, color: boolean): string {
  const name = levelName(record.level);
  const label = (name === "warning" ? "warn" : name).toUpperCase();
  const paint = (text: string, code: string): string => (color ? `${code}${text}${RESET}` : text);
  const tint = levelColor(record.level);
  const parts = [paint(clock(record.time), GRAY), paint(label, tint), record.msg];
  for (const [key, value] of record.fields) {
    parts.push(`${paint(key, tint)}=${logfmtValue(fieldText(value))}`);
  }
  return `${parts.join(" ")}\n`;
}
