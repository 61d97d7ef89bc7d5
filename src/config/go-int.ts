/**
 * @module Integers spelled as Go's `strconv.ParseInt(s, 0, 64)` accepts them, which is how pflag
 * reads Watchtower's int flags and (after cast's `trimZeroDecimal`) viper its int env vars:
 * optional sign, `0x`/`0o`/`0b` prefixes, a leading `0` meaning octal (`030` = 24), and `_`
 * between digits.
 */

const DIGITS: Readonly<Record<number, RegExp>> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `underscoreOK`: each `_` sits between digits or after the base prefix. */
function underscoresOk(text: string): boolean {
  let saw = "^";
  let i = 0;
  const lower = text.toLowerCase();
  const prefixed = lower.length >= 2 && lower[0] === "0" && "box".includes(lower[1] ?? "");
  if (prefixed) {
    i = 2;
    saw = "0";
  }
  const hex = prefixed && lower[1] === "x";
  for (; i < lower.length; i += 1) {
    const c = lower.charAt(i);
    if (/[0-9]/.test(c) || (hex && /[a-f]/.test(c))) {
      saw = "0";
    } else if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
    } else {
      if (saw === "_") return false;
      saw = "!";
    }
  }
  return saw !== "_";
}

/** The value of `text`, or undefined when Go's `strconv.ParseInt(text, 0, 64)` would fail. */
export function parseGoInt(text: string): number | undefined {
  const negative = text.startsWith("-");
  const unsigned = text.startsWith("-") || text.startsWith("+") ? text.slice(1) : text;
  if (unsigned === "" || !underscoresOk(unsigned)) return undefined;
  const lower = unsigned.toLowerCase().replaceAll("_", "");
  let base = 10;
  let digits = lower;
  if (lower.startsWith("0x") || lower.startsWith("0o") || lower.startsWith("0b")) {
    base = lower[1] === "x" ? 16 : lower[1] === "o" ? 8 : 2;
    digits = lower.slice(2);
  } else if (lower.startsWith("0") && lower.length > 1) {
    base = 8;
    digits = lower.slice(1);
  }
  if (!(DIGITS[base]?.test(digits) ?? false)) return undefined;
  const prefix = base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "";
  const magnitude = BigInt(`${prefix}${digits}`);
  if (magnitude > INT64_MAX + (negative ? 1n : 0n)) return undefined;
  const value = Number(negative ? -magnitude : magnitude);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** cast's `trimZeroDecimal`: `10.0` and `10.00` read as `10` (viper's env ints). */
export function trimZeroDecimal(text: string): string {
  let foundZero = false;
  for (let i = text.length; i > 0; i -= 1) {
    const c = text.charAt(i - 1);
    if (c === ".") {
      if (foundZero) return text.slice(0, i - 1);
    } else if (c === "0") {
      foundZero = true;
    } else {
      return text;
    }
  }
  return text;
}
