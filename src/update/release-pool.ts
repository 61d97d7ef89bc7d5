/**
 * @module A bounded pool whose slot a call may give back before it settles: a unit swap releases
 * its slot once its replacements are up, so its verification wait (`--auto-rollback`) overlaps the
 * next units instead of holding `--update-concurrency` hostage. Results in input order.
 */

export async function mapPoolReleasing<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, release: () => void) => Promise<R>,
): Promise<R[]> {
  const results: Promise<R>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const result = fn(items[index] as T, release);
      results[index] = result;
      // The slot is free once released or settled; the result is awaited below either way.
      await Promise.race([
        released,
        result.then(
          () => undefined,
          () => undefined,
        ),
      ]);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);
  return Promise.all(results);
}
