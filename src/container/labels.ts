/**
 * @module Watchtower's container labels and how their values are read (Go `strconv.ParseBool`).
 */

const PREFIX = "com.centurylinklabs.watchtower";

export const LABELS = {
  instance: PREFIX,
  enable: `${PREFIX}.enable`,
  monitorOnly: `${PREFIX}.monitor-only`,
  noPull: `${PREFIX}.no-pull`,
  scope: `${PREFIX}.scope`,
  dependsOn: `${PREFIX}.depends-on`,
  stopSignal: `${PREFIX}.stop-signal`,
  preCheck: `${PREFIX}.lifecycle.pre-check`,
  postCheck: `${PREFIX}.lifecycle.post-check`,
  preUpdate: `${PREFIX}.lifecycle.pre-update`,
  postUpdate: `${PREFIX}.lifecycle.post-update`,
  preUpdateTimeout: `${PREFIX}.lifecycle.pre-update-timeout`,
  postUpdateTimeout: `${PREFIX}.lifecycle.post-update-timeout`,
  zodiacImage: "com.centurylinklabs.zodiac.original-image",
  composeDependsOn: "com.docker.compose.depends_on",
  composeProject: "com.docker.compose.project",
  composeService: "com.docker.compose.service",
} as const;

const TRUE_VALUES = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_VALUES = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/** Go's `strconv.ParseBool`: undefined when missing or unparseable. */
export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  return undefined;
}

/**
 * A per-container boolean that overrides a global flag: `label || flag`, or the label alone with
 * `--label-take-precedence`; the flag when the label is missing or unparseable.
 */
export function labelOrFlag(
  labels: Record<string, string>,
  key: string,
  flag: boolean,
  labelTakesPrecedence: boolean,
): boolean {
  const value = parseBool(labels[key]);
  if (value === undefined) return flag;
  return labelTakesPrecedence ? value : value || flag;
}

/** A hook timeout label in minutes: default 1, `0` = none; returns milliseconds (0 = none). */
export function hookTimeoutMs(value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) return 60_000;
  return Number(value.trim()) * 60_000;
}
