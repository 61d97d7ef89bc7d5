/**
 * @module The template function table: Go's predefined functions (`len index print printf
 * println eq ne lt le gt ge not slice html js urlquery call`) and Watchtower's own (`ToUpper ToLower
 * ToJSON Title`). `and`/`or` are evaluated lazily by the evaluator and only listed here.
 */
import { TemplateExecError } from "./errors.ts";
import { goJSONIndent } from "./go-json.ts";
import { sprintf } from "./printf.ts";
import { formatValue, isFloat, isPlainObject, isStringer, isTrue, numberOf, typeName } from "./values.ts";

export type TemplateFunction = (args: unknown[]) => unknown;

function arity(name: string, args: unknown[], n: number): void {
  if (args.length !== n) {
    throw new TemplateExecError(
      `wrong number of args for ${name}: want ${String(n)} got ${String(args.length)}`,
    );
  }
}

/** Go's fmt.Sprint: a space between operands when neither is a string. */
function sprint(args: unknown[]): string {
  let out = "";
  args.forEach((a, i) => {
    const prev = args[i - 1];
    if (i > 0 && typeof a !== "string" && typeof prev !== "string") out += " ";
    out += formatValue(a);
  });
  return out;
}

type Kind = "int" | "float" | "string" | "bool" | "nil" | "other";

/** A value with its Go kind (ints and floats are different kinds, as in Go). */
function basic(v: unknown): { kind: Kind; value: unknown } {
  if (isStringer(v)) return { kind: "string", value: v.goString() };
  if (v === null || v === undefined) return { kind: "nil", value: null };
  if (typeof v === "string") return { kind: "string", value: v };
  if (typeof v === "boolean") return { kind: "bool", value: v };
  const n = numberOf(v);
  if (n !== undefined) return { kind: isFloat(v) ? "float" : "int", value: n };
  return { kind: "other", value: v };
}

/** Go's eq: basic kinds must match; nil equals only nil; slices and maps are not comparable. */
function eq(args: unknown[]): boolean {
  if (args.length < 2) throw new TemplateExecError("missing argument for comparison");
  const first = basic(args[0]);
  return args.slice(1).some((raw) => {
    const other = basic(raw);
    if (first.kind === "nil" || other.kind === "nil") return first.kind === other.kind;
    if (first.kind !== other.kind) throw new TemplateExecError("incompatible types for comparison");
    if (first.kind === "other") throw new TemplateExecError(`non-comparable type: ${typeName(raw)}`);
    return first.value === other.value;
  });
}

function order(name: string, args: unknown[]): number {
  arity(name, args, 2);
  const a = basic(args[0]);
  const b = basic(args[1]);
  if (a.kind === "other" || b.kind === "other")
    throw new TemplateExecError(
      `invalid type for comparison: ${typeName(a.kind === "other" ? args[0] : args[1])}`,
    );
  if (a.kind !== b.kind) throw new TemplateExecError("incompatible types for comparison");
  if (a.kind === "bool" || a.kind === "nil") throw new TemplateExecError(`invalid type for comparison`);
  const [x, y] = [a.value as string | number, b.value as string | number];
  return x < y ? -1 : x === y ? 0 : 1;
}

function length(args: unknown[]): number {
  arity("len", args, 1);
  const v = args[0];
  if (typeof v === "string") return Buffer.byteLength(v, "utf8");
  if (isStringer(v)) return Buffer.byteLength(v.goString(), "utf8");
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (isPlainObject(v)) return Object.keys(v).length;
  throw new TemplateExecError(`error calling len: len of type ${typeName(v)}`);
}

function index(args: unknown[]): unknown {
  if (args.length < 1) throw new TemplateExecError("wrong number of args for index: want at least 1 got 0");
  let v = args[0];
  for (const key of args.slice(1)) {
    if (Array.isArray(v) || typeof v === "string") {
      if (typeof key !== "number" || !Number.isInteger(key))
        throw new TemplateExecError(
          `error calling index: cannot index slice/array with type ${typeName(key)}`,
        );
      if (key < 0 || key >= v.length)
        throw new TemplateExecError(`error calling index: index out of range: ${String(key)}`);
      v = typeof v === "string" ? Buffer.from(v)[key] : v[key];
    } else if (v instanceof Map || isPlainObject(v)) {
      // Template maps have string keys; Go refuses a key of another type.
      if (typeof key !== "string")
        throw new TemplateExecError(`error calling index: value has type ${typeName(key)}; should be string`);
      v = v instanceof Map ? v.get(key) : v[key];
    } else if (v === null || v === undefined)
      throw new TemplateExecError("error calling index: index of untyped nil");
    else throw new TemplateExecError(`error calling index: can't index item of type ${typeName(v)}`);
  }
  return v;
}

function slice(args: unknown[]): unknown {
  const [v, ...idx] = args;
  const nums = idx.map((n) => {
    if (typeof n !== "number" || !Number.isInteger(n))
      throw new TemplateExecError("error calling slice: bad index");
    return n;
  });
  if (typeof v !== "string" && !Array.isArray(v))
    throw new TemplateExecError(`error calling slice: can't slice item of type ${typeName(v)}`);
  const start = nums[0] ?? 0;
  const end = nums[1] ?? v.length;
  if (start < 0 || end > v.length || start > end)
    throw new TemplateExecError(`error calling slice: index out of range`);
  return v.slice(start, end);
}

