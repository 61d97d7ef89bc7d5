/**
 * @module The shape of one row of the options table: how a flag is spelled, read from the
 * environment, converted, documented and (for secrets) loaded from a file and redacted.
 */
export type OptionType = "bool" | "string" | "int" | "duration" | "list" | "enum";

/**
 * True for an optional string setting: a `string` row (or an env-only row) whose default is "".
 * Unset, empty or "" it is `undefined` (resolve.ts), so its consumers never tell "" from a value
 * (as Watchtower, which reads an empty env var as unset).
 */
export function isOptionalString(spec: { readonly type?: OptionType; readonly default: string }): boolean {
  return (spec.type ?? "string") === "string" && spec.default === "";
}

export type OptionGroup =
  | "docker"
  | "schedule"
  | "update"
  | "output"
  | "http-api"
  | "registry"
  | "notifications"
  | "legacy-notifications";

export const GROUP_TITLES: Readonly<Record<OptionGroup, string>> = {
  docker: "Docker daemon connection",
  schedule: "Schedule",
  update: "Update behaviour and container selection",
  output: "Logging and output",
  "http-api": "HTTP API",
  registry: "Registry",
  notifications: "Notifications",
  "legacy-notifications": "Legacy notification settings (converted to notification URLs)",
};

/** How a list value from the environment (and, with `flagSplit`, from a flag) is split. */
export type ListSplit = "comma-space" | "whitespace";

export interface OptionSpec {
  /** Long flag name without the dashes. */
  readonly long: string;
  readonly short?: string;
  /** Env var; absent only for `--health-check`. */
  readonly env?: string;
  /** Another env var read when `env` is unset or empty (Bosun's earlier `BOSUN_*` name). */
  readonly envAlias?: string;
  /**
   * The env var counts as true when set to anything but the empty string, whatever its value
   * (`NO_COLOR` as viper's IsSet reads it; `DOCKER_TLS_VERIFY` as the Docker SDK reads it).
   */
  readonly envPresence?: boolean;
  readonly type: OptionType;
  /**
   * The default, spelled as it would be on the command line (lists: space-separated). "" for a
   * `string` row means unset: the setting is `undefined` unless given a non-empty value.
   */
  readonly default: string;
  /** How the default is shown in the help and docs when the raw default is misleading. */
  readonly defaultDoc?: string;
  readonly help: string;
  readonly group: OptionGroup;
  /** The Config key (camelCase of `long`); the row's `type` gives the key's TypeScript type. */
  readonly key: string;
  /** May be a path to a file holding the value; never logged. */
  readonly secret?: boolean;
  /** `enum` only: the accepted values (case-insensitive). */
  readonly choices?: readonly string[];
  /** `enum` only: the value an empty string stands for. */
  readonly emptyAs?: string;
  /** `enum` only: the value any other string stands for, with a warning (Watchtower's fallback). */
  readonly otherAs?: string;
  /** `int` and `duration` (milliseconds): inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** `int`: the unit shown in messages. */
  readonly unit?: string;
  /** `list` only: how env values are split (also flag values when `flagSplit`). */
  readonly envSplit?: ListSplit;
  readonly flagSplit?: boolean;
}

/** Settings read only from the environment (watchtower-behaviour §1.3). */
export interface EnvOnlySpec {
  readonly env: string;
  /** Another spelling read when `env` is unset or empty (the lower-case proxy variables). */
  readonly alt?: string;
  readonly key: string;
  /** As a `string` OptionSpec's: "" means unset, and the setting is then `undefined`. */
  readonly default: string;
  readonly help: string;
  readonly secret?: boolean;
}
