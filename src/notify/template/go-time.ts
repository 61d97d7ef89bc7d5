/**
 * @module A Go `time.Time` for templates: the methods Watchtower templates call on a log
 * entry's `.Time` (`Format` with Go layouts, `Unix`, `UTC`, `Local`, `String`, the calendar
 * fields, comparisons), with Go's printing and JSON forms. Millisecond precision (log lines
 * carry no more).
 */
import type { GoStringer } from "./values.ts";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A Go enum type that prints as its name (time.Month, time.Weekday). */
export class GoNamedInt implements GoStringer {
  readonly value: number;
  private readonly name: string;
  constructor(value: number, name: string) {
    this.value = value;
    this.name = name;
  }
  goString(): string {
    return this.name;
  }
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number;
  yearDay: number;
  offsetSeconds: number;
  zone: string;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

/** The local zone's abbreviation as Go prints it: `UTC`, `CET`, or `+0530` when it has none. */
function localZoneName(date: Date, offsetSeconds: number): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (offsetSeconds === 0 && (zone === "UTC" || zone === "Etc/UTC")) return "UTC";
  const short = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName")?.value;
  if (short !== undefined && /^[A-Z]{2,5}$/.test(short) && !short.startsWith("GMT")) return short;
  const sign = offsetSeconds < 0 ? "-" : "+";
  const abs = Math.abs(offsetSeconds);
  const minutes = Math.floor(abs / 60) % 60;
  return `${sign}${pad(Math.floor(abs / 3600), 2)}${minutes === 0 ? "" : pad(minutes, 2)}`;
}

export class GoTime implements GoStringer {
  private readonly ms: number;
  private readonly local: boolean;
  constructor(ms: number, local = true) {
    this.ms = ms;
    this.local = local;
  }

  private fields(): Fields {
    const offsetSeconds = this.local ? -new Date(this.ms).getTimezoneOffset() * 60 : 0;
    const d = new Date(this.ms + offsetSeconds * 1000);
    const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      ms: d.getUTCMilliseconds(),
      weekday: d.getUTCDay(),
      yearDay: Math.floor((d.getTime() - startOfYear) / 86_400_000) + 1,
      offsetSeconds,
      zone: this.local ? localZoneName(new Date(this.ms), offsetSeconds) : "UTC",
    };
  }

  goString(): string {
    return this.String();
  }
  toGoJSON(): string {
    return this.Format("2006-01-02T15:04:05.999999999Z07:00");
  }

  String(): string {
    return this.Format("2006-01-02 15:04:05.999999999 -0700 MST");
  }
  Format(layout: string): string {
    return formatGoTime(this.fields(), layout);
  }
  UTC(): GoTime {
    return new GoTime(this.ms, false);
  }
  Local(): GoTime {
    return new GoTime(this.ms, true);
  }
  Unix(): number {
    return Math.floor(this.ms / 1000);
  }
  UnixMilli(): number {
    return this.ms;
  }
  UnixMicro(): number {
    return this.ms * 1000;
  }
  UnixNano(): bigint {
    return BigInt(this.ms) * 1_000_000n;
  }
  Year(): number {
    return this.fields().year;
  }
  Month(): GoNamedInt {
    const m = this.fields().month;
    return new GoNamedInt(m, MONTHS[m - 1] ?? "");
  }
  Day(): number {
    return this.fields().day;
  }
  Hour(): number {
    return this.fields().hour;
  }
  Minute(): number {
    return this.fields().minute;
  }
  Second(): number {
    return this.fields().second;
  }
  Nanosecond(): number {
    return this.fields().ms * 1_000_000;
  }
  YearDay(): number {
    return this.fields().yearDay;
  }
  Weekday(): GoNamedInt {
    const w = this.fields().weekday;
    return new GoNamedInt(w, DAYS[w] ?? "");
  }
  IsZero(): boolean {
    // Go's zero time, 0001-01-01 00:00:00 UTC.
    return this.ms === -62_135_596_800_000;
  }
  Before(other: unknown): boolean {
    return other instanceof GoTime && this.ms < other.ms;
  }
  After(other: unknown): boolean {
    return other instanceof GoTime && this.ms > other.ms;
  }
  Equal(other: unknown): boolean {
    return other instanceof GoTime && this.ms === other.ms;
  }
}