function str(name: string, args: unknown[]): string {
  arity(name, args, 1);
  const v = args[0];
  if (typeof v === "string") return v;
  if (isStringer(v)) return v.goString();
  throw new TemplateExecError(`wrong type for value; expected string; got ${typeName(v)}`);
}

/** Word characters and the ones that join two letters or two digits into one word (UAX #29). */
const WORD = /[\p{L}\p{N}\p{M}_]/u;
const LETTER_JOINERS = new Set(["'", ".", ":", "\u00b7", "\u2019"]);
const DIGIT_JOINERS = new Set([".", ",", ";", "'", "\u2019"]);

/** Unicode's title case where it is neither the upper case nor its first letter. */
const TITLE_CASE: Readonly<Record<string, string>> = {
  "\u01c4": "\u01c5",
  "\u01c5": "\u01c5",
  "\u01c6": "\u01c5",
  "\u01c7": "\u01c8",
  "\u01c8": "\u01c8",
  "\u01c9": "\u01c8",
  "\u01ca": "\u01cb",
  "\u01cb": "\u01cb",
  "\u01cc": "\u01cb",
  "\u01f1": "\u01f2",
  "\u01f2": "\u01f2",
  "\u01f3": "\u01f2",
  "\u0149": "\u02bcN",
};

/** The title case of one character (`ß` is `Ss`, not `SS`; `ǆ` is `ǅ`). */
function titleChar(ch: string): string {
  const special = TITLE_CASE[ch];
  if (special !== undefined) return special;
  const upper = ch.toUpperCase();
  return upper.length > 1 ? upper.charAt(0) + upper.slice(1).toLowerCase() : upper;
}

/**
 * Watchtower's `Title`, golang.org/x/text's cases.Title(language.AmericanEnglish): in every word
 * the first cased letter is title-cased and the rest lower-cased (`hELLO wORLD` → `Hello World`,
 * `1st` → `1St`, `o'neil` → `O'neil`).
 */
function title(s: string): string {
  const chars = Array.from(s);
  let out = "";
  let inWord = false;
  let titled = false;
  chars.forEach((ch, i) => {
    const prev = chars[i - 1] ?? "";
    const next = chars[i + 1] ?? "";
    const joins =
      (LETTER_JOINERS.has(ch) && /\p{L}/u.test(prev) && /\p{L}/u.test(next)) ||
      (DIGIT_JOINERS.has(ch) && /\p{N}/u.test(prev) && /\p{N}/u.test(next));
    if (!WORD.test(ch) && !joins) {
      inWord = false;
      out += ch;
      return;
    }
    if (!inWord) {
      inWord = true;
      titled = false;
    }
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    if (cased && !titled) {
      titled = true;
      out += titleChar(ch);
    } else out += cased ? ch.toLowerCase() : ch;
  });
  return out;
}

/** Go's `call`: the first argument must be a function; it gets the others. */
function call(args: unknown[]): unknown {
  const [fn, ...rest] = args;
  if (typeof fn !== "function")
    throw new TemplateExecError(`error calling call: non-function of type ${typeName(fn)}`);
  return (fn as (...a: unknown[]) => unknown)(...rest);
}

export const FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  ["and", () => undefined],
  ["or", () => undefined],
  ["not", (a) => (arity("not", a, 1), !isTrue(a[0]))],
  ["call", call],
  ["len", length],
  ["index", index],
  ["slice", slice],
  ["print", sprint],
  [
    "printf",
    (a) => {
      if (a.length === 0)
        throw new TemplateExecError("wrong number of args for printf: want at least 1 got 0");
      return sprintf(str("printf", [a[0]]), a.slice(1));
    },
  ],
  ["println", (a) => `${a.map((v) => formatValue(v)).join(" ")}\n`],
  ["eq", eq],
  ["ne", (a) => (arity("ne", a, 2), !eq(a))],
  ["lt", (a) => order("lt", a) < 0],
  ["le", (a) => order("le", a) <= 0],
  ["gt", (a) => order("gt", a) > 0],
  ["ge", (a) => order("ge", a) >= 0],
  [
    "html",
    (a) =>
      sprint(a)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&#34;")
        .replace(/'/g, "&#39;"),
  ],
  [
    "urlquery",
    // Go's url.QueryEscape: also escapes !'()* (which encodeURIComponent keeps), space as +.
    (a) =>
      encodeURIComponent(sprint(a))
        .replace(/[!'()*]/g, (c) => `%${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}`)
        .replace(/%20/g, "+"),
  ],
  [
    "js",
    // Go's JSEscapeString.
    (a) =>
      sprint(a).replace(/[\\'"<>&=]|[\u0000-\u001f]/g, (c) =>
        c === "\\" || c === "'" || c === '"'
          ? `\\${c}`
          : `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`,
      ),
  ],
  ["ToUpper", (a) => str("ToUpper", a).toUpperCase()],
  ["ToLower", (a) => str("ToLower", a).toLowerCase()],
  ["Title", (a) => title(str("Title", a))],
  ["ToJSON", (a) => (arity("ToJSON", a, 1), goJSONIndent(a[0]))],
]);
