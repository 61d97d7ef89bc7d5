/**
 * @module Which containers a session manages: positional names, disabled names, the enable label
 * and scope, with the original's semantics (an instance without `--scope` sees every container).
 */
import { LABELS, parseBool } from "./labels.ts";

export interface FilterOptions {
  names: readonly string[];
  disableContainers: readonly string[];
  labelEnable: boolean;
  /** Undefined = no scope filter; "none" = only unscoped containers. */
  scope: string | undefined;
}

export interface Filterable {
  /** With the leading slash, as the engine reports it. */
  name: string;
  labels: Record<string, string>;
}

export interface ContainerFilter {
  matches: (container: Filterable) => boolean;
  description: string;
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern === name || pattern === name.slice(1)) return true;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return false;
  }
  // The original accepts a match spanning the whole name, allowing the leading `/` and one
  // trailing character to be left out.
  const match = regex.exec(name);
  if (match === null) return false;
  const start = match.index;
  const end = start + match[0].length;
  return start <= 1 && end >= name.length - 1;
}

/** The scope of a container: missing or empty means "none". */
export function containerScope(labels: Record<string, string>): string {
  const scope = labels[LABELS.scope];
  return scope === undefined || scope === "" ? "none" : scope;
}

export function buildFilter(options: FilterOptions): ContainerFilter {
  const names = options.names.filter((name) => name !== "");
  const disabled = options.disableContainers.filter((name) => name !== "");
  const matches = (container: Filterable): boolean => {
    if (names.length > 0 && !names.some((pattern) => nameMatches(pattern, container.name))) {
      return false;
    }
    if (disabled.some((name) => name === container.name || name === container.name.slice(1))) {
      return false;
    }
    const enable = parseBool(container.labels[LABELS.enable]);
    if (options.labelEnable && enable === undefined) return false;
    if (options.scope !== undefined && containerScope(container.labels) !== options.scope) return false;
    return enable !== false;
  };
  return { matches, description: describeFilter(options, names, disabled) };
}

function describeFilter(options: FilterOptions, names: string[], disabled: string[]): string {
  const parts: string[] = [];
  if (names.length > 0) {
    parts.push(`which name matches ${names.map((name) => `"${name}"`).join(" or ")}`);
  }
  if (disabled.length > 0) {
    parts.push(`not named ${disabled.map((name) => `"${name}"`).join(" or ")}`);
  }
  if (options.labelEnable) parts.push("using enable label");
  if (options.scope !== undefined) parts.push(`in scope "${options.scope}"`);
  if (parts.length === 0) return "Checking all containers (except explicitly disabled with label)";
  return `Only checking containers ${parts.join(", ")}`;
}
