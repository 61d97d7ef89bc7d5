/**
 * @module The parsed configuration: one typed object built from flags, env vars and defaults by
 * `src/config/`. Keys are the camelCase of the long flag names; every consumer takes this object
 * (or a structural subset of it) so nothing else reads `process.env` or argv.
 *
 * The type is derived from the options table (`TableValues`): a row's `type` is its field's type,
 * so changing a row changes (and type-checks) every consumer. A string setting whose default is
 * "" is `string | undefined`, never "": unset and empty are both `undefined`. Only the fields
 * computed from the rows are declared here.
 */
import type { LogFormat, LogLevel } from "../log/log-options.ts";
import type { TableValues } from "./options-table.ts";

export type { LogFormat, LogLevel };
export type WarnOnHeadFailureSetting = Config["warnOnHeadFailure"];
export type TagPolicySetting = Config["tagPolicy"];
export type Command = "update" | "notify-upgrade";

/** The fields parse.ts computes from the rows (or the positional arguments). */
interface Computed {
  /** Positional arguments: container names or anchored regexes. */
  names: string[];
  /** `update` (the default) or the `notify-upgrade` subcommand, as the original's. */
  command: Command;
  /** Every host of the session: `--host` given more than once, else `[host]`. */
  hosts: string[];
  /** The effective cron spec: `--schedule`, or `@every <interval>s` (Watchtower's interval alias). */
  schedule: string;
}

export type Config = Omit<TableValues, keyof Computed> & Computed;
