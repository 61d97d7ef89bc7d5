/**
 * @module The command line, read as pflag/cobra read Watchtower's: `--name value`, `--name=value`,
 * `-x value`, `-xvalue`, `-x=value`, clusters of short bools (`-cR`), bools as `--flag` or
 * `--flag=false`, `--` ending the flags, everything else a positional container name.
 */
import { ConfigError, HelpRequested } from "./errors.ts";
import type { OptionSpec } from "./option-spec.ts";

export interface ParsedArgv {
  /** Raw values per long flag name, in the order given. */
  values: Map<string, string[]>;
  names: string[];
}

const HINT = "run bosun --help for the list of flags";

function index(specs: readonly OptionSpec[]): {
  byLong: Map<string, OptionSpec>;
  byShort: Map<string, OptionSpec>;
} {
  const byLong = new Map<string, OptionSpec>();
  const byShort = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byLong.set(spec.long, spec);
    if (spec.short !== undefined) byShort.set(spec.short, spec);
  }
  return { byLong, byShort };
}

/** Splits argv (without the node and script paths) into flag values and names; throws ConfigError. */
export function parseArgv(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgv {
  const { byLong, byShort } = index(specs);
  const values = new Map<string, string[]>();
  const names: string[] = [];
  const add = (spec: OptionSpec, value: string): void => {
    const list = values.get(spec.long) ?? [];
    list.push(value);
    values.set(spec.long, list);
  };

  let i = 0;
  const next = (flag: string): string => {
    i += 1;
    const value = argv[i];
    if (value === undefined) throw new ConfigError(`Flag ${flag} needs a value; ${HINT}`);
    return value;
  };

  for (; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      names.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (name === "help") throw new HelpRequested("help");
      if (name === "version") throw new HelpRequested("version");
      const spec = byLong.get(name);
      if (spec === undefined) throw new ConfigError(`Unknown flag --${name}; ${HINT}`);
      if (eq !== -1) add(spec, arg.slice(eq + 1));
      else add(spec, spec.type === "bool" ? "true" : next(`--${name}`));
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      parseShortCluster(arg.slice(1));
      continue;
    }
    names.push(arg);
  }
  return { values, names };

  function parseShortCluster(cluster: string): void {
    for (let c = 0; c < cluster.length; c += 1) {
      const letter = cluster.charAt(c);
      if (letter === "h") throw new HelpRequested("help");
      const spec = byShort.get(letter);
      if (spec === undefined) throw new ConfigError(`Unknown flag -${letter} in -${cluster}; ${HINT}`);
      const rest = cluster.slice(c + 1);
      if (rest.startsWith("=")) {
        add(spec, rest.slice(1));
        return;
      }
      if (spec.type === "bool") {
        add(spec, "true");
        continue;
      }
      add(spec, rest !== "" ? rest : next(`-${letter}`));
      return;
    }
  }
}
