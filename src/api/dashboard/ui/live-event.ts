/**
 * @module A session event of `/v1/events` as the page uses it: the fields every event has, and the
 * ones of its type the live view shows. Unknown types pass (a newer Bosun may add some) and are
 * ignored by the view; a known field of the wrong type is an error.
 */
import { displayName } from "./api-data.ts";
import { object, optionalNumber, optionalString, string, type Json } from "./read-json.ts";

export interface LiveContainer {
  id: string;
  /** Without Docker's leading slash. */
  name: string;
  image: string;
}

export interface LiveEvent {
  type: string;
  session: string;
  at: number;
  host?: string | undefined;
  container?: LiveContainer | undefined;
  image?: string | undefined;
  images?: readonly string[] | undefined;
  result?: string | undefined;
  reason?: string | undefined;
  error?: string | undefined;
  signal?: string | undefined;
  latestTag?: string | undefined;
  layers?: number | undefined;
  layersDone?: number | undefined;
  windowMs?: number | undefined;
  level?: string | undefined;
  message?: string | undefined;
  /** session-done: how many containers ended in each state of the report. */
  outcome?: ReadonlyMap<string, number> | undefined;
}

const REPORT_LISTS = ["scanned", "updated", "failed", "skipped", "stale", "fresh", "restarted"] as const;

function reportCounts(o: Json): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of REPORT_LISTS) {
    const value = o[list];
    if (Array.isArray(value)) counts.set(list, value.length);
  }
  return counts;
}

export function parseLiveEvent(value: unknown): LiveEvent {
  const o = object(value, "event");
  const where = "event";
  const at = optionalNumber(o, "at", where);
  const container =
    o.container === undefined
      ? undefined
      : (() => {
          const c = object(o.container, "event.container");
          return {
            id: string(c, "id", "event.container"),
            name: displayName(string(c, "name", "event.container")),
            image: string(c, "image", "event.container"),
          };
        })();
  const images = Array.isArray(o.images)
    ? o.images.filter((i): i is string => typeof i === "string")
    : undefined;
  return {
    type: string(o, "type", where),
    session: string(o, "session", where),
    at: at ?? Date.now(),
    host: optionalString(o, "host", where),
    container,
    image: optionalString(o, "image", where),
    images,
    result: optionalString(o, "result", where),
    reason: optionalString(o, "reason", where),
    error: optionalString(o, "error", where),
    signal: optionalString(o, "signal", where),
    latestTag: optionalString(o, "latestTag", where),
    layers: optionalNumber(o, "layers", where),
    layersDone: optionalNumber(o, "layersDone", where),
    windowMs: optionalNumber(o, "windowMs", where),
    level: optionalString(o, "level", where),
    message: optionalString(o, "message", where),
    outcome: o.report === undefined ? undefined : reportCounts(object(o.report, "event.report")),
  };
}
