/**
 * @module Checking the `TZ` setting, so a typo does not make every schedule fail later.
 */

/** True when `tz` is an IANA time zone name the runtime knows. */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
