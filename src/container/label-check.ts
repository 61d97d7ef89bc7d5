/**
 * @module Label values Bosun cannot parse: each keeps Watchtower's reading (see labels.ts), but is
 * named, with that reading, so a typo such as `monitor-only=yes` is never silent. Pure.
 */
import { LABELS, parseBool } from "./labels.ts";

export interface LabelIssue {
  label: string;
  value: string;
  /** How the value was read, e.g. "not a boolean: read as not set, so --monitor-only (false) applies". */
  reading: string;
}

export interface LabelCheckOptions {
  labelEnable: boolean;
  monitorOnly: boolean;
  noPull: boolean;
  labelTakePrecedence: boolean;
  /** Hook timeouts are read only with --enable-lifecycle-hooks. */
  enableLifecycleHooks: boolean;
}

/** Signal names as `kill -l` gives them (with or without SIG, RTMIN+n forms) or a number. */
const SIGNAL = /^(?:(?:SIG)?[A-Z][A-Z0-9]*(?:[+-]\d+)?|\d+)$/;
/** Docker's container name rule, with an optional leading slash. */
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function flagReading(flag: string, value: boolean, labelTakesPrecedence: boolean): string {
  const how = labelTakesPrecedence ? "despite --label-take-precedence" : "";
  return ["not a boolean: read as not set, so", flag, `(${String(value)})`, "applies", how]
    .filter((part) => part !== "")
    .join(" ");
}

/** Every label value of `labels` that Bosun reads and cannot parse, with how it was read. */
export function labelIssues(labels: Record<string, string>, options: LabelCheckOptions): LabelIssue[] {
  const issues: LabelIssue[] = [];
  const add = (label: string, reading: string) => {
    const value = labels[label];
    if (value !== undefined) issues.push({ label, value, reading });
  };
  // An empty value is read as "not set" by every reader, silently: it is how a compose file unsets.
  const badBool = (label: string) => {
    const value = labels[label];
    return value !== undefined && value !== "" && parseBool(value) === undefined;
  };

  const instance = labels[LABELS.instance];
  if (instance !== undefined && instance !== "true" && instance !== "false" && instance !== "") {
    add(LABELS.instance, 'only "true" marks a Bosun/Watchtower instance: read as not an instance');
  }
  if (badBool(LABELS.enable)) {
    add(
      LABELS.enable,
      options.labelEnable
        ? "not a boolean: read as not set, so the container is excluded (--label-enable)"
        : "not a boolean: read as not set, so the container is included",
    );
  }
  if (badBool(LABELS.monitorOnly)) {
    add(LABELS.monitorOnly, flagReading("--monitor-only", options.monitorOnly, options.labelTakePrecedence));
  }
  if (badBool(LABELS.noPull)) {
    add(LABELS.noPull, flagReading("--no-pull", options.noPull, options.labelTakePrecedence));
  }
  const signal = labels[LABELS.stopSignal];
  if (signal !== undefined && signal !== "" && !SIGNAL.test(signal)) {
    add(LABELS.stopSignal, "not a signal name: passed to Docker as is, which may refuse to stop with it");
  }
  const dependsOn = labels[LABELS.dependsOn];
  if (dependsOn !== undefined) {
    const bad = dependsOn
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name !== "" && !CONTAINER_NAME.test(name));
    if (bad.length > 0) {
      add(
        LABELS.dependsOn,
        `${bad.map((name) => `"${name}"`).join(", ")} cannot be a container name: that dependency is never found`,
      );
    }
  }
  if (options.enableLifecycleHooks) {
    for (const label of [LABELS.preUpdateTimeout, LABELS.postUpdateTimeout]) {
      const value = labels[label];
      if (value !== undefined && value.trim() !== "" && !/^\d+$/.test(value.trim())) {
        add(label, "not a whole number of minutes: read as 1 minute (the default)");
      }
    }
  }
  return issues;
}

/** One log field for all issues of a container: `label="value": reading; …`. */
export function describeLabelIssues(issues: readonly LabelIssue[]): string {
  return issues.map((issue) => `${issue.label}=${JSON.stringify(issue.value)}: ${issue.reading}`).join("; ");
}
