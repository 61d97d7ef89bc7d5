/**
 * @module A JSON-lines file: read (only its last `maxBytes`, so a runaway file cannot exhaust
 * memory), append one line in one write (O_APPEND), and replace whole by writing a temporary file
 * and renaming it over the old one, so a crash leaves either the old or the new file, never half.
 */
import { appendFile, open, rename, rm } from "node:fs/promises";

export interface JsonlRead {
  /** Every complete line that is not blank, in file order. */
  lines: string[];
  /** False when the file does not end with a newline (a write cut short). */
  terminated: boolean;
}

/** The lines of `path`; an absent file has none. Only the last `maxBytes` are read. */
export async function readJsonl(path: string, maxBytes: number): Promise<JsonlRead> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Nothing written yet (or a file where its directory should be: nothing can be written).
    if (code === "ENOENT" || code === "ENOTDIR") return { lines: [], terminated: true };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let text = buffer.toString("utf8");
    // Cut mid-file: the first line is a tail of a line, not a record.
    if (length < size) text = text.slice(text.indexOf("\n") + 1);
    const lines = text.split("\n");
    const last = lines.pop();
    const terminated = last === undefined || last === "";
    if (!terminated) lines.push(last);
    return { lines: lines.filter((line) => line.trim() !== ""), terminated };
  } finally {
    await handle.close();
  }
}

/** Appends `line` and a newline in one write. */
export async function appendJsonl(path: string, line: string): Promise<void> {
  await appendFile(path, `${line}\n`, { encoding: "utf8", mode: 0o600 });
}

/** Replaces the file with `lines` atomically (a temporary file renamed over it). */
export async function replaceJsonl(path: string, lines: readonly string[]): Promise<void> {
  const temporary = `${path}.${String(process.pid)}.tmp`;
  try {
    const handle = await open(temporary, "w", 0o600);
    try {
      await handle.writeFile(lines.map((line) => `${line}\n`).join(""), "utf8");
      // On disk before the rename makes it the file: a crash must not leave an empty history.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