/** The layout elements of Go's time.Format, longest first where one is a prefix of another. */
const TOKENS = [
  "January",
  "Jan",
  "Monday",
  "Mon",
  "MST",
  "2006",
  "06",
  "01",
  "002",
  "02",
  "__2",
  "_2",
  "15",
  "1",
  "2",
  "03",
  "3",
  "04",
  "4",
  "05",
  "5",
  "PM",
  "pm",
  "-07:00:00",
  "-070000",
  "-07:00",
  "-0700",
  "-07",
  "Z07:00:00",
  "Z070000",
  "Z07:00",
  "Z0700",
  "Z07",
];

function zoneText(offset: number, token: string): string {
  if (token.startsWith("Z") && offset === 0) return "Z";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const h = pad(Math.floor(abs / 3600), 2);
  const m = pad(Math.floor(abs / 60) % 60, 2);
  const s = pad(abs % 60, 2);
  const shape = token.replace(/^[Z-]/, "");
  if (shape === "07") return `${sign}${h}`;
  if (shape === "0700") return `${sign}${h}${m}`;
  if (shape === "07:00") return `${sign}${h}:${m}`;
  if (shape === "070000") return `${sign}${h}${m}${s}`;
  return `${sign}${h}:${m}:${s}`;
}

/** A fractional-second element (`.000`, `,999`) at `i`, as Go recognises it after seconds. */
function fraction(layout: string, i: number): { text: string; len: number } | undefined {
  const c = layout[i];
  if (c !== "." && c !== ",") return undefined;
  const digit = layout[i + 1];
  if (digit !== "0" && digit !== "9") return undefined;
  let j = i + 1;
  while (layout[j] === digit) j++;
  // Go only reads it as a fraction when no other digit follows.
  if (/[0-9]/.test(layout[j] ?? "")) return undefined;
  return { text: layout.slice(i, j), len: j - i };
}

function formatFraction(ms: number, spec: string): string {
  const digits = spec.length - 1;
  const nanos = pad(ms * 1_000_000, 9);
  let text = nanos.slice(0, digits).padEnd(digits, "0");
  if (spec[1] === "9") {
    text = text.replace(/0+$/, "");
    return text === "" ? "" : `${spec.charAt(0)}${text}`;
  }
  return `${spec.charAt(0)}${text}`;
}

function formatGoTime(f: Fields, layout: string): string {
  let out = "";
  let i = 0;
  while (i < layout.length) {
    const frac = fraction(layout, i);
    if (frac !== undefined) {
      out += formatFraction(f.ms, frac.text);
      i += frac.len;
      continue;
    }
    const token = TOKENS.find((t) => layout.startsWith(t, i) && tokenAllowed(layout, i, t));
    if (token === undefined) {
      out += layout.charAt(i);
      i++;
      continue;
    }
    out += element(f, token);
    i += token.length;
  }
  return out;
}

/** Go reads `Jan`/`Mon` only when no lower-case letter follows (`Janet` stays text). */
function tokenAllowed(layout: string, i: number, token: string): boolean {
  if (token === "Jan" || token === "Mon") return !/[a-z]/.test(layout[i + token.length] ?? "");
  return true;
}

function element(f: Fields, token: string): string {
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  switch (token) {
    case "January":
      return MONTHS[f.month - 1] ?? "";
    case "Jan":
      return (MONTHS[f.month - 1] ?? "").slice(0, 3);
    case "Monday":
      return DAYS[f.weekday] ?? "";
    case "Mon":
      return (DAYS[f.weekday] ?? "").slice(0, 3);
    case "MST":
      return f.zone;
    case "2006":
      return pad(f.year, 4);
    case "06":
      return pad(f.year % 100, 2);
    case "01":
      return pad(f.month, 2);
    case "1":
      return String(f.month);
    case "002":
      return pad(f.yearDay, 3);
    case "__2":
      return String(f.yearDay).padStart(3, " ");
    case "02":
      return pad(f.day, 2);
    case "_2":
      return String(f.day).padStart(2, " ");
    case "2":
      return String(f.day);
    case "15":
      return pad(f.hour, 2);
    case "03":
      return pad(hour12, 2);
    case "3":
      return String(hour12);
    case "04":
      return pad(f.minute, 2);
    case "4":
      return String(f.minute);
    case "05":
      return pad(f.second, 2);
    case "5":
      return String(f.second);
    case "PM":
      return f.hour >= 12 ? "PM" : "AM";
    case "pm":
      return f.hour >= 12 ? "pm" : "am";
    default:
      return zoneText(f.offsetSeconds, token);
  }
}
