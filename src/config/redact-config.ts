/**
 * @module A copy of the configuration that is safe to log: every secret setting (the table's
 * `secret` rows and REPO_PASS) masked; notification URLs keep only their scheme.
 */
import { ENV_ONLY_SPECS, OPTION_SPECS } from "./options-table.ts";
import type { Config } from "./types.ts";

const MASK = "[REDACTED]";

const SECRET_KEYS: ReadonlySet<string> = new Set([
  ...OPTION_SPECS.filter((spec) => spec.secret === true).map((spec) => spec.key),
  ...ENV_ONLY_SPECS.filter((spec) => spec.secret === true).map((spec) => spec.key),
]);

function maskUrl(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  return scheme === null ? MASK : `${scheme[1] ?? ""}://${MASK}`;
}

/** The configuration with secrets masked (empty secrets stay empty, so "not set" is visible). */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!SECRET_KEYS.has(key)) copy[key] = value;
    else if (Array.isArray(value)) copy[key] = value.map((item: unknown) => maskUrl(String(item)));
    else copy[key] = value === "" ? "" : MASK;
  }
  return copy;
}
