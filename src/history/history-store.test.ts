import { appendFile, chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { container, reportOf } from "../../test/support/reports.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { createStateDir } from "../state/state-dir.ts";
import { createHistoryStore, HISTORY_DIR, HISTORY_FILE, type HistoryStore } from "./history-store.ts";
import { recordOfSession, type SessionRecord } from "./session-record.ts";

function record(n: number): SessionRecord {
  const report = { ...reportOf([container(n, "Updated")]), startedAt: n * 1000, finishedAt: n * 1000 + 500 };
  return recordOfSession({ type: "session-done", session: `s${String(n)}`, at: report.finishedAt, report });
}

function capture() {
  const lines: { msg: string; [key: string]: unknown }[] = [];
  const log = pino(
    { level: "warn" },
    { write: (line: string) => lines.push(JSON.parse(line) as { msg: string }) },
  );
  return { log, lines };
}

async function open(dir: string, limit: number, log = pino({ level: "silent" })): Promise<HistoryStore> {
  const store = createHistoryStore({ stateDir: createStateDir(dir, log), log, limit });
  await store.load();
  return store;
}

const ids = (records: readonly SessionRecord[]) => records.map((r) => r.id);
const fileOf = (dir: string) => join(dir, HISTORY_DIR, HISTORY_FILE);
const linesOf = async (dir: string) => (await readFile(fileOf(dir), "utf8")).split("\n").filter(Boolean);

describe("history store", () => {
  it("survives a restart: a new store reads what the last one wrote", async () => {
    const dir = tempDir("history");
    const first = await open(dir, 10);
    for (const n of [1, 2, 3]) first.add(record(n));
    await first.flush();
    const again = await open(dir, 10);
    expect(ids(again.records())).toEqual(["s1", "s2", "s3"]);
    expect(again.records()[2]).toEqual(record(3));
  });

  it("keeps the last `limit` sessions, and the file within a tenth more lines", async () => {
    const dir = tempDir("history");
    const store = await open(dir, 10);
    for (let n = 1; n <= 25; n++) {
      store.add(record(n));
      await store.flush();
      const lines = await linesOf(dir);
      expect(lines.length).toBeLessThanOrEqual(11);
      expect(lines.at(-1)).toBe(JSON.stringify(record(n)));
    }
    expect(ids(store.records())).toEqual(Array.from({ length: 10 }, (_, i) => `s${String(i + 16)}`));
    expect(ids((await open(dir, 10)).records())).toEqual(ids(store.records()));
  });

  it("lists each fresh container once (with its newest session), in memory and after a restart", async () => {
    const dir = tempDir("history");
    const store = await open(dir, 10);
    const fresh = (n: number): SessionRecord => {
      const report = {
        ...reportOf([container(1, "Fresh"), container(2, "Fresh")]),
        startedAt: n,
        finishedAt: n,
      };
      return recordOfSession({ type: "session-done", session: `f${String(n)}`, at: n, report });
    };
    // 25 sessions: the file is rewritten twice on the way.
    for (let n = 1; n <= 25; n++) store.add(fresh(n));
    await store.flush();
    const entries = (records: readonly SessionRecord[]) => records.flatMap((r) => r.containers).length;
    expect(store.records()).toHaveLength(10);
    expect(entries(store.records())).toBe(2);
    expect(store.records().at(-1)?.containers).toHaveLength(2);
    expect(store.records()[0]?.summary.fresh).toBe(2);
    const again = await open(dir, 10);
    expect(entries(again.records())).toBe(2);
    expect(ids(again.records())).toEqual(ids(store.records()));
  });

  it("writes sessions added in a burst once each, in order", async () => {
    const dir = tempDir("history");
    const store = await open(dir, 100);
    for (let n = 1; n <= 5; n++) store.add(record(n));
    await store.flush();
    expect((await linesOf(dir)).map((line) => (JSON.parse(line) as SessionRecord).id)).toEqual([
      "s1",
      "s2",
      "s3",
      "s4",
      "s5",
    ]);
  });

  it.each([
    ["a line that is not JSON", "{not json\n"],
    ["a record of another shape", '{"v":2,"id":"x"}\n'],
    ["a line cut short by a crash", '{"v":1,"id":"cut"'],
  ])("skips %s with a warning and rewrites the file at the next session", async (_, damage) => {
    const dir = tempDir("history");
    const store = await open(dir, 10);
    store.add(record(1));
    await store.flush();
    await appendFile(fileOf(dir), damage);
    const { log, lines } = capture();
    const reopened = await open(dir, 10, log);
    expect(ids(reopened.records())).toEqual(["s1"]);
    expect(lines).toMatchObject([
      { msg: "Skipped damaged lines of the session history", lines: [2], skipped: 1 },
    ]);
    reopened.add(record(2));
    await reopened.flush();
    expect(await linesOf(dir)).toEqual([JSON.stringify(record(1)), JSON.stringify(record(2))]);
  });

  it("keeps the history in memory without a state dir, or when it cannot be written", async () => {
    const memory = createHistoryStore({ stateDir: undefined, log: pino({ level: "silent" }) });
    await memory.load();
    memory.add(record(1));
    await memory.flush();
    expect(ids(memory.records())).toEqual(["s1"]);

    const dir = tempDir("history");
    // A file where the history directory should be: unwritable even for root.
    await writeFile(join(dir, HISTORY_DIR), "");
    await chmod(join(dir, HISTORY_DIR), 0o444);
    const { log, lines } = capture();
    const blocked = await open(dir, 10, log);
    blocked.add(record(1));
    blocked.add(record(2));
    await blocked.flush();
    expect(ids(blocked.records())).toEqual(["s1", "s2"]);
    expect(lines.map((line) => line.msg)).toEqual([
      "State directory is not writable; state is kept in memory until Bosun restarts",
    ]);
  });

  it("starts empty, with a warning, when the file cannot be read", async () => {
    const dir = tempDir("history");
    await mkdir(fileOf(dir), { recursive: true });
    const { log, lines } = capture();
    const store = await open(dir, 10, log);
    expect(store.records()).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual(["Cannot read the session history; starting empty"]);
  });

  describe("pages", () => {
    const store = createHistoryStore({ stateDir: undefined, log: pino({ level: "silent" }) });
    for (let n = 1; n <= 5; n++) store.add(record(n));
    it.each([
      { name: "the newest", limit: 2, before: undefined, want: ["s5", "s4"], next: "s4" },
      { name: "older than a session", limit: 2, before: { id: "s4" }, want: ["s3", "s2"], next: "s2" },
      { name: "the last page", limit: 2, before: { id: "s2" }, want: ["s1"], next: undefined },
      {
        name: "all at once",
        limit: 5,
        before: undefined,
        want: ["s5", "s4", "s3", "s2", "s1"],
        next: undefined,
      },
      {
        name: "before a time",
        limit: 10,
        before: { startedBefore: 3000 },
        want: ["s2", "s1"],
        next: undefined,
      },
      { name: "after a session no longer kept", limit: 2, before: { id: "gone" }, want: [], next: undefined },
    ])("$name", ({ limit, before, want, next }) => {
      const page = store.page(limit, before);
      expect(ids(page.sessions)).toEqual(want);
      expect(page.next).toBe(next);
    });
  });
});
