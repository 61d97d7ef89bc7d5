/**
 * @module Precedence (flag > env > default) for every row of the options table, secrets from
 * files, and the env-only settings. Empty env vars count as unset (as viper reads them), except
 * `NO_COLOR`, which counts when present.
 */
import { convertScalar, flagList, splitList, type SettingValue, type Source } from "./convert.ts";
import type { EnvOnlySpec, OptionSpec } from "./option-spec.ts";
import { secretFromFile, urlsFromFiles, type FileDeps } from "./secrets.ts";

export type Env = Readonly<Record<string, string | undefined>>;

export interface Resolved {
  /** Typed values by config key. */
  values: Map<string, SettingValue>;
  /** Config keys set by a flag or an env var (not defaulted). */
  explicit: Set<string>;
}

function resolveOne(
  spec: OptionSpec,
  flagValues: readonly string[] | undefined,
  env: Env,
): { value: SettingValue; explicit: boolean } {
  if (flagValues !== undefined && flagValues.length > 0) {
    if (spec.type === "list") return { value: flagList(spec, flagValues), explicit: true };
    const raw = flagValues[flagValues.length - 1] ?? "";
    return { value: convertScalar(spec, raw, { kind: "flag", name: `--${spec.long}` }), explicit: true };
  }
  const envValue = spec.env === undefined ? undefined : env[spec.env];
  if (spec.env !== undefined && envValue !== undefined) {
    if (spec.envPresence === true) return { value: true, explicit: true };
    if (envValue !== "") {
      const source: Source = { kind: "env", name: spec.env };
      return { value: convertScalar(spec, envValue, source), explicit: true };
    }
  }
  if (spec.type === "list") return { value: splitList(spec.default, "whitespace"), explicit: false };
  return { value: convertScalar(spec, spec.default, { kind: "default", name: "" }), explicit: false };
}

function loadSecret(spec: OptionSpec, value: SettingValue, deps: FileDeps): SettingValue {
  const setting = `--${spec.long}`;
  if (Array.isArray(value)) return urlsFromFiles(value, setting, deps);
  if (typeof value === "string") return secretFromFile(value, setting, deps);
  return value;
}

/** Every row's value by precedence, with secret files read; throws ConfigError. */
export function resolveOptions(
  specs: readonly OptionSpec[],
  flags: ReadonlyMap<string, readonly string[]>,
  env: Env,
  deps: FileDeps,
): Resolved {
  const values = new Map<string, SettingValue>();
  const explicit = new Set<string>();
  for (const spec of specs) {
    const { value, explicit: isExplicit } = resolveOne(spec, flags.get(spec.long), env);
    values.set(spec.key, spec.secret === true ? loadSecret(spec, value, deps) : value);
    if (isExplicit) explicit.add(spec.key);
  }
  return { values, explicit };
}

/** The env-only settings (REPO_USER, REPO_PASS, DOCKER_CONFIG, TZ); empty means the default. */
export function resolveEnvOnly(specs: readonly EnvOnlySpec[], env: Env): Map<string, string> {
  const values = new Map<string, string>();
  for (const spec of specs) {
    const value = [env[spec.env], spec.alt === undefined ? undefined : env[spec.alt]].find(
      (candidate) => candidate !== undefined && candidate !== "",
    );
    values.set(spec.key, value ?? spec.default);
  }
  return values;
}
