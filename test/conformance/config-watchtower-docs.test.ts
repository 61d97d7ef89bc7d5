/**
 * Conformance of the configuration with Watchtower's own documentation: every argument block of
 * containrrr/watchtower docs/arguments.md (flag spellings, env var, type or possible values,
 * default), every "`--flag` (env. `VAR`)" pair and every configuration example of its docs, run
 * through Bosun's parser. The rows are extracted from the upstream files by
 * scripts/gen-config-conformance.ts into config-watchtower-docs.json; each cites its file and line.
 * Where Bosun differs on purpose, the row names the decision (docs/decisions in README).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HelpRequested } from "../../src/config/errors.ts";
import { ENV_ONLY_SPECS, OPTION_SPECS } from "../../src/config/options-table.ts";
import type { OptionSpec } from "../../src/config/option-spec.ts";
import { parseConfig } from "../../src/config/parse.ts";
import type { Config } from "../../src/config/types.ts";
import {
  noFiles,
  type ArgumentRow,
  type ConformanceRow,
  type EnvPairRow,
  type ExampleRow,
} from "./config-rows.ts";

const DOCS = JSON.parse(readFileSync(new URL("config-watchtower-docs.json", import.meta.url), "utf8")) as {
  commit: string;
  rows: ConformanceRow[];
};
const arguments_ = DOCS.rows.filter((row): row is ArgumentRow => row.kind === "argument");
const envPairs = DOCS.rows.filter((row): row is EnvPairRow => row.kind === "env-pair");
const examples = DOCS.rows.filter((row): row is ExampleRow => row.kind === "example");

const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig(argv, env, noFiles);
const byLong = new Map(OPTION_SPECS.map((spec) => [spec.long, spec]));

/** Documented defaults Bosun does not share, each for a recorded reason. */
const DEFAULT_DIFFERENCES: Readonly<Record<string, { bosun: unknown; why: string }>> = {
  "--api-version": {
    bosun: "",
    why: "decision 1: the API version is negotiated; the docs' 1.24 is long gone",
  },
  TZ: { bosun: "", why: "empty = the system zone, which is UTC in the image as in Watchtower's" },
};

/** Defaults as Watchtower itself turns them into effective values (not differences). */
const EFFECTIVE_DEFAULTS: Readonly<Record<string, unknown>> = {
  // internal/flags/flags.go ProcessFlagAliases: without a schedule, `@every <interval>s`.
  "--schedule": "@every 86400s",
};

/** Settings a documented value needs to be accepted at all, from the same docs. */
const CONTEXT: Readonly<Record<string, Record<string, string>>> = {
  // docs/http-api-mode.md: the API modes need WATCHTOWER_HTTP_API_TOKEN.
  "--http-api-update": { WATCHTOWER_HTTP_API_TOKEN: "mytoken" },
  "--http-api-metrics": { WATCHTOWER_HTTP_API_TOKEN: "mytoken" },
};

/** A value of the documented type, and what Bosun makes of it. */
function sample(row: ArgumentRow, spec: OptionSpec): [string, unknown] {
  if (spec.long === "schedule") return ["0 0 4 * * *", "0 0 4 * * *"]; // docs/arguments.md's example
  switch (row.type) {
    case "Integer":
      return ["30", 30];
    case "Duration":
      return ["30s", 30_000]; // docs/arguments.md: `--stop-timeout 30s` is 30 seconds
    case "Comma- or space-separated string list":
      return ["a,b c", ["a", "b", "c"]];
    default:
      return ["example", "example"];
  }
}

/** The documented default as Bosun's typed value. */
function documentedDefault(row: ArgumentRow): unknown {
  const text = (row.default ?? "").replace(/^"(.*)"$/, "$1");
  if (text === "-" || text === "") return row.type === "Comma- or space-separated string list" ? [] : "";
  if (row.type === "Boolean") return text === "true";
  if (row.type === "Integer") return Number.parseInt(text, 10);
  if (row.type === "Duration") return Number.parseInt(text, 10) * 1000;
  if (row.values !== undefined) return text.toLowerCase();
  return text;
}

/** A setting as Watchtower would hold it: an optional string that is unset (undefined) is "". */
function value(config: Config, key: string): unknown {
  const held: unknown = Reflect.get(config, key);
  return held ?? "";
}

