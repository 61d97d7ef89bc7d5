import { describe, expect, it } from "vitest";
import { checkByReference } from "./check-by-reference.ts";

interface Item {
  name: string;
  ref: string;
}

/** A check that records the peak of first checks (one per reference) and of the others in flight. */
function probe() {
  const seen = new Set<string>();
  const now = { firsts: 0, others: 0 };
  const peak = { firsts: 0, others: 0 };
  const check = async (item: Item) => {
    const kind = seen.has(item.ref) ? "others" : "firsts";
    seen.add(item.ref);
    now[kind]++;
    peak[kind] = Math.max(peak[kind], now[kind]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    now[kind]--;
    return `${item.name}:${item.ref}`;
  };
  return { check, peak };
}

const roundRobin = (refs: number, perRef: number): Item[] =>
  Array.from({ length: refs * perRef }, (_, i) => ({ name: `c${String(i)}`, ref: `r${String(i % refs)}` }));

describe("checkByReference", () => {
  it("returns results in input order", async () => {
    const items = ["a", "b", "a", "c", "b", "a"].map((ref, i) => ({ name: `c${String(i)}`, ref }));
    const results = await checkByReference(items, (item) => item.ref, 2, 3, probe().check);
    expect(results).toEqual(items.map((item) => `${item.name}:${item.ref}`));
  });

  it.each([
    { refs: 20, perRef: 5, width: 8, firsts: 8 },
    { refs: 3, perRef: 10, width: 8, firsts: 3 },
    { refs: 1, perRef: 30, width: 4, firsts: 1 },
  ])(
    "$refs references × $perRef containers at width $width: $firsts first checks in flight at most",
    async ({ refs, perRef, width, firsts }) => {
      // Round-robin, as the containers of several stacks often are: in a pool of containers the
      // duplicates of the first references held the slots.
      const probed = probe();
      await checkByReference(roundRobin(refs, perRef), (item) => item.ref, width, 4, probed.check);
      expect(probed.peak.firsts).toBe(firsts);
      expect(probed.peak.others).toBeLessThanOrEqual(4);
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

  it("rejects with the first failure after every check settled", async () => {
    const items = roundRobin(3, 3);
    const done: string[] = [];
    const outcome = checkByReference(
      items,
      (item) => item.ref,
      2,
      2,
      async (item) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (item.name === "c3") throw new Error("boom");
        done.push(item.name);
      },
    );
    await expect(outcome).rejects.toThrow("boom");
    expect(done).toHaveLength(8);
  });
});
