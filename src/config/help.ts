/**
 * @module The `--help` text, generated from the options table: flags grouped, each with its env
 * var and default.
 */
import { GROUP_TITLES, type OptionGroup, type OptionSpec } from "./option-spec.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS } from "./options-table.ts";

/** `<int>`, `<a|b>` and so on: how the value of a flag is shown. */
export function valuePlaceholder(spec: OptionSpec): string {
  switch (spec.type) {
    case "bool":
      return "";
    case "enum":
      return ` <${(spec.choices ?? []).join("|")}>`;
    case "list":
      return " <value>";
    default:
      return ` <${spec.type}>`;
  }
}

/** The default as shown to users, or "" when there is nothing worth showing. */
export function shownDefault(spec: OptionSpec): string {
  if (spec.defaultDoc !== undefined) return spec.defaultDoc;
  if (spec.type === "bool" && spec.default === "false") return "";
  return spec.default;
}

export function flagSpelling(spec: OptionSpec): string {
  const short = spec.short === undefined ? "    " : `-${spec.short}, `;
  return `${short}--${spec.long}${valuePlaceholder(spec)}`;
}

function describe(spec: OptionSpec): string {
  const notes: string[] = [];
  if (spec.env !== undefined) notes.push(`env ${[spec.env, spec.envAlias].filter(Boolean).join(" or ")}`);
  const value = shownDefault(spec);
  if (value !== "") notes.push(`default ${value}`);
  return notes.length === 0 ? spec.help : `${spec.help} (${notes.join("; ")})`;
}

export function groupedOptions(): [OptionGroup, OptionSpec[]][] {
  const groups = new Map<OptionGroup, OptionSpec[]>();
  for (const spec of OPTION_SPECS) {
    const list = groups.get(spec.group) ?? [];
    list.push(spec);
    groups.set(spec.group, list);
  }
  return [...groups];
}

/** The full help text, ending with a newline. */
export function helpText(): string {
  const lines = [
    "Usage: bosun [flags] [container names...]",
    "       bosun [flags] notify-upgrade",
    "",
    "Keeps running Docker containers on the newest image of their tag: a drop-in replacement for Watchtower.",
    "Every flag can also be set with its environment variable; a flag wins over the environment.",
    "Arguments are the names of the containers to watch (default: all).",
    "notify-upgrade writes the notification flags in use, legacy ones converted, as one",
    "WATCHTOWER_NOTIFICATION_URL line to a file for 5 minutes, and says how to copy it.",
  ];
  for (const [group, specs] of groupedOptions()) {
    lines.push("", `${GROUP_TITLES[group]}:`);
    for (const spec of specs) lines.push(`  ${flagSpelling(spec)}`, `        ${describe(spec)}`);
  }
  lines.push("", "Environment only:");
  for (const spec of ENV_ONLY_SPECS) {
    const value = spec.default === "" ? "" : ` (default ${spec.default})`;
    lines.push(
      `  ${spec.env}${spec.alt === undefined ? "" : ` (or ${spec.alt})`}`,
      `        ${spec.help}${value}`,
    );
  }
  lines.push(
    "",
    "Other:",
    "  -h, --help",
    "        Show this help and exit",
    "      --version",
    "        Show the version and exit",
    "",
  );
  return lines.join("\n");
}
