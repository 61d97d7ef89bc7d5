/**
 * @module Go semantics for template values held as JS values: truthiness, `%v` printing, type
 * names for messages. Class instances stand for Go structs, plain objects and Maps for Go maps,
 * arrays for slices, `undefined` for a missing value and `null` for nil.
 */

/**
 * A float64 whose value is integral (`1.0`, `2e3` in a template): plain JS numbers that are
 * integers stand for Go ints, so these keep their Go kind for printing and comparisons.
 */
export class GoFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
  toGoJSON(): number {
    return this.value;
  }
}

/** The number of a Go int or float (plain number or GoFloat), else undefined. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof GoFloat) return v.value;
  return undefined;
}

/**
 * Whether a value is a Go float64: a GoFloat, a non-integral number, or one beyond the range in
 * which JS numbers are exact integers (Go ints are int64; such values come from floats).
 */
export function isFloat(v: unknown): boolean {
  if (v instanceof GoFloat) return true;
  return typeof v === "number" && (!Number.isInteger(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER);
}

/** A value with a Go string form, like a named string type with methods (`ImageID`). */
export interface GoStringer {
  goString(): string;
}

export function isStringer(v: unknown): v is GoStringer {
  return typeof v === "object" && v !== null && typeof (v as Partial<GoStringer>).goString === "function";
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v instanceof GoFloat) return v.value !== 0;
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "string") return v !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (isStringer(v)) return v.goString() !== "";
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** Go's `%v` form of a value. */
export function formatValue(v: unknown): string {
  if (v === undefined) return "<no value>";
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (v instanceof GoFloat) return goFloat(v.value, "g", undefined);
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (isStringer(v)) return v.goString();
  if (Array.isArray(v)) return `[${v.map((e) => formatValue(e)).join(" ")}]`;
  if (v instanceof Map) {
    const entries = [...v.entries()].sort(([a], [b]) => compareKeys(a, b));
    return `map[${entries.map(([k, e]) => `${formatValue(k)}:${formatValue(e)}`).join(" ")}]`;
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${formatValue(v[k])}`).join(" ")}]`;
  }
  if (typeof v === "function") return "<func>";
  if (typeof v === "object") {
    const fields = Object.values(v as Record<string, unknown>).filter((f) => typeof f !== "function");
    return `{${fields.map((f) => formatValue(f)).join(" ")}}`;
  }
  return typeof v === "symbol" ? v.toString() : "<unknown>";
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Go's `%v` of a number: ints as integers, float64 in `%g`'s shortest form (1.2e-05, 1e+06). */
export function formatNumber(n: number): string {
  if (!isFloat(n)) return String(n);
  return goFloat(n, "g", undefined);
}

/**
 * strconv.FormatFloat for the verbs `e`, `f` and `g` (upper-case ones: callers upper-case the
 * result); precision undefined is the shortest form that reads back the same.
 */
export function goFloat(n: number, verb: "e" | "f" | "g", precision: number | undefined): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  const neg = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  const sign = neg ? "-" : "";
  const shortest = precision === undefined;
  // Decimal digits (without trailing zeros) and the decimal point position, as strconv's
  // decimal: the shortest that reads back, or the exact value rounded half to even.
  let d: Decimal;
  if (shortest) d = shortestDecimal(abs);
  else if (verb === "f") d = roundDecimal(exactDecimal(abs), (x) => x.dp + precision);
  else {
    const sig = verb === "e" ? precision + 1 : Math.max(precision, 1);
    d = roundDecimal(exactDecimal(abs), () => sig);
  }
  const { digits, dp } = d;
  const nd = digits.length;
  if (verb === "f") return sign + fmtF(digits, dp, precision ?? Math.max(nd - dp, 0));
  if (verb === "e") return sign + fmtE(digits, dp, precision ?? nd - 1);
  let prec = shortest ? nd : Math.max(precision, 1);
  let eprec = prec;
  if (eprec > nd && nd >= dp) eprec = nd;
  if (shortest) eprec = 6;
  const x = dp - 1;
  if (x < -4 || x >= eprec) {
    if (prec > nd) prec = nd;
    return sign + fmtE(digits, dp, prec - 1);
  }
  if (prec > dp) prec = nd;
  return sign + fmtF(digits, dp, Math.max(prec - dp, 0));
}

