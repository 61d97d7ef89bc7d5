/**
 * @module `parseConfig`: argv + env (+ files for secrets) to the typed Config, by precedence
 * flag > env > default, then aliases, schedule validation and startup checks.
 *
 * `--help`/`-h` and `--version` do not return: parseConfig throws `HelpRequested` (its `what`
 * says which), and the caller prints `helpText()` or the version and exits 0. Every invalid
 * setting throws a `ConfigError` (code "CONFIG") naming the flag or env var, the value and what
 * is expected. Nothing here reads `process.env` or argv: the caller passes them in.
 */
import { applyAliases, effectiveSchedule } from "./aliases.ts";
import { parseArgv } from "./argv.ts";
import { checkConfig } from "./checks.ts";
import { HelpRequested } from "./errors.ts";
import { hostList } from "./hosts.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS, type TableValues } from "./options-table.ts";
import { emptyAsUnset, resolveEnvOnly, resolveOptions, type Env } from "./resolve.ts";
import { fiveFieldWarning, parseSchedule } from "./schedule.ts";
import { nodeFileDeps, readSettingFile, type FileDeps } from "./secrets.ts";
import { isKnownTimeZone } from "./time-zone.ts";
import type { Config } from "./types.ts";

const NOTIFY_UPGRADE = "notify-upgrade";

export interface ParsedConfig {
  config: Config;
  /** Messages for the caller to log at warn level once the logger exists. */
  warnings: string[];
}

/**
 * Parses the command line (without the node and script paths) and the environment.
 * @throws ConfigError for any invalid setting; HelpRequested for --help / --version.
 */
export function parseConfig(argv: readonly string[], env: Env, deps: FileDeps = nodeFileDeps): ParsedConfig {
  const { values: flags, names } = parseArgv(argv, OPTION_SPECS);
  // cobra's `help` subcommand, as `watchtower help`.
  if (names[0] === "help") throw new HelpRequested("help");
  const { values, onCommandLine, warnings } = resolveOptions(OPTION_SPECS, flags, env, deps);
  const envOnly = resolveEnvOnly(ENV_ONLY_SPECS, env);

  // As with the original's cobra command, a first argument naming a subcommand is the subcommand.
  const command = names[0] === NOTIFY_UPGRADE ? NOTIFY_UPGRADE : "update";
  const record: Record<string, unknown> = { names: command === "update" ? names : names.slice(1), command };
  for (const [key, value] of values) record[key] = value;
  for (const [key, value] of envOnly) record[key] = value;
  // The rows' fields are typed by the rows (types.ts); the resolver gives each row a value of its
  // type (convert.ts; config-type.test.ts checks every row's default).
  const { schedule, ...settings } = record as unknown as TableValues & Pick<Config, "names" | "command">;
  const hosts = hostList(flags.get("host"), settings.host);

  if (settings.tz !== undefined && !isKnownTimeZone(settings.tz)) {
    warnings.push(`TZ "${settings.tz}" is not a known time zone; schedules use the system time zone`);
    settings.tz = undefined;
  }
  const effective = effectiveSchedule(schedule, settings.interval, onCommandLine);
  warnings.push(...effective.warnings);
  const config: Config = { ...settings, hosts, schedule: effective.schedule };
  applyAliases(config, onCommandLine);
  if (config.notificationTemplateFile !== undefined) {
    // An empty file, as an empty --notification-template, means the default template.
    config.notificationTemplate = emptyAsUnset(
      readSettingFile(
        config.notificationTemplateFile,
        "--notification-template-file (WATCHTOWER_NOTIFICATION_TEMPLATE_FILE)",
        deps,
      ),
    );
  }
  parseSchedule(config.schedule, config.tz);
  const fiveFields = fiveFieldWarning(config.schedule);
  if (fiveFields !== undefined) warnings.push(fiveFields);
  warnings.push(...unknownWatchtowerVariables(env));
  warnings.push(...checkConfig(config));
  return { config, warnings };
}

const KNOWN_ENV: ReadonlySet<string> = new Set([
  ...OPTION_SPECS.flatMap((spec) => [spec.env, spec.envAlias].filter((name) => name !== undefined)),
  ...ENV_ONLY_SPECS.map((spec) => spec.env),
]);

/**
 * A `WATCHTOWER_*` variable Bosun does not know (a fork's setting, a typo) would otherwise be
 * ignored silently, unlike an unknown flag: name it, so the user knows it has no effect.
 */
function unknownWatchtowerVariables(env: Env): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith("WATCHTOWER_") && !KNOWN_ENV.has(name))
    .sort()
    .map((name) => `${name} is not a setting Bosun knows: it is ignored`);
}
