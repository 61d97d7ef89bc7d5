/**
 * @module Global setup of every test project: the test processes (and the Bosun processes they
 * start) get a temp dir of their own for this run, and the run fails, listing them, when anything
 * is left in it at the end. A dir of its own keeps the check exact while other runs share /tmp.
 * List it after any setup that starts long-lived services (the e2e environment), so they keep the
 * machine's temp dir.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function setup(): () => void {
  // Both projects list this setup; the first one makes the dir, the last teardown checks it.
  const owner = process.env.BOSUN_TEST_RUN_TMPDIR === undefined;
  const outer = process.env.TMPDIR;
  if (owner) {
    const dir = mkdtempSync(join(tmpdir(), "bosun-test-run-"));
    process.env.BOSUN_TEST_RUN_TMPDIR = dir;
    process.env.TMPDIR = dir;
  }
  return () => {
    if (!owner) return;
    const dir = process.env.BOSUN_TEST_RUN_TMPDIR ?? "";
    delete process.env.BOSUN_TEST_RUN_TMPDIR;
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    // tsx (which runs the e2e fixtures) keeps its compile cache in the temp dir: a cache, not a leftover.
    const left = readdirSync(dir).filter((name) => !name.startsWith("tsx-"));
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // A throw here is only logged by vitest ("error during close"); the exit code carries it.
      process.stderr.write(
        `FAIL: tests left ${String(left.length)} entries in the temp dir: ${left.sort().join(", ")}\n`,
      );
      process.exitCode = 1;
    }
  };
}
