/**
 * @module Converting one raw setting (from a flag, the environment or the default) to its typed
 * value, with an error that names where it came from, the value and what is expected.
 */
import { BOOL_SPELLINGS, parseGoBool } from "./bool.ts";
import { parseDurationSetting } from "./duration.ts";
import { ConfigError } from "./errors.ts";
import { parseGoInt, trimZeroDecimal } from "./go-int.ts";
import type { ListSplit, OptionSpec } from "./option-spec.ts";

export type SettingValue = string | number | boolean | string[];

/** Where a raw value came from, for messages: "--interval", "WATCHTOWER_POLL_INTERVAL", "the default". */
export type Source = { kind: "flag" | "env" | "default"; name: string };

export function describeSource(spec: OptionSpec, source: Source): string {
  if (source.kind === "flag") return `flag ${source.name}`;
  if (source.kind === "env") return `env ${source.name} (flag --${spec.long})`;
  return `the default of --${spec.long}`;
}

function invalid(spec: OptionSpec, source: Source, raw: string, expected: string): ConfigError {
  const shown = spec.secret === true ? "(hidden)" : `"${raw}"`;
  return new ConfigError(`Invalid value ${shown} for ${describeSource(spec, source)}: expected ${expected}`);
}

export function splitList(raw: string, how: ListSplit): string[] {
  const parts = how === "whitespace" ? raw.split(/\s+/) : raw.split(/[, ]+/);
  return parts.filter((part) => part !== "");
}

function bounds(spec: OptionSpec, value: number, shown: (n: number) => string): string | undefined {
  if (spec.min !== undefined && value < spec.min) {
    return spec.max !== undefined
      ? `a value from ${shown(spec.min)} to ${shown(spec.max)}`
      : `a value of at least ${shown(spec.min)}`;
  }
  if (spec.max !== undefined && value > spec.max) return `a value of at most ${shown(spec.max)}`;
  return undefined;
}

/** The typed value of a scalar setting (not a list). */
export function convertScalar(spec: OptionSpec, raw: string, source: Source): SettingValue {
  switch (spec.type) {
    case "bool": {
      const value = parseGoBool(raw);
      if (value === undefined) throw invalid(spec, source, raw, `a boolean (${BOOL_SPELLINGS})`);
      return value;
    }
    case "int": {
      const unit = spec.unit === undefined ? "" : ` (${spec.unit})`;
      // As pflag: strconv.ParseInt(s, 0, 64), so `030` is octal 24 and `0x10` is 16.
      const value = parseGoInt(raw);
      if (value === undefined) throw invalid(spec, source, raw, `an integer${unit}`);
      return checkedInt(spec, source, raw, value);
    }
    case "duration": {
      const ms = parseDurationSetting(raw);
      const expected = "a duration such as 30s, 1m30s or 500ms, or a number of seconds";
      if (ms === undefined) throw invalid(spec, source, raw, expected);
      const problem = bounds(spec, ms, (n) => `${n / 1000}s`);
      if (problem !== undefined) throw invalid(spec, source, raw, `${problem} (not negative)`);
      return ms;
    }
    case "enum": {
      const choices = spec.choices ?? [];
      const lower = raw.trim().toLowerCase();
      if (lower === "" && spec.emptyAs !== undefined) return spec.emptyAs;
      if (!choices.includes(lower)) {
        if (spec.otherAs !== undefined) return spec.otherAs;
        throw invalid(spec, source, raw, `one of ${choices.join(", ")}`);
      }
      return lower;
    }
    case "string":
      return raw;
    case "list":
      return splitList(raw, spec.envSplit ?? "whitespace");
  }
}

function checkedInt(spec: OptionSpec, source: Source, raw: string, value: number): number {
  const unit = spec.unit === undefined ? "" : ` (${spec.unit})`;
  const problem = bounds(spec, value, String);
  if (problem !== undefined) throw invalid(spec, source, raw, `${problem}${unit}`);
  return value;
}

/**
 * The typed value of an env var, read as viper (spf13/cast) reads Watchtower's: a boolean that
 * `strconv.ParseBool` rejects (`yes`, `on`) is false, an int that does not parse is 0, each with a
 * warning naming the variable and the value instead of an error; ints also take `10.0` and
 * surrounding spaces.
 */
export function convertEnv(spec: OptionSpec, raw: string, source: Source, warnings: string[]): SettingValue {
  const shown = spec.secret === true ? "(hidden)" : `"${raw}"`;
  const named = describeSource(spec, source);
  if (spec.type === "bool" && parseGoBool(raw) === undefined) {
    warnings.push(
      `${named} is ${shown}, not a boolean (${BOOL_SPELLINGS}): read as false, as Watchtower does`,
    );
    return false;
  }
  if (spec.type === "int") {
    const value = parseGoInt(trimZeroDecimal(raw.trim()));
    if (value !== undefined) return checkedInt(spec, source, raw, value);
    warnings.push(`${named} is ${shown}, not an integer: read as 0, as Watchtower does`);
    return checkedInt(spec, source, raw, 0);
  }
  return convertScalar(spec, raw, source);
}

/** The warning for an enum value outside the choices that reads as the row's `otherAs`. */
export function otherAsWarning(spec: OptionSpec, raw: string, source: Source): string | undefined {
  const lower = raw.trim().toLowerCase();
  const choices = spec.choices ?? [];
  if (spec.type !== "enum" || spec.otherAs === undefined || lower === "" || choices.includes(lower)) {
    return undefined;
  }
  return `${describeSource(spec, source)} is "${raw}", not one of ${choices.join(", ")}: read as ${spec.otherAs}, as Watchtower does`;
}

/** The list given by repeated flags (each also split when the row says so). */
export function flagList(spec: OptionSpec, raws: readonly string[]): string[] {
  if (spec.flagSplit !== true) return [...raws];
  return raws.flatMap((raw) => splitList(raw, "comma-space"));
}
