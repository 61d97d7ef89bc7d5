/**
 * @module Turning pino JSON log lines into notification entries: level threshold, `notify=no`.
 */
import { z } from "zod";
import { levelName } from "../log/levels.ts";
import { entryText } from "./entry-text.ts";
import { NotifyConfigError } from "./errors.ts";
import { EntryData } from "./template-data.ts";

const PINO_LEVELS: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  warning: 40,
  error: 50,
  fatal: 60,
  panic: 60,
};

/** The numeric pino level for `--notifications-level`; throws for an unknown name. */
export function levelThreshold(name: string): number {
  const level = PINO_LEVELS[name.toLowerCase()];
  if (level === undefined)
    throw new NotifyConfigError(
      `unknown notifications level "${name}" (expected panic, fatal, error, warn, info, debug or trace)`,
    );
  return level;
}

const PinoLine = z.looseObject({
  level: z.union([z.number(), z.string()]),
  msg: z.string().optional(),
  message: z.string().optional(),
  time: z.union([z.number(), z.string()]).optional(),
  notify: z.unknown().optional(),
});

const OMITTED = new Set(["level", "msg", "message", "time", "pid", "hostname", "notify"]);

/** The entry for a log line, or undefined when it is not JSON, too verbose, or marked notify=no. */
export function entryFromLine(line: string, threshold: number, now: number): EntryData | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = PinoLine.safeParse(json);
  if (!parsed.success) return undefined;
  const { msg, message, time, notify } = parsed.data;
  const level =
    typeof parsed.data.level === "number"
      ? parsed.data.level
      : (PINO_LEVELS[parsed.data.level.toLowerCase()] ?? 30);
  if (notify === "no" || level < threshold) return undefined;
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.data)) if (!OMITTED.has(key)) data[key] = value;
  const name = levelName(level);
  const levelText = name === "unknown" ? "info" : name;
  const when = new Date(time ?? now);
  return new EntryData(
    entryText(msg ?? message ?? "", data),
    levelText,
    Number.isNaN(when.getTime()) ? new Date(now) : when,
    data,
  );
}
