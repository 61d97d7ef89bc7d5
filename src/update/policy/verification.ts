/**
 * @module How a container's update is verified, the other half of the policy seam: `started` (the
 * replacement started; Watchtower's rule) or `healthy-within` a window (`--auto-rollback`: it must
 * stay up, and healthy when it has a healthcheck, or it is rolled back). The `bosun.auto-rollback`
 * and `bosun.rollback-window` labels win over the flags, both ways; an unparseable label is read
 * as missing.
 */
import { parseDurationSetting } from "../../config/duration.ts";
import { parseBool } from "../../container/labels.ts";

export const ROLLBACK_LABELS = {
  autoRollback: "bosun.auto-rollback",
  window: "bosun.rollback-window",
} as const;

export interface RollbackFlags {
  autoRollback: boolean;
  /** Milliseconds. */
  rollbackWindow: number;
}

export type Verification = { kind: "started" } | { kind: "healthy-within"; windowMs: number };

/** How the update of a container with `labels` is verified under `flags`. */
export function verification(labels: Record<string, string>, flags: RollbackFlags): Verification {
  const enabled = parseBool(labels[ROLLBACK_LABELS.autoRollback]) ?? flags.autoRollback;
  if (!enabled) return { kind: "started" };
  const label = labels[ROLLBACK_LABELS.window];
  const window = label === undefined ? undefined : parseDurationSetting(label);
  return {
    kind: "healthy-within",
    windowMs: window !== undefined && window > 0 ? window : flags.rollbackWindow,
  };
}

/** The window a swap watches its replacement for, or undefined when starting is enough. */
export function verifyWindowMs(verified: Verification): number | undefined {
  return verified.kind === "healthy-within" ? verified.windowMs : undefined;
}
