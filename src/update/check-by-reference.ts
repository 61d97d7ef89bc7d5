/**
 * @module The checks of a session, one image reference at a time: containers that share a
 * reference share one digest check and one pull (the session's memo), so the pool runs the
 * unique references, not the containers. With containers in the pool, those waiting for a
 * reference another one is already checking held slots the next references needed.
 */
import { mapPool } from "./pool.ts";

/**
 * Runs `check` for every item, at most `width` references at once; a reference's first item is
 * checked alone (it fills the memo), then its others, `perReference` at a time. Results come
 * back in the order of `items`.
 */
export async function checkByReference<T, R>(
  items: readonly T[],
  referenceOf: (item: T) => string,
  width: number,
  perReference: number,
  check: (item: T) => Promise<R>,
): Promise<R[]> {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = referenceOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [index]);
    else group.push(index);
  });
  const results = new Array<R>(items.length);
  const run = async (index: number): Promise<void> => {
    results[index] = await check(items[index] as T);
  };
  await mapPool([...groups.values()], width, async ([first = 0, ...rest]) => {
    await run(first);
    await mapPool(rest, perReference, run);
  });
  return results;
}
