import { describe, expect, it } from "vitest";
import { verification, verifyWindowMs } from "./verification.ts";

describe("verification", () => {
  const off = { autoRollback: false, rollbackWindow: 60_000 };
  const on = { autoRollback: true, rollbackWindow: 60_000 };
  it.each([
    ["flag off, no label", {}, off, undefined],
    ["flag on, no label", {}, on, 60_000],
    ["label enables", { "bosun.auto-rollback": "true" }, off, 60_000],
    ["label disables", { "bosun.auto-rollback": "false" }, on, undefined],
    ["unparseable label: the flag", { "bosun.auto-rollback": "maybe" }, on, 60_000],
    ["window label in seconds", { "bosun.rollback-window": "5" }, on, 5_000],
    ["window label in Go syntax", { "bosun.rollback-window": "1m30s" }, on, 90_000],
    ["bad window label: the flag", { "bosun.rollback-window": "soon" }, on, 60_000],
    ["zero window label: the flag", { "bosun.rollback-window": "0s" }, on, 60_000],
    ["window label alone does not enable", { "bosun.rollback-window": "5s" }, off, undefined],
  ] as const)("%s", (_, labels, flags, expected) => {
    const verified = verification(labels, flags);
    expect(verified).toEqual(
      expected === undefined ? { kind: "started" } : { kind: "healthy-within", windowMs: expected },
    );
    expect(verifyWindowMs(verified)).toBe(expected);
  });
});
