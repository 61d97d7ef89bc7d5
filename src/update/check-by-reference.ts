/**
 * @module The checks of a session, one image reference at a time: containers that share a
 * reference share one digest check and one pull (the session's memo), so the pool runs the
 * unique references, not the containers. With containers in the pool, those waiting for a
 * reference another one was already checking held the slots the next references needed.
 */
import { createLimiter } from "../util/limiter.ts";
import { mapPool } from "../util/map-pool.ts";

/**
 * Runs `check` for every item. The first item of each reference is checked at most `width` at
 * once (it fills the memo: registry, pull); the others of a reference follow once their first is
 * done, `restWidth` at a time over all references, without holding a reference slot. Results
 * come back in the order of `items`; the first failure rejects once every check has settled.
 */
export async function checkByReference<T, R>(
  items: readonly T[],
  referenceOf: (item: T) => string,
  width: number,
  restWidth: number,
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
  const rest = createLimiter(restWidth);
  const followers: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  const note = (error: unknown) => {
    failure ??= { error };
  };
  await mapPool([...groups.values()], width, async ([first = 0, ...others]) => {
    await run(first).catch(note);
    for (const index of others) followers.push(rest.run(() => run(index)).catch(note));
  });
  await Promise.all(followers);
  if (failure !== undefined) throw failure.error;
  return results;
}
