/**
 * @module What the benchmarks share besides the e2e helpers: a bounded pool and a plain-text
 * table. Benchmarks print figures; none of this is a test.
 */

/** Runs `work` over `items` with at most `limit` at once. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Prints `rows` under `header`, each column padded to its widest cell. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const format = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  process.stdout.write(`${format(header)}\n${format(widths.map((w) => "-".repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${format(row)}\n`);
}
