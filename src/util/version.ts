/**
 * @module Bosun's version, from the package.json shipped next to `src/` and `dist/`.
 */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/**
 * Checked by hand, not with zod: `bosun --version` must not load zod (it alone raises the
 * process's peak memory by a third, see docs/performance.md).
 */
function versionOf(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null || !("version" in json)) return undefined;
  return typeof json.version === "string" ? json.version : undefined;
}

export function bosunVersion(): string {
  if (cached !== undefined) return cached;
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const version = versionOf(JSON.parse(text));
    cached = version === undefined ? "v0.0.0-unknown" : `v${version}`;
  } catch {
    cached = "v0.0.0-unknown";
  }
  return cached;
}
