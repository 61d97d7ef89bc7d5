/**
 * @module Startup checks on the whole configuration: fatal combinations (a ConfigError) and
 * warnings (returned, for the caller to log).
 */
import { proxyUrl } from "../util/proxy-url.ts";
import { errorMessage } from "../util/errors.ts";
import { ConfigError } from "./errors.ts";
import type { Config } from "./types.ts";

/** Throws ConfigError for a combination Bosun refuses; returns the warnings. */
export function checkConfig(config: Config): string[] {
  if (config.rollingRestart && config.monitorOnly) {
    throw new ConfigError(
      "Rolling restarts are not compatible with the global monitor-only flag: " +
        "remove --rolling-restart (WATCHTOWER_ROLLING_RESTART) or --monitor-only (WATCHTOWER_MONITOR_ONLY)",
    );
  }
  if ((config.httpApiUpdate || config.httpApiMetrics) && config.httpApiToken === undefined) {
    throw new ConfigError(
      "api token is empty or has not been set: --http-api-update and --http-api-metrics need " +
        "--http-api-token (WATCHTOWER_HTTP_API_TOKEN)",
    );
  }
  if (config.registryCaValidate && config.registryCa === undefined) {
    throw new ConfigError(
      "--registry-ca-validate (WATCHTOWER_REGISTRY_CA_VALIDATE) needs a CA bundle: set --registry-ca (WATCHTOWER_REGISTRY_CA)",
    );
  }

  for (const [name, value] of [
    ["HTTP_PROXY", config.httpProxy],
    ["HTTPS_PROXY", config.httpsProxy],
  ] as const) {
    if (value === undefined) continue;
    try {
      proxyUrl(value);
    } catch (error) {
      // The value may hold proxy credentials: name the variable, not its value.
      throw new ConfigError(`${name} is not a proxy URL (expected http://host:port): ${errorMessage(error)}`);
    }
  }

  const warnings: string[] = [];
  if (config.monitorOnly && config.noPull) {
    warnings.push(
      "Using --no-pull and --monitor-only together might lead to no action being taken at all; " +
        "if this is intentional, you may safely ignore this message",
    );
  }
  if (config.rollingRestart && config.updateConcurrency > 1) {
    warnings.push("--rolling-restart swaps one container at a time: --update-concurrency is ignored");
  }
  if (config.trace) {
    warnings.push("Trace level enabled: credentials may appear in the log");
  }
  return warnings;
}
