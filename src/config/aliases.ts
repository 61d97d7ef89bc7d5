/**
 * @module Watchtower's flag aliases (`ProcessFlagAliases`): `--porcelain v1`, `--debug`/`--trace`,
 * and the interval turned into the schedule `@every <n>s`.
 */
import { ConfigError } from "./errors.ts";
import { stripQuotes } from "./schedule.ts";
import type { Config } from "./types.ts";

/** Watchtower's default interval: an interval equal to it counts as set only on the command line. */
export const DEFAULT_INTERVAL = 86400;

/**
 * Applies the flag aliases to `config` in place. `onCommandLine` holds the keys set by a flag: as
 * pflag's `Changed`, an env var does not count (watchtower internal/flags `setFlagIfDefault`).
 */
export function applyAliases(config: Config, onCommandLine: ReadonlySet<string>): void {
  if (config.porcelain === "v1") {
    config.notificationUrl = [...config.notificationUrl, "logger://"];
    if (!onCommandLine.has("notificationLogStdout")) config.notificationLogStdout = true;
    if (!onCommandLine.has("notificationReport")) config.notificationReport = true;
    if (!onCommandLine.has("notificationTemplate")) {
      config.notificationTemplate = "porcelain.v1.summary-no-log";
    }
  }

  if (config.trace) config.logLevel = "trace";
  else if (config.debug) config.logLevel = "debug";
}

/**
 * The effective cron spec: `--schedule` (`given`) without its quotes, else `@every <interval>s`,
 * with the warnings to log; a ConfigError when both are set. As with pflag's `Changed`, an
 * interval from the env var counts only when it is not the default (Watchtower's "snakeswap" hack).
 */
export function effectiveSchedule(
  given: string | undefined,
  interval: number,
  onCommandLine: ReadonlySet<string>,
): { schedule: string; warnings: string[] } {
  const unquoted = given === undefined ? undefined : stripQuotes(given);
  // Quotes around nothing (`--schedule '""'`) set no schedule either.
  const schedule = unquoted === "" ? undefined : unquoted;
  const intervalSet = onCommandLine.has("interval") || interval !== DEFAULT_INTERVAL;
  if (schedule !== undefined && intervalSet) {
    throw new ConfigError(
      "Only schedule or interval can be defined, not both. " +
        "Remove --interval (WATCHTOWER_POLL_INTERVAL) or --schedule (WATCHTOWER_SCHEDULE).",
    );
  }
  if (schedule !== undefined) return { schedule, warnings: [] };
  const warnings =
    interval === 0
      ? ["--interval (WATCHTOWER_POLL_INTERVAL) is 0: a check runs every second, as Watchtower does"]
      : [];
  return { schedule: `@every ${String(interval)}s`, warnings };
}
