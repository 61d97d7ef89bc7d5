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
 * Applies the aliases to `config` in place and returns warnings. `onCommandLine` holds the keys
 * set by a flag: as pflag's `Changed`, an env var does not count (watchtower internal/flags
 * `setFlagIfDefault`, and the interval check with its "snakeswap" hack).
 */
export function applyAliases(config: Config, onCommandLine: ReadonlySet<string>): string[] {
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

  config.schedule = stripQuotes(config.schedule);
  const intervalSet = onCommandLine.has("interval") || config.interval !== DEFAULT_INTERVAL;
  if (config.schedule !== "" && intervalSet) {
    throw new ConfigError(
      "Only schedule or interval can be defined, not both. " +
        "Remove --interval (WATCHTOWER_POLL_INTERVAL) or --schedule (WATCHTOWER_SCHEDULE).",
    );
  }
  const warnings: string[] = [];
  if (config.schedule === "") {
    config.schedule = `@every ${config.interval}s`;
    if (config.interval === 0) {
      warnings.push(
        "--interval (WATCHTOWER_POLL_INTERVAL) is 0: a check runs every second, as Watchtower does",
      );
    }
  }
  return warnings;
}
