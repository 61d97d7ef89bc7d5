/**
 * @module One line of the session history: a compact record of a finished session (its ID, timing,
 * host, the images a targeted run was limited to, the counts and every container's outcome, as
 * `/v1/update` shows them). The zod schema checks each line read back from the state dir.
 */
import { z } from "zod";
import type { SessionEvent } from "../update/events/session-events.ts";
import { reportEntryJson } from "../update/report-entry-json.ts";
import { reportCounts } from "../update/report.ts";

const entrySchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: z.string(),
  error: z.string().optional(),
  note: z.string().optional(),
  currentImageId: z.string(),
  latestImageId: z.string(),
  currentTag: z.string().optional(),
  latestTag: z.string().optional(),
  host: z.string().optional(),
  kind: z.literal("service").optional(),
  rolledBack: z.boolean().optional(),
  /** The replacement's container ID of an Updated container, when its `container-updated` was seen. */
  newId: z.string().optional(),
});

const count = z.number().int().nonnegative();

export const sessionRecordSchema = z.object({
  /** The record format; a later format gets a new number. */
  v: z.literal(1),
  id: z.string().min(1),
  /** Epoch milliseconds. */
  startedAt: z.number(),
  finishedAt: z.number(),
  /** The Docker host of the session, only with several hosts (each host runs its own session). */
  host: z.string().optional(),
  /** Set when the run was limited to these images (`/v1/update?image=`); absent for a full run. */
  images: z.array(z.string()).optional(),
  summary: z.object({
    scanned: count,
    updated: count,
    failed: count,
    skipped: count,
    stale: count,
    fresh: count,
    restarted: count,
  }),
  containers: z.array(entrySchema),
});

export type SessionRecord = z.infer<typeof sessionRecordSchema>;
export type RecordEntry = SessionRecord["containers"][number];

type SessionDone = Extract<SessionEvent, { type: "session-done" }>;

/** A container name without the engine's leading slash. */
export const bareName = (name: string): string => name.replace(/^\//, "");

/** A container (or service) as the history and the view name it across sessions: host, kind, bare name. */
export const containerKey = (c: {
  name: string;
  host?: string | undefined;
  kind?: "service" | undefined;
}): string => JSON.stringify([c.host ?? "", c.kind ?? "", bareName(c.name)]);

/**
 * The record of a `session-done` event; `images` are those its `session-started` named, `newIds`
 * the replacement of each updated container (by the old ID) its `container-updated` events named.
 */
export function recordOfSession(
  event: SessionDone,
  images?: readonly string[],
  newIds?: ReadonlyMap<string, string>,
): SessionRecord {
  const { report, host } = event;
  return {
    v: 1,
    id: event.session,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    ...(host === undefined ? {} : { host }),
    ...(images === undefined || images.length === 0 ? {} : { images: [...images] }),
    summary: reportCounts(report),
    containers: report.containers.map((entry) => {
      const json = reportEntryJson(entry);
      const newId = entry.state === "Updated" ? newIds?.get(entry.id) : undefined;
      return {
        ...json,
        ...(host === undefined || json.host !== undefined ? {} : { host }),
        ...(newId === undefined ? {} : { newId }),
      };
    }),
  };
}
