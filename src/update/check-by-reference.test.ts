import { describe, expect, it } from "vitest";
import { checkByReference } from "./check-by-reference.ts";

/** A check that records how many references are in flight at once and the order of starts. */
function probe() {
  let inFlight = 0;
  const peak = { refs: 0 };
  const started: string[] = [];
  const active = new Map<string, number>();
  const check = async (item: { name: string; ref: string }) => {
    started.push(item.name);
    active.set(item.ref, (active.get(item.ref) ?? 0) + 1);
    if (active.get(item.ref) === 1) inFlight++;
    peak.refs = Math.max(peak.refs, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    active.set(item.ref, (active.get(item.ref) ?? 1) - 1);
    if (active.get(item.ref) === 0) inFlight--;
    return `${item.name}:${item.ref}`;
  };
  return { check, peak, started };
}

describe("checkByReference", () => {
  it("returns results in input order", async () => {
    const items = ["a", "b", "a", "c", "b", "a"].map((ref, i) => ({ name: `c${String(i)}`, ref }));
    const { check } = probe();
    const results = await checkByReference(items, (item) => item.ref, 2, 3, check);
    expect(results).toEqual(items.map((item) => `${item.name}:${item.ref}`));
  });

  it.each([
    { refs: 20, perRef: 5, width: 8, peak: 8 },
    { refs: 3, perRef: 10, width: 8, peak: 3 },
    { refs: 1, perRef: 30, width: 4, peak: 1 },
  ])(
    "$refs references × $perRef containers at width $width: $peak references in flight at most",
    async ({ refs, perRef, width, peak }) => {
      // Round-robin, as containers of a compose stack often are: a pool of containers would let
      // the duplicates of the first references hold the slots.
      const items = Array.from({ length: refs * perRef }, (_, i) => ({
        name: `c${String(i)}`,
        ref: `r${String(i % refs)}`,
      }));
      const probed = probe();
      await checkByReference(items, (item) => item.ref, width, 4, probed.check);
      expect(probed.peak.refs).toBe(peak);
      expect(probed.started).toHaveLength(refs * perRef);
    },
  );

  it("checks a reference's first container before its others", async () => {
    const items = ["a", "a", "a"].map((ref, i) => ({ name: `c${String(i)}`, ref }));
    const order: string[] = [];
    await checkByReference(
      items,
      (item) => item.ref,
      4,
      4,
      async (item) => {
        order.push(`start ${item.name}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        order.push(`end ${item.name}`);
      },
    );
    expect(order.slice(0, 2)).toEqual(["start c0", "end c0"]);
  });
});
