/**
 * @module The session history (the dashboard's past sessions): the last `limit` session records,
 * kept in memory and in `<state-dir>/history/sessions.jsonl`, one JSON line per session, so it
 * survives restarts and self-updates (the state dir is a volume). Appends are single writes; the
 * file is rewritten (temporary file, then rename) when it holds a tenth more lines than the bound,
 * or after a damaged line. A line that does not parse is skipped with a warning. Fresh entries a
 * later session supersedes are dropped (`compact-history.ts`), in memory and at each rewrite. Without a
 * writable state dir the history lives in memory until Bosun stops.
 */
import { join } from "node:path";
import type { Logger } from "pino";
import type { StateDir } from "../state/state-dir.ts";
import { errorMessage } from "../util/errors.ts";
import { compactHistory } from "./compact-history.ts";
import { appendJsonl, readJsonl, replaceJsonl } from "./jsonl-file.ts";
import { sessionRecordSchema, type SessionRecord } from "./session-record.ts";

export const HISTORY_DIR = "history";
export const HISTORY_FILE = "sessions.jsonl";
export const HISTORY_LIMIT = 500;
/** The most read back from the file: far above 500 compacted sessions of a few hundred containers. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Where a page of the history starts: before a session (by ID) or before a time. */
export type HistoryCursor = { id: string } | { startedBefore: number };

export interface HistoryPage {
  /** Newest first. */
  sessions: SessionRecord[];
  /** The cursor of the next (older) page; undefined on the last page. */
  next: string | undefined;
}

export interface HistoryStore {
  /** Reads the file of the state dir (once, at startup). */
  load(): Promise<void>;
  /** Adds a session: in memory at once, written in the background (in order). */
  add(record: SessionRecord): void;
  /** Oldest first. */
  records(): readonly SessionRecord[];
  /** Up to `limit` sessions before `before` (or the newest), newest first. */
  page(limit: number, before?: HistoryCursor): HistoryPage;
  /** Resolves when every write queued so far is done. */
  flush(): Promise<void>;
}

export interface HistoryStoreOptions {
  /** Undefined: memory only. */
  stateDir: StateDir | undefined;
  log: Logger;
  limit?: number;
}

export function createHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const { stateDir, log } = options;
  const limit = options.limit ?? HISTORY_LIMIT;
  const slack = Math.max(1, Math.floor(limit / 10));
  let records: SessionRecord[] = [];
  /** Lines in the file, damaged ones included. */
  let linesOnDisk = 0;
  /** The file must be rewritten before the next append (a damaged or cut line). */
  let damaged = false;
  let writes: Promise<void> = Promise.resolve();

  const file = stateDir === undefined ? undefined : join(stateDir.path, HISTORY_DIR, HISTORY_FILE);

  /** Records added and not yet written. */
  let pending: SessionRecord[] = [];

  /** Writes what is pending: appended, or the whole file rewritten when it is due. */
  async function write(): Promise<void> {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const dir = await stateDir?.writable(HISTORY_DIR);
    if (dir === undefined) return;
    const path = join(dir, HISTORY_FILE);
    try {
      if (damaged || linesOnDisk + batch.length > limit + slack) {
        const kept = records;
        await replaceJsonl(
          path,
          kept.map((record) => JSON.stringify(record)),
        );
        linesOnDisk = kept.length;
        damaged = false;
        // What was added meanwhile is in `kept` already only if it was added before the copy (by
        // ID: compaction replaces a record with a smaller copy).
        const written = new Set(kept.map((record) => record.id));
        pending = pending.filter((record) => !written.has(record.id));
      } else {
        await appendJsonl(path, batch.map((record) => JSON.stringify(record)).join("\n"));
        linesOnDisk += batch.length;
      }
    } catch (error) {
      // The next write starts over from a whole file.
      damaged = true;
      stateDir?.writeFailed(error);
    }
  }

  return {
    async load() {
      if (file === undefined) return;
      let read;
      try {
        read = await readJsonl(file, MAX_FILE_BYTES);
      } catch (error) {
        log.warn({ path: file, err: errorMessage(error) }, "Cannot read the session history; starting empty");
        return;
      }
      const loaded: SessionRecord[] = [];
      const skipped: number[] = [];
      read.lines.forEach((line, index) => {
        try {
          const parsed = sessionRecordSchema.safeParse(JSON.parse(line));
          if (parsed.success) loaded.push(parsed.data);
          else skipped.push(index + 1);
        } catch {
          skipped.push(index + 1);
        }
      });
      if (skipped.length > 0) {
        log.warn(
          { path: file, lines: skipped.slice(0, 10), skipped: skipped.length },
          "Skipped damaged lines of the session history",
        );
      }
      records = compactHistory([...loaded, ...records].slice(-limit));
      linesOnDisk = read.lines.length;
      damaged = skipped.length > 0 || !read.terminated;
    },
    add(record) {
      records = compactHistory([...records, record].slice(-limit));
      pending.push(record);
      writes = writes.then(write);
    },
    records: () => records,
    page(size, before) {
      const newestFirst = [...records].reverse();
      let start = 0;
      if (before !== undefined && "id" in before) {
        const at = newestFirst.findIndex((record) => record.id === before.id);
        // A session no longer kept: nothing is older than what was already shown.
        start = at === -1 ? newestFirst.length : at + 1;
      }
      const older = newestFirst
        .slice(start)
        .filter(
          (record) => before === undefined || "id" in before || record.startedAt < before.startedBefore,
        );
      const sessions = older.slice(0, size);
      const more = older.length > size;
      return { sessions, next: more ? sessions.at(-1)?.id : undefined };
    },
    flush: () => writes,
  };
}
