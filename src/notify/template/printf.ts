/**
 * @module Go's fmt.Sprintf for template values: verbs %v %s %d %q %x %X %o %b %f %e %g %t %c %T
 * %%, flags `-+# 0`, width and precision, and Go's %!verb(MISSING) / %!(EXTRA …) markers.
 */
import { formatNumber, formatValue, isStringer, typeName } from "./values.ts";

export function sprintf(format: string, args: readonly unknown[]): string {
  let out = "";
  let argIndex = 0;
  const re = /%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const flags = m[1] ?? "";
    const verb = m[4] ?? "v";
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
  const sign = (n: number, s: string): string =>
    n >= 0 && flags.includes("+") ? `+${s}` : n >= 0 && flags.includes(" ") ? ` ${s}` : s;
  switch (verb) {
    case "v": {
      if (flags.includes("+") && typeof arg === "number") return sign(arg, formatNumber(arg));
      return formatValue(arg);
    }
    case "s": {
      const s = stringOf(arg) ?? (typeof arg === "number" ? undefined : formatValue(arg));
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
      if (typeof arg !== "number") return bad(verb, arg);
      return sign(arg, formatFloat(verb, arg, precision));
    }
    case "T":
      return typeName(arg);
    default:
      return bad(verb, arg);
  }
}

function formatFloat(verb: string, n: number, precision: number | undefined): string {
  const lower = verb.toLowerCase();
  if (lower === "f") return n.toFixed(precision ?? 6);
  if (lower === "e") {
    const s = n
      .toExponential(precision ?? 6)
      .replace(/e([+-])(\d)$/, (_m, sg: string, d: string) => `e${sg}0${d}`);
    return verb === "E" ? s.toUpperCase() : s;
  }
  const s = precision === undefined ? formatNumber(n) : String(Number(n.toPrecision(precision)));
  return verb === "G" ? s.toUpperCase() : s;
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
