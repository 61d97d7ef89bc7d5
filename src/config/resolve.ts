/**
 * @module Precedence (flag > env > default) for every row of the options table, secrets from
 * files, and the env-only settings. Empty env vars count as unset (as viper reads them); env
 * values are read leniently as viper does (see `convertEnv`), flags strictly as pflag does.
 * The one place where "" (unset, empty, or an empty flag) becomes `undefined` (`emptyAsUnset`),
 * for every string setting whose default is "" (`isOptionalString`; parse.ts applies it to the
 * template file's content too): consumers test for `undefined` only.
 */
import {
  convertEnv,
  convertScalar,
  flagList,
  otherAsWarning,
  splitList,
  type SettingValue,
  type Source,
} from "./convert.ts";
import { isOptionalString, type EnvOnlySpec, type OptionSpec } from "./option-spec.ts";
import { secretFromFile, urlsFromFiles, type FileDeps } from "./secrets.ts";

export type Env = Readonly<Record<string, string | undefined>>;

export interface Resolved {
  /** Typed values by config key; `undefined` for a string setting with the default "" that is empty. */
  values: Map<string, SettingValue | undefined>;
  /** Config keys set by a flag or an env var (not defaulted). */
  explicit: Set<string>;
  /** Config keys set on the command line (pflag's `Changed`). */
  onCommandLine: Set<string>;
  /** Values read as Watchtower reads them rather than refused, for the caller to log. */
  warnings: string[];
}

type Origin = "flag" | "env" | "default";

/** A string setting's value as its consumers see it: "" is unset, `undefined`. */
export function emptyAsUnset(value: string): string | undefined {
  return value === "" ? undefined : value;
}

/** The env var of `spec` that is set (not empty), trying its alias second. */
function envEntry(spec: OptionSpec, env: Env): { name: string; value: string } | undefined {
  for (const name of [spec.env, spec.envAlias]) {
    if (name === undefined) continue;
    const value = env[name];
    if (value !== undefined && value !== "") return { name, value };
  }
  return undefined;
}

function resolveOne(
  spec: OptionSpec,
  flagValues: readonly string[] | undefined,
  env: Env,
  warnings: string[],
): { value: SettingValue; origin: Origin } {
  if (flagValues !== undefined && flagValues.length > 0) {
    if (spec.type === "list") return { value: flagList(spec, flagValues), origin: "flag" };
    const raw = flagValues[flagValues.length - 1] ?? "";
    const source: Source = { kind: "flag", name: `--${spec.long}` };
    const warning = otherAsWarning(spec, raw, source);
    if (warning !== undefined) warnings.push(warning);
    return { value: convertScalar(spec, raw, source), origin: "flag" };
  }
  const entry = envEntry(spec, env);
  if (entry !== undefined) {
    if (spec.envPresence === true) return { value: true, origin: "env" };
    const source: Source = { kind: "env", name: entry.name };
    const warning = otherAsWarning(spec, entry.value, source);
    if (warning !== undefined) warnings.push(warning);
    return { value: convertEnv(spec, entry.value, source, warnings), origin: "env" };
  }
  if (spec.type === "list") return { value: splitList(spec.default, "whitespace"), origin: "default" };
  return { value: convertScalar(spec, spec.default, { kind: "default", name: "" }), origin: "default" };
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
  const values = new Map<string, SettingValue | undefined>();
  const explicit = new Set<string>();
  const onCommandLine = new Set<string>();
  const warnings: string[] = [];
  for (const spec of specs) {
    const { value, origin } = resolveOne(spec, flags.get(spec.long), env, warnings);
    const loaded = spec.secret === true ? loadSecret(spec, value, deps) : value;
    values.set(
      spec.key,
      typeof loaded === "string" && isOptionalString(spec) ? emptyAsUnset(loaded) : loaded,
    );
    if (origin !== "default") explicit.add(spec.key);
    if (origin === "flag") onCommandLine.add(spec.key);
  }
  return { values, explicit, onCommandLine, warnings };
}

/** The env-only settings (REPO_USER, REPO_PASS, DOCKER_CONFIG, TZ, the proxies); empty means the default. */
export function resolveEnvOnly(specs: readonly EnvOnlySpec[], env: Env): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const spec of specs) {
    const value = [env[spec.env], spec.alt === undefined ? undefined : env[spec.alt]].find(
      (candidate) => candidate !== undefined && candidate !== "",
    );
    const resolved = value ?? spec.default;
    values.set(spec.key, isOptionalString(spec) ? emptyAsUnset(resolved) : resolved);
  }
  return values;
}
