/**
 * @module Temp directories for tests: each one made here is deleted after its test file (the setup
 * file `remove-temp-dirs.ts` registers the `afterAll`), so no run leaves `bosun-*` dirs behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();

/** A fresh directory under the temp dir, deleted after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bosun-${prefix}-`));
  made.add(dir);
  return dir;
}

/** Deletes every directory `tempDir` made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
