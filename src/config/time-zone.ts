/**
 * @module Checking the `TZ` setting, so a typo does not make every schedule fail later.
 */

/** True when `tz` is an IANA time zone name the runtime knows (or empty, meaning the system zone). */
export function isKnownTimeZone(tz: string): boolean {
  if (tz === "") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
