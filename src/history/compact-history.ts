/**
 * @module Keeps the history's size proportional to what happened rather than to sessions ×
 * containers: a Fresh entry of a session is dropped once a later session names the same
 * container again (its counts stay in the record's summary). On a host of 300 containers checked
 * hourly, 500 full records would hold 150,000 entries, nearly all "Fresh"; compacted, each
 * container is listed fresh once (in the newest session that checked it) plus every real change.
 * The container view's replay gives the same result: a container's state comes from the newest
 * record that names it, which is never compacted away.
 */
import { containerKey, type RecordEntry, type SessionRecord } from "./session-record.ts";

/** The key the container view also uses: an entry's own host, else its session's. */
const entryKey = (record: SessionRecord, entry: RecordEntry): string =>
  containerKey({ ...entry, host: entry.host ?? record.host });

/** `records` (oldest first) without the Fresh entries a later record supersedes; unchanged records are kept as they are. */
export function compactHistory(records: readonly SessionRecord[]): SessionRecord[] {
  const namedLater = new Set<string>();
  const result: SessionRecord[] = [];
  for (let index = records.length - 1; index >= 0; index--) {
    const record = records[index];
    if (record === undefined) continue;
    const kept = record.containers.filter(
      (entry) => entry.state !== "Fresh" || !namedLater.has(entryKey(record, entry)),
    );
    for (const entry of record.containers) namedLater.add(entryKey(record, entry));
    result.push(kept.length === record.containers.length ? record : { ...record, containers: kept });
  }
  return result.reverse();
}
