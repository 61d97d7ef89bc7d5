import { describe, expect, it } from "vitest";
import { mapPoolReleasing } from "./release-pool.ts";

describe("mapPoolReleasing", () => {
  it("starts the next item once the previous one released its slot, results in order", async () => {
    const events: string[] = [];
    const gates = new Map<number, () => void>();
    const run = mapPoolReleasing([1, 2, 3], 1, async (item, release) => {
      events.push(`start ${String(item)}`);
      release();
      await new Promise<void>((resolve) => gates.set(item, resolve));
      events.push(`end ${String(item)}`);
      return item * 10;
    });
    // Let the workers run: all three start although none has ended.
    for (let i = 0; i < 5 && gates.size < 3; i++) await Promise.resolve();
    expect(events).toEqual(["start 1", "start 2", "start 3"]);
    for (const item of [3, 1, 2]) gates.get(item)?.();
    expect(await run).toEqual([10, 20, 30]);
  });

  it("keeps the limit for items that never release", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapPoolReleasing([1, 2, 3, 4], 2, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return item;
    });
    expect(results).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it("rejects with the first failure", async () => {
    await expect(mapPoolReleasing([1], 1, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});