/** Decimal digits `0.d1d2…` × 10^dp, without trailing zeros ("0" with dp 1 for zero). */
interface Decimal {
  digits: string;
  dp: number;
}

function trimDecimal(digits: string, dp: number): Decimal {
  const lead = /^0*/.exec(digits)?.[0].length ?? 0;
  const trimmed = digits.slice(lead).replace(/0+$/, "");
  return trimmed === "" ? { digits: "0", dp: 1 } : { digits: trimmed, dp: dp - lead };
}

function shortestDecimal(abs: number): Decimal {
  if (abs === 0) return { digits: "0", dp: 1 };
  const [mantissa = "0", exponent = "0"] = abs.toExponential().split("e");
  return trimDecimal(mantissa.replace(".", ""), Number(exponent) + 1);
}

/** The exact decimal value of a double (every double is a finite decimal). */
function exactDecimal(abs: number): Decimal {
  if (abs === 0) return { digits: "0", dp: 1 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (biased !== 0) mant |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  if (e >= 0) {
    const text = (mant << BigInt(e)).toString();
    return trimDecimal(text, text.length);
  }
  // m / 2^k = m × 5^k / 10^k
  const text = (mant * 5n ** BigInt(-e)).toString();
  return trimDecimal(text, text.length + e);
}

/** Rounds to `count(d)` digits, half to even, as strconv does on the exact value. */
function roundDecimal(d: Decimal, count: (d: Decimal) => number): Decimal {
  const keep = count(d);
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { digits: "0", dp: 1 };
  const rest = d.digits.slice(keep);
  const last = keep === 0 ? 0 : Number(d.digits.charAt(keep - 1));
  const up = rest.charAt(0) > "5" || (rest.charAt(0) === "5" && (rest.length > 1 || last % 2 === 1));
  let head = d.digits.slice(0, keep);
  if (!up) return head === "" ? { digits: "0", dp: 1 } : trimDecimal(head, d.dp);
  // Add one at the last kept digit, carrying.
  let dp = d.dp;
  const chars = head.split("");
  let i = chars.length - 1;
  for (; i >= 0; i--) {
    if (chars[i] === "9") chars[i] = "0";
    else {
      chars[i] = String(Number(chars[i]) + 1);
      break;
    }
  }
  head = chars.join("");
  if (i < 0) {
    head = `1${head}`;
    dp++;
  }
  return trimDecimal(head, dp);
}

function fmtE(digits: string, dp: number, prec: number): string {
  let out = digits.charAt(0);
  if (prec > 0) out += `.${digits.slice(1, prec + 1).padEnd(prec, "0")}`;
  const e = digits === "0" ? 0 : dp - 1;
  return `${out}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

function fmtF(digits: string, dp: number, prec: number): string {
  let out = dp > 0 ? digits.slice(0, dp).padEnd(dp, "0") : "0";
  if (prec > 0) {
    out += ".";
    for (let i = 1; i <= prec; i++) {
      const j = dp + i - 1;
      out += j >= 0 && j < digits.length ? digits.charAt(j) : "0";
    }
  }
  return out;
}

/** A Go-like type name for error messages. */
export function typeName(v: unknown): string {
  if (v === undefined) return "<invalid>";
  if (v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "number" || v instanceof GoFloat) return isFloat(v) ? "float64" : "int";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof Map || isPlainObject(v)) return "map[string]interface {}";
  if (typeof v === "function") return "func";
  if (typeof v === "object") return v.constructor.name;
  return typeof v;
}
