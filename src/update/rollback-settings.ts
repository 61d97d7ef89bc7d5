/**
 * @module Whether a container's update is verified (`--auto-rollback`) and for how long: its
 * `bosun.auto-rollback` and `bosun.rollback-window` labels win over the flags, both ways; an
 * unparseable label is read as missing.
 */
import { parseDurationSetting } from "../config/duration.ts";
import { parseBool } from "../container/labels.ts";

export const ROLLBACK_LABELS = {
  autoRollback: "bosun.auto-rollback",
  window: "bosun.rollback-window",
} as const;

export interface RollbackFlags {
  autoRollback: boolean;
  /** Milliseconds. */
  rollbackWindow: number;
}

/** The verification window in milliseconds, or undefined when the update is not verified. */
export function verifyWindowMs(labels: Record<string, string>, flags: RollbackFlags): number | undefined {
  const enabled = parseBool(labels[ROLLBACK_LABELS.autoRollback]) ?? flags.autoRollback;
  if (!enabled) return undefined;
  const label = labels[ROLLBACK_LABELS.window];
  const window = label === undefined ? undefined : parseDurationSetting(label);
  return window !== undefined && window > 0 ? window : flags.rollbackWindow;
}
