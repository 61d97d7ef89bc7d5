/**
 * @module `--notifications-level`: the least severe entry a notification keeps, as a pino level
 * number so that entries compare by severity.
 */
import { NotifyConfigError } from "./errors.ts";

const LEVELS: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  warning: 40,
  error: 50,
  fatal: 60,
  panic: 60,
};

/** The level number of a configured name; throws for an unknown name. */
export function levelThreshold(name: string): number {
  const level = LEVELS[name.toLowerCase()];
  if (level === undefined)
    throw new NotifyConfigError(
      `unknown notifications level "${name}" (expected panic, fatal, error, warn, info, debug or trace)`,
    );
  return level;
}
