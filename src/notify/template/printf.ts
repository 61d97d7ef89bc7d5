/**
 * @module Go's fmt.Sprintf for template values, after fmt's own structure (printArg, badVerb,
 * fmtInteger, fmtFloat, fmtString): verbs %v %s %d %q %x %X %o %O %b %c %U %f %F %e %E %g %G %t
 * %T %%, flags `-+# 0`, width and precision (also `*` and `%[n]` argument indexes), applied per
 * element of slices and maps as Go does, and Go's %!verb(type=value), %!verb(MISSING),
 * %!(NOVERB), %!(EXTRA …) markers.
 */
import { formatValue, goFloat, isFloat, isPlainObject, isStringer, numberOf, typeName } from "./values.ts";

interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
}

/** Go's `%!(MISSING)`-style markers need the original argument; undefined is a missing value. */
export function sprintf(format: string, args: readonly unknown[]): string {
  // A missing value (no map key) reaches fmt as a nil interface.
  const values = args.map((a) => (a === undefined ? null : a));
  let out = "";
  let argNum = 0;
  // Set inside argIndex (a closure), hence an object: explicit indexes turn off %!(EXTRA).
  const seen = { reordered: false };
  const chars = Array.from(format);
  let i = 0;
  const argIndex = (): void => {
    const m = /^\[(\d+)\]/.exec(chars.slice(i, i + 12).join(""));
    if (m === null) return;
    seen.reordered = true;
    argNum = Number(m[1]) - 1;
    i += m[0].length;
  };
  const intArg = (): number | undefined => {
    const v = values[argNum];
    argNum++;
    return typeof v === "number" && Number.isInteger(v) ? v : undefined;
  };
  while (i < chars.length) {
    const ch = chars[i] ?? "";
    if (ch !== "%") {
      out += ch;
      i++;
      continue;
    }
    i++;
    const f: Flags = {
      minus: false,
      plus: false,
      sharp: false,
      space: false,
      zero: false,
      width: undefined,
      prec: undefined,
    };
    for (; i < chars.length; i++) {
      const c = chars[i];
      // A minus flag turns zero padding off (fmt never pads with zeros on the right).
      if (c === "-") {
        f.minus = true;
        f.zero = false;
      } else if (c === "+") f.plus = true;
      else if (c === "#") f.sharp = true;
      else if (c === " ") f.space = true;
      else if (c === "0") f.zero = !f.minus;
      else break;
    }
    argIndex();
    if (chars[i] === "*") {
      i++;
      f.width = intArg();
      if (f.width === undefined) out += "%!(BADWIDTH)";
      else if (f.width < 0) {
        f.minus = true;
        f.width = -f.width;
      }
    } else {
      const m = /^\d+/.exec(chars.slice(i, i + 10).join(""));
      if (m !== null) {
        f.width = Number(m[0]);
        i += m[0].length;
      }
    }
    if (chars[i] === ".") {
      i++;
      argIndex();
      if (chars[i] === "*") {
        i++;
        f.prec = intArg();
        if (f.prec === undefined || f.prec < 0) {
          f.prec = undefined;
          out += "%!(BADPREC)";
        }
      } else {
        const m = /^\d+/.exec(chars.slice(i, i + 10).join(""));
        f.prec = m === null ? 0 : Number(m[0]);
        i += m === null ? 0 : m[0].length;
      }
    }
    argIndex();
    if (i >= chars.length) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = chars[i] ?? "";
    i++;
    if (verb === "%") {
      out += "%";
      continue;
    }
    // %+v and %#v are Go's struct-field and Go-syntax forms: the flags do not reach numbers.
    if (verb === "v") {
      f.plus = false;
      f.sharp = false;
    }
    if (argNum >= values.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += printArg(values[argNum], verb, f);
    argNum++;
  }
  if (!seen.reordered && argNum < values.length) {
    const extra = values
      .slice(argNum)
      .map((a) => (a === null ? "<nil>" : `${typeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}

/** fmt's padding: spaces, or zeros on the left with the 0 flag (strings too, as Go does). */
function pad(s: string, f: Flags): string {
  const len = Array.from(s).length;
  if (f.width === undefined || len >= f.width) return s;
  const fill = (f.zero ? "0" : " ").repeat(f.width - len);
  return f.minus ? s + fill : fill + s;
}

/** Zero padding after the sign, as fmt does for numbers with the 0 flag. */
function padNumber(s: string, f: Flags, zeroAllowed: boolean): string {
  if (!f.zero || !zeroAllowed || f.minus || f.width === undefined || s.length >= f.width) return pad(s, f);
  const sign = /^[+\- ]/.test(s) ? s.charAt(0) : "";
  return sign + s.slice(sign.length).padStart(f.width - sign.length, "0");
}

function badVerb(verb: string, arg: unknown, f: Flags): string {
  if (arg === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(arg)}=${printArg(arg, "v", f, true)})`;
}

function printArg(arg: unknown, verb: string, f: Flags, erroring = false): string {
  if (arg === null || arg === undefined) {
    return verb === "T" || verb === "v" ? pad("<nil>", f) : badVerb(verb, null, f);
  }
  if (verb === "T") return pad(typeName(arg), f);
  if (typeof arg === "boolean")
    return verb === "t" || verb === "v" ? pad(String(arg), f) : badVerb(verb, arg, f);
  if (isFloat(arg)) return fmtFloat(numberOf(arg) ?? 0, verb, f, arg);
  if (typeof arg === "number") return fmtInteger(arg, verb, f);
  if (typeof arg === "string") return fmtString(arg, verb, f);
  // A Stringer prints through its string for the string verbs, as fmt's handleMethods does.
  if (isStringer(arg) && !erroring && "vsxXq".includes(verb)) return fmtString(arg.goString(), verb, f);
  if (Array.isArray(arg)) return `[${arg.map((e) => element(e, verb, f)).join(" ")}]`;
  if (arg instanceof Map || isPlainObject(arg)) {
    const entries: [unknown, unknown][] =
      arg instanceof Map ? [...arg.entries()] : Object.keys(arg).map((k) => [k, arg[k]]);
    entries.sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${element(k, verb, f)}:${element(v, verb, f)}`).join(" ")}]`;
  }
  return verb === "v" || verb === "s" ? pad(formatValue(arg), f) : badVerb(verb, arg, f);
}

/** An element of a slice or map: a nil one prints `<nil>` whatever the verb. */
function element(e: unknown, verb: string, f: Flags): string {
  return e === null || e === undefined ? pad("<nil>", f) : printArg(e, verb, f);
}

function fmtInteger(n: number, verb: string, f: Flags): string {
  const radix: Readonly<Record<string, number>> = { v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 };
  if (verb === "c") return pad(runeText(n), f);
  if (verb === "q") return pad(quoteRune(n), f);
  if (verb === "U") {
    const u = `U+${n.toString(16).toUpperCase().padStart(4, "0")}`;
    return pad(f.sharp ? `${u} '${runeText(n)}'` : u, f);
  }
  const base = radix[verb];
  if (base === undefined) return badVerb(verb, n, f);
  let digits = Math.abs(n).toString(base);
  if (verb === "X") digits = digits.toUpperCase();
  // Precision is the minimum number of digits; precision 0 prints nothing for 0.
  if (f.prec !== undefined) digits = f.prec === 0 && n === 0 ? "" : digits.padStart(f.prec, "0");
  let prefix = "";
  if (f.sharp && verb === "x") prefix = "0x";
  if (f.sharp && verb === "X") prefix = "0X";
  if (f.sharp && verb === "b") prefix = "0b";
  if (f.sharp && verb === "o" && !digits.startsWith("0")) prefix = "0";
  if (verb === "O") prefix = "0o";
  const sign = n < 0 ? "-" : f.plus ? "+" : f.space ? " " : "";
  if (f.zero && !f.minus && f.prec === undefined && f.width !== undefined) {
    const body = prefix + digits;
    return sign + body.padStart(f.width - sign.length, "0").replace(/^0+(?=0x|0X|0b|0o)/, "");
  }
  return pad(sign + prefix + digits, f);
}

function fmtFloat(n: number, verb: string, f: Flags, arg: unknown): string {
  const lower = verb === "v" ? "g" : verb.toLowerCase();
  let num: string;
  if (lower === "x") num = hexFloat(n, verb === "X");
  else if (lower === "b") num = binaryFloat(n);
  else if (lower === "e" || lower === "f" || lower === "g") {
    num = goFloat(n, lower, lower === "g" ? f.prec : (f.prec ?? 6));
    if (verb === "E" || verb === "G") num = num.toUpperCase();
  } else return badVerb(verb, arg, f);
  if (f.sharp && lower !== "b") num = sharpFloat(num, lower, f.prec);
  if (!num.startsWith("-") && !num.startsWith("+")) {
    if (f.plus) num = `+${num}`;
    else if (f.space) num = ` ${num}`;
  }
  if (num === "+Inf" && !f.plus) num = f.space ? " Inf" : "+Inf";
  return padNumber(num, f, Number.isFinite(n));
}

/** fmt's `#` flag for floats: a decimal point always, and trailing zeros up to the precision. */
function sharpFloat(text: string, verb: string, prec: number | undefined): string {
  let num = /^[+-]/.test(text) ? text : `+${text}`;
  let digits = verb === "g" || verb === "x" ? (prec ?? 6) : 0;
  let tail = "";
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 1; i < num.length; i++) {
    const c = num.charAt(i);
    if (c === ".") hasPoint = true;
    else if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x")) {
      tail = num.slice(i);
      num = num.slice(0, i);
      break;
    } else {
      if (c !== "0") sawNonzero = true;
      if (sawNonzero) digits--;
    }
  }
  if (!hasPoint) {
    if (num.length === 2 && num.charAt(1) === "0") digits--;
    num += ".";
  }
  num += "0".repeat(Math.max(digits, 0)) + tail;
  return text.startsWith("+") || text.startsWith("-") ? num : num.slice(1);
}

/** %x of a float64: `0x1.8p+00`, shortest hex mantissa. */
function hexFloat(n: number, upper: boolean): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "+Inf" : "-Inf";
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  let exp = abs === 0 ? 0 : Math.floor(Math.log2(abs));
  let mant = abs === 0 ? 0 : abs / 2 ** exp;
  if (mant >= 2) {
    mant /= 2;
    exp++;
  }
  const frac = Math.round((mant - Math.floor(mant)) * 2 ** 52)
    .toString(16)
    .padStart(13, "0")
    .replace(/0+$/, "");
  const s = `${sign}0x${String(Math.floor(mant))}${frac === "" ? "" : `.${frac}`}p${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return upper ? s.toUpperCase() : s;
}

/** %b of a float64: the integer mantissa and binary exponent, `6755399441055744p-52`. */
function binaryFloat(n: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n === 1n ? "-" : "";
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp !== 0) mant |= 1n << 52n;
  const e = (exp === 0 ? 1 : exp) - 1075;
  return `${sign}${mant.toString()}p${e < 0 ? "-" : "+"}${String(Math.abs(e))}`;
}

function fmtString(s: string, verb: string, f: Flags): string {
  const truncated = f.prec === undefined ? s : Array.from(s).slice(0, f.prec).join("");
  switch (verb) {
    case "v":
    case "s":
      return pad(truncated, f);
    case "q":
      return pad(f.sharp && !truncated.includes("`") ? `\`${truncated}\`` : goQuote(truncated, f.plus), f);
    case "x":
    case "X": {
      const bytes = [...Buffer.from(truncated, "utf8")].map((b) => b.toString(16).padStart(2, "0"));
      if (bytes.length === 0) return pad("", f);
      const prefix = f.sharp ? "0x" : "";
      const hex = f.space ? bytes.map((b) => prefix + b).join(" ") : prefix + bytes.join("");
      return pad(verb === "X" ? hex.toUpperCase() : hex, f);
    }
    default:
      return badVerb(verb, s, f);
  }
}

/** The character of a rune; an invalid one is U+FFFD, as in Go. */
function runeText(n: number): string {
  const valid = n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff);
  return String.fromCodePoint(valid ? n : 0xfffd);
}

/** Go's strconv.QuoteRune. */
function quoteRune(n: number): string {
  if (n === 0x27) return "'\\''";
  const q = goQuote(runeText(n), false);
  return `'${q.slice(1, -1).replace(/\\"/g, '"')}'`;
}

/** Go's strconv.Quote (QuoteToASCII with `ascii`). */
export function goQuote(s: string, ascii = false): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\u0007") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (ascii && code > 0x7e)
      out +=
        code > 0xffff
          ? `\\U${code.toString(16).padStart(8, "0")}`
          : `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
