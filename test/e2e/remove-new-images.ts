/**
 * @module Setup file of the e2e project: the images a test file leaves in the private daemon (the
 * revisions it built, the ones Bosun pulled, their build layers) are removed when the file ends,
 * whether or not the file remembered to. Images that were there before the file (the environment's
 * base images) stay. The file's own `afterAll` hooks, which remove its containers, run first
 * (vitest runs "after" hooks in reverse order, and this file registers first).
 */
import { afterAll, beforeAll } from "vitest";
import { docker } from "./harness.ts";

async function imageIds(): Promise<Set<string>> {
  const out = await docker(["images", "--all", "--quiet", "--no-trunc"]);
  return new Set(out.split("\n").filter((id) => id !== ""));
}

let before = new Set<string>();

beforeAll(async () => {
  before = await imageIds();
});

afterAll(async () => {
  const added = [...(await imageIds())].filter((id) => !before.has(id));
  if (added.length === 0) return;
  // One call for all: removing an image also removes its untagged parents, so some IDs are gone
  // by the time docker reaches them; it says so, goes on with the rest and exits non-zero.
  await docker(["rmi", "--force", ...added], { timeoutMs: 300_000 }).catch(() => "");
  const left = [...(await imageIds())].filter((id) => !before.has(id));
  if (left.length > 0) {
    // In use by a container the file left behind (a leak of the file's own): said, not hidden.
    process.stderr.write(
      `e2e: ${String(left.length)} image(s) of this file are still in use and were kept\n`,
    );
  }
}, 320_000);
