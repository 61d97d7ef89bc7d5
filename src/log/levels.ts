/**
 * @module Watchtower's (logrus) level names mapped to pino's, and pino's numbers back to names.
 */
import type { Level } from "pino";
import type { LogLevel } from "./log-options.ts";

/** The pino level for a configured level: panic and fatal are both pino's `fatal`. */
export function pinoLevel(level: LogLevel): Level {
  return level === "panic" ? "fatal" : level;
}

const NAMES: Readonly<Record<number, string>> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warning",
  50: "error",
  60: "fatal",
};

/** The logrus name of a pino level number (`warning`, as logrus writes it), or "unknown". */
export function levelName(level: number): string {
  return NAMES[level] ?? "unknown";
}
