/**
 * @module The durable record of a swap, kept in the Docker daemon itself: labels on the replacement,
 * set when it is created (before the original is touched). Crash recovery finds Bosun's artifacts
 * only through these records (and the set-aside name, which carries the original's own ID), never
 * through a name pattern alone, so a user's container is never taken for one of Bosun's.
 */
import { z } from "zod";
import type { RecreatePlan } from "./recreate-config.ts";

const PREFIX = "bosun.swap";

export const SWAP_LABELS = {
  originalId: `${PREFIX}.original-id`,
  originalName: `${PREFIX}.original-name`,
  wasRunning: `${PREFIX}.was-running`,
  start: `${PREFIX}.start`,
  session: `${PREFIX}.session`,
  instance: `${PREFIX}.instance`,
  /** The original's own create body (JSON, base64), kept for `--rm` containers the stop removes. */
  originalPlan: `${PREFIX}.original-config`,
} as const;

export interface SwapRecord {
  originalId: string;
  /** Without the leading slash. */
  originalName: string;
  wasRunning: boolean;
  /** The replacement is meant to be started (false under --no-restart). */
  start: boolean;
  session: string;
  /** The Bosun process that made the swap. */
  instance: string;
  /** How to recreate the original exactly, when Docker removes it on stop (AutoRemove). */
  originalPlan?: RecreatePlan;
}

const planSchema = z.object({
  body: z.record(z.string(), z.unknown()),
  connectAfter: z.array(z.object({ network: z.string(), endpoint: z.record(z.string(), z.unknown()) })),
});

const recordSchema = z.object({
  [SWAP_LABELS.originalId]: z.string().regex(/^[0-9a-f]{64}$/),
  [SWAP_LABELS.originalName]: z.string().min(1),
  [SWAP_LABELS.wasRunning]: z.enum(["true", "false"]),
  [SWAP_LABELS.start]: z.enum(["true", "false"]),
  [SWAP_LABELS.session]: z.string(),
  [SWAP_LABELS.instance]: z.string(),
  [SWAP_LABELS.originalPlan]: z.string().optional(),
});

/** The labels that record `record` on the replacement. */
export function recordLabels(record: SwapRecord): Record<string, string> {
  const labels: Record<string, string> = {
    [SWAP_LABELS.originalId]: record.originalId,
    [SWAP_LABELS.originalName]: record.originalName,
    [SWAP_LABELS.wasRunning]: String(record.wasRunning),
    [SWAP_LABELS.start]: String(record.start),
    [SWAP_LABELS.session]: record.session,
    [SWAP_LABELS.instance]: record.instance,
  };
  if (record.originalPlan !== undefined) {
    labels[SWAP_LABELS.originalPlan] = Buffer.from(JSON.stringify(record.originalPlan)).toString("base64");
  }
  return labels;
}

/** A container's labels without any swap record (a replacement's own record is not inherited). */
export function withoutRecord(labels: Record<string, string> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => !key.startsWith(`${PREFIX}.`)));
}

function decodePlan(encoded: string | undefined): RecreatePlan | undefined {
  if (encoded === undefined) return undefined;
  try {
    const parsed = planSchema.safeParse(JSON.parse(Buffer.from(encoded, "base64").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The swap record in a container's labels, or undefined when it carries none (or a damaged one). */
export function parseRecord(labels: Record<string, string> | null | undefined): SwapRecord | undefined {
  // Almost no container has a record: a failed safeParse builds its issues, which on a host of
  // hundreds of containers (every list of a session asks) cost more than everything else here.
  if (labels?.[SWAP_LABELS.originalId] === undefined) return undefined;
  const parsed = recordSchema.safeParse(labels);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  const originalPlan = decodePlan(data[SWAP_LABELS.originalPlan]);
  return {
    originalId: data[SWAP_LABELS.originalId],
    originalName: data[SWAP_LABELS.originalName].replace(/^\//, ""),
    wasRunning: data[SWAP_LABELS.wasRunning] === "true",
    start: data[SWAP_LABELS.start] === "true",
    session: data[SWAP_LABELS.session],
    instance: data[SWAP_LABELS.instance],
    ...(originalPlan !== undefined && { originalPlan }),
  };
}
