/**
 * @module The startup message and its schedule lines, worded as the original's: the first run as Go
 * formats `2006-01-02 15:04:05 -0700 MST` in the configured time zone, and the wait until then as
 * `X hours, Y minutes, Z seconds` (zero units left out, singular for 1, "0 seconds" when due now).
 */

function plural(count: number, unit: string): string {
  return count === 1 ? `1 ${unit}` : `${String(count)} ${unit}s`;
}

/** Watchtower's humanized duration: whole hours (no days), minutes and seconds, zero units omitted. */
export function humanizeDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours !== 0) parts.push(plural(hours, "hour"));
  if (minutes !== 0) parts.push(plural(minutes, "minute"));
  if (seconds !== 0 || parts.length === 0) parts.push(plural(seconds, "second"));
  return parts.join(", ");
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

function parts(
  date: Date,
  tz: string | undefined,
  locale: string,
  zoneName: "short" | "longOffset",
): Map<string, string> {
  const format = new Intl.DateTimeFormat(locale, {
    ...(tz === undefined ? {} : { timeZone: tz }),
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: zoneName,
  });
  return new Map(format.formatToParts(date).map((part) => [part.type, part.value]));
}

/** Minutes east of UTC from an Intl `longOffset` name (`GMT+05:30`, `GMT-04:00`, `GMT`). */
function offsetMinutes(name: string): number {
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** The zone abbreviation Go would print: a named one (CET, EDT, UTC) when ICU knows it, else `+04`/`+0530`. */
function abbreviation(date: Date, tz: string | undefined, offset: number): string {
  for (const locale of ["en-US", "en-GB"]) {
    const name = parts(date, tz, locale, "short").get("timeZoneName") ?? "";
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}${abs % 60 === 0 ? "" : pad(abs % 60)}`;
}

/**
 * `date` in the system zone when that zone is UTC, read without Intl: the first `Intl.DateTimeFormat`
 * of a process maps ICU's locale and zone data (~7 MiB of resident memory a daemon keeps for good),
 * and a container's system zone is UTC unless TZ says otherwise. `Date#toString` names the zone
 * from V8's own cache.
 */
function systemUtcTime(date: Date): string | undefined {
  if (date.getTimezoneOffset() !== 0 || !date.toString().endsWith("(Coordinated Universal Time)")) {
    return undefined;
  }
  const stamp = `${String(date.getUTCFullYear())}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return `${stamp} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000 UTC`;
}

/** `date` as Go's `time.Time.Format("2006-01-02 15:04:05 -0700 MST")` in `tz` (undefined = system zone). */
export function formatGoTime(date: Date, tz: string | undefined): string {
  const utc = tz === undefined ? systemUtcTime(date) : undefined;
  if (utc !== undefined) return utc;
  const p = parts(date, tz, "en-US", "longOffset");
  const get = (type: string): string => p.get(type) ?? "";
  const offset = offsetMinutes(get("timeZoneName"));
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const numeric = `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  const stamp = `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")}`;
  return `${stamp} ${numeric} ${abbreviation(date, tz, offset)}`;
}

/**
 * The schedule lines of the startup message: `Scheduling first run: …` and `Note that the first
 * check will be performed in …`, or `Periodic runs are not enabled.` when nothing is scheduled.
 */
export function startupScheduleLines(
  firstRun: Date | undefined,
  now: Date,
  tz: string | undefined,
): string[] {
  if (firstRun === undefined) return ["Periodic runs are not enabled."];
  return [
    `Scheduling first run: ${formatGoTime(firstRun, tz)}`,
    `Note that the first check will be performed in ${humanizeDuration(firstRun.getTime() - now.getTime())}`,
  ];
}

/** The startup message of the original: version, notifications, filter, then the schedule lines. */
export function startupLines(
  version: string,
  parts: {
    notifier: { readonly services: readonly string[] };
    engine: { readonly filter: { readonly description: string } };
  },
  scheduleLines: readonly string[],
): string[] {
  const services = parts.notifier.services;
  return [
    `Bosun ${version}`,
    services.length === 0 ? "Using no notifications" : `Using notifications: ${services.join(", ")}`,
    parts.engine.filter.description,
    ...scheduleLines,
  ];
}
