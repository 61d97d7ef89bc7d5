/**
 * @module Go semantics for template values held as JS values: truthiness, `%v` printing, type
 * names for messages. Class instances stand for Go structs, plain objects and Maps for Go maps,
 * arrays for slices, `undefined` for a missing value and `null` for nil.
 */

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

/** Go prints floats in %g-like shortest form: 1e+21, 1.5, 3. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(n).replace(/e([+-])(\d)$/, (_m, sign: string, d: string) => `e${sign}0${d}`);
}

/** A Go-like type name for error messages. */
export function typeName(v: unknown): string {
  if (v === undefined) return "<invalid>";
  if (v === null) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof Map || isPlainObject(v)) return "map[string]interface {}";
  if (typeof v === "function") return "func";
  if (typeof v === "object") return v.constructor.name;
  return typeof v;
}
