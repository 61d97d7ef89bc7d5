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

  it("can roll back from every state before the replacement started, and not after", () => {
    for (const phase of SWAP_PHASES) {
      const canRollBack = TRANSITIONS[phase].includes("rolled-back");
      const before = ["planned", "prepared", "set-aside", "stopped", "replacement-created"].includes(phase);
      expect(canRollBack, phase).toBe(before);
    }
  });

  it("ends in committed, rolled-back or restore-failed", () => {
    const terminal = SWAP_PHASES.filter((phase) => TRANSITIONS[phase].length === 0);
    expect(terminal).toEqual(["committed", "rolled-back", "restore-failed"]);
  });
});
