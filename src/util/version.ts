/**
 * @module Bosun's version, from the package.json shipped next to `src/` and `dist/`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const PackageJson = z.object({ version: z.string() });

let cached: string | undefined;

export function bosunVersion(): string {
  if (cached !== undefined) return cached;
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    cached = `v${PackageJson.parse(JSON.parse(text)).version}`;
  } catch {
    cached = "v0.0.0-unknown";
  }
  return cached;
}
