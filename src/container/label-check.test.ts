import { describe, expect, it } from "vitest";
import { describeLabelIssues, labelIssues, type LabelCheckOptions } from "./label-check.ts";
import { LABELS } from "./labels.ts";

const OPTIONS: LabelCheckOptions = {
  labelEnable: false,
  monitorOnly: false,
  noPull: false,
  labelTakePrecedence: false,
  enableLifecycleHooks: true,
};

describe("labelIssues", () => {
  // labels × options → the one issue expected (label, reading fragment), or none
  it.each<[string, Record<string, string>, Partial<LabelCheckOptions>, [string, string] | undefined]>([
    [
      "good booleans",
      { [LABELS.monitorOnly]: "true", [LABELS.noPull]: "0", [LABELS.enable]: "F" },
      {},
      undefined,
    ],
    ["empty values are an unset, silently", { [LABELS.monitorOnly]: "", [LABELS.enable]: "" }, {}, undefined],
    [
      "monitor-only=yes",
      { [LABELS.monitorOnly]: "yes" },
      {},
      [LABELS.monitorOnly, "--monitor-only (false) applies"],
    ],
    [
      "monitor-only=on with the flag and precedence",
      { [LABELS.monitorOnly]: "on" },
      { monitorOnly: true, labelTakePrecedence: true },
      [LABELS.monitorOnly, "--monitor-only (true) applies despite --label-take-precedence"],
    ],
    ["no-pull=2", { [LABELS.noPull]: "2" }, {}, [LABELS.noPull, "--no-pull (false) applies"]],
    ["enable=maybe", { [LABELS.enable]: "maybe" }, {}, [LABELS.enable, "the container is included"]],
    [
      "enable=maybe with --label-enable",
      { [LABELS.enable]: "maybe" },
      { labelEnable: true },
      [LABELS.enable, "excluded (--label-enable)"],
    ],
    ["instance=true", { [LABELS.instance]: "true" }, {}, undefined],
    ["instance=false", { [LABELS.instance]: "false" }, {}, undefined],
    ["instance=yes", { [LABELS.instance]: "yes" }, {}, [LABELS.instance, "read as not an instance"]],
    ["hook timeout 5", { [LABELS.preUpdateTimeout]: "5" }, {}, undefined],
    [
      "hook timeout abc",
      { [LABELS.preUpdateTimeout]: "abc" },
      {},
      [LABELS.preUpdateTimeout, "read as 1 minute"],
    ],
    [
      "hook timeout -1",
      { [LABELS.postUpdateTimeout]: "-1" },
      {},
      [LABELS.postUpdateTimeout, "read as 1 minute"],
    ],
    [
      "hook timeout 1.5",
      { [LABELS.postUpdateTimeout]: "1.5" },
      {},
      [LABELS.postUpdateTimeout, "read as 1 minute"],
    ],
    [
      "hook timeout abc, hooks off: never read",
      { [LABELS.preUpdateTimeout]: "abc" },
      { enableLifecycleHooks: false },
      undefined,
    ],
    ["stop-signal SIGHUP", { [LABELS.stopSignal]: "SIGHUP" }, {}, undefined],
    ["stop-signal RTMIN+3", { [LABELS.stopSignal]: "SIGRTMIN+3" }, {}, undefined],
    ["stop-signal 9", { [LABELS.stopSignal]: "9" }, {}, undefined],
    [
      "stop-signal hang up",
      { [LABELS.stopSignal]: "hang up" },
      {},
      [LABELS.stopSignal, "passed to Docker as is"],
    ],
    ["depends-on a, /b,, c", { [LABELS.dependsOn]: "a, /b,, c" }, {}, undefined],
    [
      "depends-on a,b c",
      { [LABELS.dependsOn]: "a,b c" },
      {},
      [LABELS.dependsOn, '"b c" cannot be a container name'],
    ],
    ["unrelated labels", { "x.y": "yes", [LABELS.scope]: "any thing" }, {}, undefined],
  ])("%s", (_, labels, options, expected) => {
    const issues = labelIssues(labels, { ...OPTIONS, ...options });
    if (expected === undefined) {
      expect(issues).toEqual([]);
      return;
    }
    expect(issues).toHaveLength(1);
    expect(issues[0]?.label).toBe(expected[0]);
    expect(issues[0]?.value).toBe(labels[expected[0]]);
    expect(issues[0]?.reading).toContain(expected[1]);
  });

  it("lists every bad label of a container in one description", () => {
    const issues = labelIssues({ [LABELS.monitorOnly]: "yes", [LABELS.enable]: "maybe" }, OPTIONS);
    expect(issues.map((issue) => issue.label).sort()).toEqual([LABELS.enable, LABELS.monitorOnly].sort());
    const text = describeLabelIssues(issues);
    expect(text).toContain(`${LABELS.monitorOnly}="yes": not a boolean`);
    expect(text).toContain(`${LABELS.enable}="maybe": not a boolean`);
    expect(text.split("; ")).toHaveLength(2);
  });
});
