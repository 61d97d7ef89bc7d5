/**
 * @module Prints the plain closing line `N passed, N failed, N skipped` that CI reads.
 */
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let brokenFiles = 0;
    for (const testModule of testModules) {
      if (testModule.state() === "failed" && testModule.errors().length > 0) brokenFiles++;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    // A file that failed to load has no tests of its own, but it is a failure all the same.
    failed += brokenFiles;
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
