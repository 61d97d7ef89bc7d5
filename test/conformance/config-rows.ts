/**
 * @module The row shapes of the configuration conformance suite (written by
 * scripts/gen-config-conformance.ts, read by config-watchtower-docs.test.ts) and the file access
 * its parses use: none, so every documented value is taken literally.
 */
import type { FileDeps } from "../../src/config/secrets.ts";

/** A ```text block of docs/arguments.md. */
export interface ArgumentRow {
  kind: "argument";
  source: string;
  heading: string;
  flags: string[];
  env?: string;
  type?: string;
  values?: string[];
  default?: string;
}

/** "`--flag` (env. `VAR`)" in the prose. */
export interface EnvPairRow {
  kind: "env-pair";
  source: string;
  flag: string;
  env: string;
}

/** A documented configuration: env assignments and arguments. */
export interface ExampleRow {
  kind: "example";
  source: string;
  argv: string[];
  env: Record<string, string>;
}

export type ConformanceRow = ArgumentRow | EnvPairRow | ExampleRow;

/** The documented examples name files that do not exist here. */
export const noFiles: FileDeps = {
  readFile: () => {
    throw new Error("no files in conformance rows");
  },
  fileExists: () => false,
};
