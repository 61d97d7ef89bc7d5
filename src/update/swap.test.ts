import { describe, expect, it } from "vitest";
import { SWAP_PHASES, SWAP_STEPS, TRANSITIONS } from "./swap.ts";

describe("the swap state machine", () => {
  it("reaches committed from planned through every recorded step, in order", () => {
    const path = ["planned", ...SWAP_STEPS] as const;
    for (let i = 0; i + 1 < path.length; i++) {
      const from = path[i];
      const to = path[i + 1];
      if (from === undefined || to === undefined) continue;
      expect(TRANSITIONS[from]).toContain(to);
    }
  });

  it("can roll back from every state before the replacement started, and while it is verified", () => {
    const rollbackFrom = ["planned", "prepared", "set-aside", "stopped", "replacement-created", "verifying"];
    for (const phase of SWAP_PHASES) {
      const canRollBack = TRANSITIONS[phase].includes("rolled-back");
      expect(canRollBack, phase).toBe(rollbackFrom.includes(phase));
    }
  });

  it("verifies only a started replacement, and may commit without verifying (no --auto-rollback)", () => {
    const into = SWAP_PHASES.filter((phase) => TRANSITIONS[phase].includes("verifying"));
    expect(into).toEqual(["started"]);
    expect(TRANSITIONS.started).toContain("committed");
  });

  it("ends in committed, rolled-back or restore-failed", () => {
    const terminal = SWAP_PHASES.filter((phase) => TRANSITIONS[phase].length === 0);
    expect(terminal).toEqual(["committed", "rolled-back", "restore-failed"]);
  });
});