describe(`Watchtower docs/arguments.md at ${DOCS.commit}: argument blocks`, () => {
  it("has the blocks of the document", () => {
    expect(arguments_.length).toBeGreaterThan(30);
  });

  describe.each(arguments_.map((row) => [`${row.heading} (${row.source})`, row] as const))("%s", (_, row) => {
    const long = row.flags.find((flag) => flag.startsWith("--"));
    const spec = long === undefined ? undefined : byLong.get(long.slice(2));

    if (long === "--help") {
      it("--help prints the help", () => {
        expect(() => parse(["--help"])).toThrow(HelpRequested);
      });
      return;
    }
    if (long === undefined) {
      it(`env-only ${row.env ?? ""} is read`, () => {
        const envSpec = ENV_ONLY_SPECS.find((candidate) => candidate.env === row.env);
        expect(envSpec).toBeDefined();
        if (envSpec === undefined) return;
        const expected = DEFAULT_DIFFERENCES[row.env ?? ""]?.bosun ?? documentedDefault(row);
        expect(value(parse([]).config, envSpec.key)).toEqual(expected);
        expect(value(parse([], { [row.env ?? ""]: "Europe/Rome" }).config, envSpec.key)).toBe("Europe/Rome");
      });
      return;
    }

    it("every documented spelling is a flag of the same setting, with the documented env var", () => {
      expect(spec, `${long} is not a Bosun flag`).toBeDefined();
      for (const flag of row.flags.filter((f) => !f.startsWith("--")))
        expect(`-${spec?.short ?? ""}`).toBe(flag);
      expect(spec?.env).toBe(row.env);
    });

    if (spec === undefined) return;
    const context = CONTEXT[long] ?? {};

    if (row.default !== undefined) {
      it(`the default is ${row.default}`, () => {
        const expected =
          DEFAULT_DIFFERENCES[long]?.bosun ?? EFFECTIVE_DEFAULTS[long] ?? documentedDefault(row);
        expect(value(parse([], context).config, spec.key)).toEqual(expected);
      });
    }

    if (row.values !== undefined) {
      it.each(row.values)("possible value %s is accepted from the flag and the env var", (documented) => {
        for (const flag of row.flags) {
          expect(value(parse([flag, documented], context).config, spec.key)).toBe(documented.toLowerCase());
        }
        const fromEnv = parse([], { ...context, [row.env ?? ""]: documented });
        expect(value(fromEnv.config, spec.key)).toBe(documented.toLowerCase());
        expect(fromEnv.warnings).toEqual([]);
      });
      return;
    }

    if (row.type === "Boolean" || (row.type === undefined && spec.type === "bool")) {
      it("takes no argument on the command line; the env var reads true and false", () => {
        for (const flag of row.flags) expect(value(parse([flag], context).config, spec.key)).toBe(true);
        if (row.env === undefined) return;
        expect(value(parse([], { ...context, [row.env]: "true" }).config, spec.key)).toBe(true);
        if (spec.envPresence !== true) {
          expect(value(parse([], { ...context, [row.env ?? ""]: "false" }).config, spec.key)).toBe(false);
        }
      });
      return;
    }

    if (row.env !== undefined) {
      const [raw, expected] = sample(row, spec);
      it(`a ${row.type ?? "value"} from the flag and the env var`, () => {
        for (const flag of row.flags)
          expect(value(parse([flag, raw], context).config, spec.key)).toEqual(expected);
        expect(value(parse([], { ...context, [row.env ?? ""]: raw }).config, spec.key)).toEqual(expected);
      });
    }
  });
});

describe(`Watchtower docs at ${DOCS.commit}: "--flag (env. VAR)" pairs`, () => {
  it.each(envPairs.map((row) => [row.flag, row.env, row.source] as const))("%s ↔ %s (%s)", (flag, env) => {
    expect(byLong.get(flag.slice(2))?.env).toBe(env);
  });
});

/** What Bosun makes of a documented env value: the value of the same type. */
function expectedFromEnv(spec: OptionSpec, raw: string): unknown {
  switch (spec.type) {
    case "bool":
      return raw === "true";
    case "int":
      return Number.parseInt(raw, 10);
    case "list":
      return raw.split(spec.envSplit === "comma-space" ? /[, ]+/ : /\s+/);
    default:
      return raw;
  }
}

describe(`Watchtower docs at ${DOCS.commit}: configuration examples`, () => {
  it.each(examples.map((row) => [row.source, row] as const))("%s", (_, row) => {
    const { config, warnings } = parse(row.argv, row.env);
    // Every documented variable is known, and every value is read without a Watchtower-compat warning.
    expect(warnings).toEqual([]);
    for (const [name, raw] of Object.entries(row.env)) {
      const spec = OPTION_SPECS.find((candidate) => candidate.env === name);
      if (spec !== undefined) {
        expect(value(config, spec.key), name).toEqual(expectedFromEnv(spec, raw));
        continue;
      }
      const envOnly = ENV_ONLY_SPECS.find((candidate) => candidate.env === name);
      expect(envOnly, `${name} is not a setting Bosun knows`).toBeDefined();
      if (envOnly !== undefined) expect(value(config, envOnly.key), name).toBe(raw);
    }
    const positional = row.argv.filter((word, i) => {
      if (word.startsWith("-")) return false;
      const before = row.argv[i - 1] ?? "";
      const spec = before.startsWith("--") ? byLong.get(before.slice(2)) : undefined;
      return spec === undefined || spec.type === "bool";
    });
    expect([config.command === "update" ? [] : [config.command], config.names].flat()).toEqual(positional);
  });
});
