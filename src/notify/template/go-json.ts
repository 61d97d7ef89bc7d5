/**
 * @module Go's json.MarshalIndent(v, "", "  ") for template values: map keys sorted, HTML
 * characters escaped as \u003c etc., struct-like values through their `toGoJSON()`.
 */
import { isPlainObject, isStringer } from "./values.ts";

interface GoJSONable {
  toGoJSON(): unknown;
}

function hasToGoJSON(v: unknown): v is GoJSONable {
  return typeof v === "object" && v !== null && typeof (v as Partial<GoJSONable>).toGoJSON === "function";
}

export function goJSONIndent(value: unknown): string {
  return write(value, "");
}

function write(v: unknown, indent: string): string {
  if (hasToGoJSON(v)) return write(v.toGoJSON(), indent);
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return String(v);
  if (isStringer(v)) return quote(v.goString());
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((e) => inner + write(e, inner)).join(",\n")}\n${indent}]`;
  }
  let entries: [string, unknown][];
  if (v instanceof Map) entries = [...v.entries()].map(([k, e]) => [String(k), e]);
  else if (isPlainObject(v)) entries = Object.entries(v);
  else if (typeof v === "object") entries = Object.entries(v).filter(([, e]) => typeof e !== "function");
  else return "null";
  if (isPlainObject(v) || v instanceof Map) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, e]) => `${inner}${quote(k)}: ${write(e, inner)}`).join(",\n")}\n${indent}}`;
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || ch === "<" || ch === ">" || ch === "&" || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}
