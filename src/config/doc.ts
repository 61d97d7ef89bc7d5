/**
 * @module docs/configuration.md, rendered from the options table (`scripts/gen-config-doc.ts`
 * writes it; a unit test fails when the file is stale).
 */
import { BOOL_SPELLINGS } from "./bool.ts";
import { groupedOptions, valuePlaceholder } from "./help.ts";
import { GROUP_TITLES, type OptionSpec } from "./option-spec.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS } from "./options-table.ts";

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
    const env = spec.env === undefined ? "(none)" : code(spec.env);
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
  "set to the empty string counts as unset, except `NO_COLOR`, which turns colours off whenever it is",
  "present. Positional arguments are the names of the containers to watch, except a first argument",
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
  "Anything else is an error naming the flag or environment variable.",
  "",
  "## Durations",
  "",
  "`--stop-timeout` / `WATCHTOWER_TIMEOUT` takes a Go duration (`1m30s`, `500ms`, `1h`) or a bare",
  "number of seconds (`30` = 30 seconds; Watchtower read it as nanoseconds). A negative value is an",
  "error. `--interval`, `--notifications-delay` and `--notification-email-delay` are whole seconds.",
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
  "- `--porcelain v1` adds the notification URL `logger://` and, unless they are set explicitly,",
  "  sets `--notification-log-stdout`, `--notification-report` and",
  "  `--notification-template porcelain.v1.summary-no-log`. Any other porcelain value is an error.",
  "- `--debug` sets the log level to `debug`; `--trace` sets it to `trace` and wins over `--debug`.",
  "- Without `--schedule`, the schedule is `@every <interval>s`.",
  "",
  "## Schedules",
  "",
  "`--schedule` takes a cron spec with 6 fields, seconds first (`0 0 4 * * *`, as Watchtower), a",
  "standard 5-field spec (`0 4 * * *`), `@every <Go duration>` (`@every 6h`) or one of `@yearly`,",
  "`@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`. Surrounding quotes are",
  "stripped. The spec is evaluated in the time zone `TZ`; an unknown `TZ` gives a warning and the",
  "system zone is used. The first check happens at the first scheduled time (one interval after",
  "start with `--interval`), unless `--update-on-start` asks for one at startup.",
  "",
  "## Fatal combinations and warnings",
  "",
  "Bosun exits non-zero with a message, before any container is touched, when:",
  "",
  '- `--interval` (flag or env) and `--schedule` are both set: "Only schedule or interval can be',
  '  defined, not both."',
  "- the schedule is not a valid spec;",
  "- `--rolling-restart` is combined with `--monitor-only`;",
  "- `--http-api-update` or `--http-api-metrics` is on and `--http-api-token` is empty",
  '  ("api token is empty or has not been set");',
  "- `--registry-ca-validate` is on without `--registry-ca`;",
  "- `--stop-timeout` is negative, `--http-api-port` is outside 1-65535, `--registry-concurrency` is",
  "  below 1, or any value has the wrong type or is not one of the accepted choices.",
  "",
  "It warns when `--monitor-only` is combined with `--no-pull`, and when `--trace` is on (credentials",
  "may appear in the log).",
  "",
  "## Help and version",
  "",
  "`bosun --help` (`-h`) lists every flag with its environment variable and default;",
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
    "`--insecure-registry`).",
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
