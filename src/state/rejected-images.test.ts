import { mkdtemp, readdir, rm, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createRejectedImages, rejectionMessage, REJECTED_DIR } from "./rejected-images.ts";
import { createStateDir } from "./state-dir.ts";

const ID = `sha256:${"ab".repeat(32)}`;
const rejection = {
  container: "/web",
  imageId: ID,
  reason: "rolled back: exited",
  rejectedAt: Date.UTC(2026, 11, 1, 22),
};
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("rejected images", () => {
  it("survives a restart through the state dir and is forgotten when its file is removed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bosun-state-"));
    dirs.push(dir);
    const log = pino({ level: "silent" });
    await createRejectedImages(createStateDir(dir, log)).add(rejection);

    const restarted = createRejectedImages(createStateDir(dir, log));
    await restarted.load();
    expect(restarted.find("web", ID)?.reason).toBe("rolled back: exited");
    expect(restarted.find("web", `sha256:${"cd".repeat(32)}`)).toBeUndefined();
    expect(restarted.find("other", ID)).toBeUndefined();

    const files = await readdir(join(dir, REJECTED_DIR));
    expect(files).toEqual([`web@${"ab".repeat(32)}.json`]);
    await rm(join(dir, REJECTED_DIR, files[0] ?? ""));
    await restarted.load();
    expect(restarted.find("web", ID)).toBeUndefined();
  });

  it("keeps the state in memory when the dir cannot be written, and says so once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bosun-state-"));
    dirs.push(dir);
    // A file where the directory should be: unwritable even for root.
    const blocked = join(dir, "file");
    await rm(blocked, { force: true });
    await import("node:fs/promises").then((fs) => fs.writeFile(blocked, ""));
    await chmod(blocked, 0o444);
    const warnings: string[] = [];
    const log = pino({ level: "warn" }, { write: (line: string) => warnings.push(line) });
    const store = createRejectedImages(createStateDir(join(blocked, "state"), log));
    await store.add(rejection);
    await store.add({ ...rejection, container: "api" });
    await store.load();
    expect(store.find("web", ID)).toBeDefined();
    expect(store.find("api", ID)).toBeDefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("State directory is not writable");
  });

  it("names the short image ID and the time", () => {
    expect(rejectionMessage(rejection)).toBe(
      "image abababababab was rolled back at 2026-12-01T22:00:00.000Z",
    );
  });
});
