/**
 * @module Setup file of every test project: the temp dirs a test file made with `tempDir` are
 * deleted when the file ends, whether or not the file remembered to.
 */
import { afterAll } from "vitest";
import { removeTempDirs } from "./temp-dir.ts";

afterAll(() => {
  removeTempDirs();
});
