/**
 * @module Watchtower's flag aliases (`ProcessFlagAliases`): `--porcelain v1`, `--debug`/`--trace`,
 * and the interval turned into the schedule `@every <n>s`.
 */
import { ConfigError } from "./errors.ts";
import { stripQuotes } from "./schedule.ts";
import type { Config } from "./types.ts";

/** Applies the aliases to `config` in place; `explicit` holds the keys set by a flag or env var. */
export function applyAliases(config: Config, explicit: ReadonlySet<string>): void {
  if (config.porcelain === "v1") {
    config.notificationUrl = [...config.notificationUrl, "logger://"];
    if (!explicit.has("notificationLogStdout")) config.notificationLogStdout = true;
    if (!explicit.has("notificationReport")) config.notificationReport = true;
    if (!explicit.has("notificationTemplate")) config.notificationTemplate = "porcelain.v1.summary-no-log";
  }

  if (config.trace) config.logLevel = "trace";
  else if (config.debug) config.logLevel = "debug";

  config.schedule = stripQuotes(config.schedule);
  if (config.schedule !== "" && explicit.has("interval")) {
    throw new ConfigError(
      "Only schedule or interval can be defined, not both. " +
        "Remove --interval (WATCHTOWER_POLL_INTERVAL) or --schedule (WATCHTOWER_SCHEDULE).",
    );
  }
  if (config.schedule === "") config.schedule = `@every ${config.interval}s`;
}
