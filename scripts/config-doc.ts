/**
 * @module docs/configuration.md, rendered from the options table (`scripts/gen-config-doc.ts`
 * writes it; a unit test fails when the file is stale).
 */
import { BOOL_SPELLINGS } from "../src/config/bool.ts";
import { groupedOptions, valuePlaceholder } from "../src/config/help.ts";
import { GROUP_TITLES, type OptionSpec } from "../src/config/option-spec.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS } from "../src/config/options-table.ts";

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** Table text outside code spans: pipes escaped, angle brackets as entities. */
function prose(text: string): string {
  return cell(text).replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function code(text: string): string {
  return text === "" ? "" : `\`${cell(text)}\``;
}

function typeCell(spec: OptionSpec): string {
  if (spec.type === "enum") return `enum: ${(spec.choices ?? []).join(", ")}`;
  if (spec.type === "int" && spec.unit !== undefined) return `int (${spec.unit})`;
  return spec.type;
}

function defaultCell(spec: OptionSpec): string {
  if (spec.defaultDoc !== undefined) return cell(spec.defaultDoc);
  if (spec.type === "list") return "none";
  return spec.default === "" ? '""' : code(spec.default);
}

function describeCell(spec: OptionSpec): string {
  const secret =
    spec.secret === true
      ? " **Secret:** read from the file when the value is a file path; never logged."
      : "";
  return prose(`${spec.help}.`) + secret;
}

function flagTable(specs: readonly OptionSpec[]): string[] {
  const rows = specs.map((spec) => {
    const flag = code(`--${spec.long}${valuePlaceholder(spec)}`);
    const short = spec.short === undefined ? "" : code(`-${spec.short}`);
    const alias = spec.envAlias === undefined ? "" : ` (also ${code(spec.envAlias)})`;
    const env = spec.env === undefined ? "(none)" : `${code(spec.env)}${alias}`;
    return `| ${flag} | ${short} | ${env} | ${typeCell(spec)} | ${defaultCell(spec)} | ${describeCell(spec)} |`;
  });
  return ["| Flag | Short | Env var | Type | Default | Description |", "|---|---|---|---|---|---|", ...rows];
}

function listOf(predicate: (spec: OptionSpec) => boolean): string {
  return OPTION_SPECS.filter(predicate)
    .map((spec) => `\`--${spec.long}\``)
    .join(", ");
}

const PROSE = (): string[] => [
  "## Precedence",
  "",
  "A flag wins over its environment variable, which wins over the default. An environment variable",
  "set to the empty string counts as unset. `NO_COLOR` and `DOCKER_TLS_VERIFY` are on when set to",
  "anything else, even `0` or `false` (as viper and the Docker SDK read them). The registry settings",
  "also read their earlier Bosun names (`BOSUN_REGISTRY_CA`, `BOSUN_REGISTRY_CA_VALIDATE`,",
  "`BOSUN_INSECURE_REGISTRY`) when the `WATCHTOWER_*` name is unset. Positional arguments are the names of the containers to watch, except a first argument",
  "`notify-upgrade`, the subcommand that writes the notification settings as one",
  "`WATCHTOWER_NOTIFICATION_URL` line to a file (see [notifications](notifications.md)). An unknown",
  "flag is an error; an unknown `WATCHTOWER_*` variable (a fork's setting, a typo) is named in a",
  "warning at startup and otherwise ignored.",
  "Bool flags take no value (`--cleanup`) or an attached one (`--cleanup=false`); other flags take",
  "`--flag value` or `--flag=value`; short flags may be grouped (`-cR`). A repeated scalar flag keeps",
  "its last value.",
  "",
  "## Booleans",
  "",
  `Boolean values are read as Go's \`strconv.ParseBool\` reads them: ${BOOL_SPELLINGS}.`,
  "On the command line anything else is an error naming the flag (as pflag). In an environment",
  'variable anything else (`yes`, `on`, `" true"`) reads as false, as Watchtower\'s viper reads it,',
  "with a startup warning naming the variable and the value.",
  "",
  "## Integers",
  "",
  "Integers are read as Go's `strconv.ParseInt(s, 0, 64)` reads them, on the command line and in the",
  "environment: `030` is octal (24), `0x1e` hex, `0b11` binary, `1_000` a thousand. A flag value that",
  "does not parse is an error. An environment value may also be `10.0` or have surrounding spaces;",
  "one that does not parse reads as 0, as viper reads it, with a startup warning (and is then an",
  "error where 0 is out of range, such as `--http-api-port`).",
  "",
  "## Durations",
  "",
  "`--stop-timeout` / `WATCHTOWER_TIMEOUT` takes a Go duration (`1m30s`, `500ms`, `1h`) or a bare",
  "number of seconds (`30` = 30 seconds; Watchtower read it as nanoseconds). A negative value is an",
  "error. `--interval`, `--notifications-delay` and `--notification-email-delay` are whole seconds;",
  "`--interval 0` checks every second (robfig/cron's minimum, as Watchtower), with a warning.",
  "",
  "## Lists",
  "",
  "List flags can be repeated. `--disable-containers` and `--notifications` values are also split on",
  "commas and spaces. From the environment, `WATCHTOWER_DISABLE_CONTAINERS` is split on commas and",
  "spaces, `WATCHTOWER_NOTIFICATIONS` and `WATCHTOWER_NOTIFICATION_URL` on whitespace only (so a",
  "notification URL may contain commas). A list given by flag replaces the one from the environment.",
  "",
  "## Secrets from files",
  "",
  `The values of ${listOf((spec) => spec.secret === true)} may be the path of a file`,
  "(a path has no `:` except a drive letter's, and the file exists). The file's content, trimmed,",
  "replaces the value. For `--notification-url`, every non-empty line of the file that does not start",
  "with `#` is one URL. Secrets are never logged and never shown in error messages.",
  "",
  "## Aliases",
  "",
  "- `--porcelain v1` adds the notification URL `logger://` and, unless they are given as flags,",
  "  sets `--notification-log-stdout`, `--notification-report` and",
  "  `--notification-template porcelain.v1.summary-no-log` (as Watchtower, it overrides the same",
  "  settings from the environment). Any other porcelain value is an error.",
  "- `--debug` sets the log level to `debug`; `--trace` sets it to `trace` and wins over `--debug`.",
  "- Without `--schedule`, the schedule is `@every <interval>s`.",
  "",
  "## Schedules",
  "",
  "`--schedule` takes a cron spec with 6 fields, seconds first (`0 0 4 * * *`, as Watchtower), a",
  "standard 5-field spec (`0 4 * * *`), `@every <Go duration>` (`@every 6h`) or one of `@yearly`,",
  "`@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`. Surrounding quotes are",
  "stripped. A 5-field spec logs one startup warning naming how Watchtower read the same text",
  "(seconds first: `0 0 4 * *` ran daily at 04:00:00 there, monthly on the 4th at midnight here,",
  "decision 11); write the 6-field form to silence it. The spec is evaluated in the time zone `TZ`; an unknown `TZ` gives a warning and the",
  "system zone is used. The first check happens at the first scheduled time (one interval after",
  "start with `--interval`), unless `--update-on-start` asks for one at startup.",
  "",
  "## Fatal combinations and warnings",
  "",
  "Bosun exits non-zero with a message, before any container is touched, when:",
  "",
  '- `--interval` and `--schedule` are both set: "Only schedule or interval can be defined, not',
  '  both." As in Watchtower, the interval counts as set when given as a flag or when its value is',
  "  not 86400, so `WATCHTOWER_POLL_INTERVAL=86400` next to a schedule runs the schedule.",
  "- the schedule is not a valid spec;",
  "- `--rolling-restart` is combined with `--monitor-only`;",
  "- `--http-api-update` or `--http-api-metrics` is on and `--http-api-token` is empty",
  '  ("api token is empty or has not been set");',
  "- `--registry-ca-validate` is on without `--registry-ca`, or the bundle cannot be loaded (without",
  "  `--registry-ca-validate` that is a warning and registry requests trust the system roots);",
  "- `--stop-timeout` is negative, `--http-api-port` is outside 1-65535, `--registry-concurrency` is",
  "  below 1, or any value has the wrong type or is not one of the accepted choices.",
  "",
  "It warns when `--monitor-only` is combined with `--no-pull`, when `--trace` is on (credentials",
  "may appear in the log), for an environment value read as Watchtower reads it (see Booleans and",
  "Integers), for a `--warn-on-head-failure` value other than always/auto/never (read as `auto`, as",
  "Watchtower), for a 5-field schedule and for `--interval 0`.",
  "",
  "## Help and version",
  "",
  "`bosun --help` (`-h`, or `bosun help` as Watchtower's cobra subcommand) lists every flag with its",
  "environment variable and default;",
  "`bosun --version` prints the version.",
];

/** The whole of docs/configuration.md. */
export function renderConfigDoc(): string {
  const lines = [
    "<!-- Generated from src/config/options-table.ts by `npx tsx scripts/gen-config-doc.ts`; do not edit. -->",
    "",
    "# Configuration",
    "",
    "Bosun takes every flag and environment variable of Watchtower (containrrr/watchtower and",
    "beatkind/watchtower) with the same names and defaults, plus a few of its own (`--registry-*`,",
    "`--insecure-registry`, named as the Watchtower fork that introduced them).",
    "",
  ];
  for (const [group, specs] of groupedOptions()) {
    lines.push(`## ${GROUP_TITLES[group]}`, "", ...flagTable(specs), "");
  }
  lines.push("## Environment-only settings", "", "| Env var | Default | Description |", "|---|---|---|");
  for (const spec of ENV_ONLY_SPECS) {
    const secret = spec.secret === true ? " **Secret:** never logged." : "";
    const value = spec.default === "" ? '""' : code(spec.default);
    const alt = spec.alt === undefined ? "" : ` (or ${code(spec.alt)})`;
    lines.push(`| ${code(spec.env)}${alt} | ${value} | ${prose(spec.help)}.${secret} |`);
  }
  lines.push("", ...PROSE());
  return `${lines.join("\n")}\n`;
}
