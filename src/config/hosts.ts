/**
 * @module The Docker hosts of a session: `--host`/`-H` may be given more than once (a fleet);
 * `DOCKER_HOST` names one host. With one value the host is read exactly as before.
 */

/**
 * Every distinct `--host` value in the order given, or `[resolved]` (the one host the flag, the
 * env var or the default chose) when the flag names fewer than two. Repeats of one value count once.
 */
export function hostList(flagValues: readonly string[] | undefined, resolved: string): string[] {
  const distinct = [...new Set((flagValues ?? []).map((value) => value.trim()))];
  return distinct.length > 1 ? distinct : [resolved];
}
