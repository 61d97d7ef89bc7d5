/**
 * @module Durations: Go's `time.ParseDuration` syntax (`1m30s`, `500ms`, `1h`), and for settings a
 * bare number meaning seconds (decision 2; the original read it as nanoseconds).
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;

/** Milliseconds (possibly fractional) for a Go duration string, or undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    if (rest.startsWith("-")) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  while (rest !== "") {
    const match = PART.exec(rest);
    if (match === null) return undefined;
    const [whole, intPart = "", fracPart, unit = ""] = match;
    if (intPart === "" && (fracPart === undefined || fracPart === "")) return undefined;
    const factor = UNIT_MS[unit];
    if (factor === undefined) return undefined;
    const value = Number(`${intPart === "" ? "0" : intPart}.${fracPart ?? ""}0`);
    total += value * factor;
    rest = rest.slice(whole.length);
  }
  return sign * total;
}

const BARE_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/** Whole milliseconds for a duration setting: Go syntax, or a bare number of seconds. */
export function parseDurationSetting(text: string): number | undefined {
  const trimmed = text.trim();
  if (BARE_NUMBER.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const ms = parseGoDuration(trimmed);
  return ms === undefined ? undefined : Math.round(ms);
}
