/**
 * @module Engine API version negotiation: the highest version both sides speak.
 */
import { DockerConfigError } from "./errors.ts";

/** The newest Engine API this client is written against. */
export const MAX_API_VERSION = "1.52";
/** The oldest Engine API Bosun still talks to (Docker 1.12). */
export const MIN_API_VERSION = "1.24";

const VERSION = /^(\d+)\.(\d+)$/;

/** Compares "major.minor" strings numerically ("1.9" < "1.41"). */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor, aMinor] = parts(a);
  const [bMajor, bMinor] = parts(b);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

export function isApiVersion(value: string): boolean {
  return VERSION.test(value);
}

function parts(version: string): [number, number] {
  const match = VERSION.exec(version);
  if (match === null)
    throw new DockerConfigError(`Invalid Docker API version "${version}": expected e.g. 1.41`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * min(ours, the daemon's `Api-Version`), clamped to at least MIN_API_VERSION. A daemon that
 * sends no (or a garbled) header gets the minimum, which every supported daemon accepts.
 */
export function negotiateApiVersion(daemonVersion: string | undefined): string {
  if (daemonVersion === undefined || !isApiVersion(daemonVersion)) return MIN_API_VERSION;
  if (compareApiVersions(daemonVersion, MAX_API_VERSION) > 0) return MAX_API_VERSION;
  if (compareApiVersions(daemonVersion, MIN_API_VERSION) < 0) return MIN_API_VERSION;
  return daemonVersion;
}

/** True when `version` is at least `required`, e.g. `supports(v, "1.42")` for stop?signal=. */
export function supportsApiVersion(version: string, required: string): boolean {
  return compareApiVersions(version, required) >= 0;
}
