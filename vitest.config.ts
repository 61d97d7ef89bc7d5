import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/unit/**/*.test.ts", "test/conformance/**/*.test.ts"],
          testTimeout: 10_000,
          globalSetup: ["./test/support/run-temp-dir.ts"],
          setupFiles: ["./test/support/remove-temp-dirs.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.e2e.test.ts"],
          // The environment's services start before the run gets its own temp dir.
          globalSetup: ["./test/e2e/global-setup.ts", "./test/support/run-temp-dir.ts"],
          setupFiles: ["./test/support/remove-temp-dirs.ts", "./test/e2e/remove-new-images.ts"],
          // Every e2e file drives the one private dockerd; running them one at a time keeps a
          // Bosun session of one file from seeing the containers of another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
