/**
 * @module Go's fmt.Sprintf for template values: verbs %v %s %d %q %x %X %o %b %f %e %g %t %c %T
 * %%, flags `-+# 0`, width and precision, and Go's %!verb(MISSING) / %!(EXTRA …) markers.
 */
import { formatValue, goFloat, isPlainObject, isStringer, numberOf, typeName } from "./values.ts";

export function sprintf(format: string, args: readonly unknown[]): string {
  let out = "";
  let argIndex = 0;
  // Any character is a verb (`%!` too); a `%` at the very end has none.
  const re = /%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?([\s\S])?/gu;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const flags = m[1] ?? "";
    const verb = m[4];
    if (verb === undefined) {
      out += "%!(NOVERB)";
      continue;
    }
    if (verb === "%") {
      out += "%";
      continue;
    }
    let width: number | undefined;
    let precision: number | undefined;
    if (m[2] === "*") width = Number(args[argIndex++]);
    else if (m[2] !== undefined) width = Number(m[2]);
    if (m[3] === "*") precision = Number(args[argIndex++]);
    else if (m[3] !== undefined) precision = m[3] === "" ? 0 : Number(m[3]);
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argIndex++];
    const body = formatVerb(verb, arg, flags, precision);
    out += pad(body, width, flags, verb);
  }
  out += format.slice(last);
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((a) => `${typeName(a)}=${formatValue(a)}`);
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}

function pad(body: string, width: number | undefined, flags: string, verb: string): string {
  if (width === undefined || body.length >= width) return body;
  if (flags.includes("-")) return body.padEnd(width, " ");
  if (flags.includes("0") && /[dxXobfeEgG]/.test(verb)) {
    const sign = /^[+-]/.test(body) ? body.charAt(0) : "";
    return sign + body.slice(sign.length).padStart(width - sign.length, "0");
  }
  return body.padStart(width, " ");
}

function bad(verb: string, arg: unknown): string {
  return `%!${verb}(${typeName(arg)}=${formatValue(arg)})`;
}

function stringOf(arg: unknown): string | undefined {
  if (typeof arg === "string") return arg;
  if (isStringer(arg)) return arg.goString();
  return undefined;
}

function formatVerb(verb: string, arg: unknown, flags: string, precision: number | undefined): string {
  // Go applies a verb to each element of a slice or map: %q of ["a" "b"] is `["a" "b"]`.
  if (verb !== "v" && verb !== "T" && Array.isArray(arg)) {
    return `[${arg.map((e) => formatVerb(verb, e, flags, precision)).join(" ")}]`;
  }
  if (verb !== "v" && verb !== "T" && isPlainObject(arg)) {
    const keys = Object.keys(arg).sort();
    const entries = keys.map(
      (k) => `${formatVerb(verb, k, flags, precision)}:${formatVerb(verb, arg[k], flags, precision)}`,
    );
    return `map[${entries.join(" ")}]`;
  }
  const sign = (n: number, s: string): string =>
    n >= 0 && flags.includes("+") ? `+${s}` : n >= 0 && flags.includes(" ") ? ` ${s}` : s;
  switch (verb) {
    case "v": {
      const n = numberOf(arg);
      if (flags.includes("+") && n !== undefined) return sign(n, formatValue(arg));
      return formatValue(arg);
    }
    case "s": {
      const s = stringOf(arg) ?? (numberOf(arg) !== undefined ? undefined : formatValue(arg));
      if (s === undefined) return bad(verb, arg);
      return precision === undefined ? s : Array.from(s).slice(0, precision).join("");
    }
    case "q": {
      const s = stringOf(arg);
      if (s !== undefined) return flags.includes("#") && !s.includes("`") ? `\`${s}\`` : goQuote(s);
      if (typeof arg === "number" && Number.isInteger(arg)) return `'${String.fromCodePoint(arg)}'`;
      return bad(verb, arg);
    }
    case "t":
      return typeof arg === "boolean" ? String(arg) : bad(verb, arg);
    case "d":
    case "b":
    case "o":
    case "c": {
      if (typeof arg !== "number" || !Number.isInteger(arg)) return bad(verb, arg);
      if (verb === "c") return String.fromCodePoint(arg);
      const radix = verb === "d" ? 10 : verb === "b" ? 2 : 8;
      const digits = Math.abs(arg).toString(radix);
      const prefix = flags.includes("#") && verb === "o" ? "0" : "";
      return sign(arg, (arg < 0 ? "-" : "") + prefix + digits);
    }
    case "x":
    case "X": {
      let s: string;
      if (typeof arg === "number" && Number.isInteger(arg)) {
        s = (arg < 0 ? "-" : "") + (flags.includes("#") ? "0x" : "") + Math.abs(arg).toString(16);
      } else {
        const str = stringOf(arg);
        if (str === undefined) return bad(verb, arg);
        s = Buffer.from(str, "utf8").toString("hex");
      }
      return verb === "X" ? s.toUpperCase() : s;
    }
    case "f":
    case "F":
    case "e":
    case "E":
    case "g":
    case "G": {
      const n = numberOf(arg);
      if (n === undefined) return bad(verb, arg);
      return sign(n, formatFloat(verb, n, precision));
    }
    case "T":
      return typeName(arg);
    default:
      return bad(verb, arg);
  }
}

function formatFloat(verb: string, n: number, precision: number | undefined): string {
  const lower = verb.toLowerCase() === "f" ? "f" : verb.toLowerCase() === "e" ? "e" : "g";
  const s = goFloat(n, lower, lower === "g" ? precision : (precision ?? 6));
  return verb === verb.toUpperCase() && lower !== "f" ? s.toUpperCase() : s;
}

/** Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
