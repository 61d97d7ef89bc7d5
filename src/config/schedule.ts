/**
 * @module Schedules (decision 11): 6-field cron with seconds first (as Watchtower), standard
 * 5-field cron, `@every <Go duration>` and the descriptors @yearly, @annually, @monthly, @weekly,
 * @daily, @midnight and @hourly. Surrounding quotes are stripped. Cron patterns are checked with
 * croner in the given time zone and returned as 6-field patterns for croner.
 */
import { Cron } from "croner";
import { parseGoDuration } from "./duration.ts";
import { ConfigError } from "./errors.ts";

export type ScheduleSpec = { kind: "every"; ms: number } | { kind: "cron"; pattern: string };

const DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 0 1 1 *",
  "@annually": "0 0 0 1 1 *",
  "@monthly": "0 0 0 1 * *",
  "@weekly": "0 0 0 * * 0",
  "@daily": "0 0 0 * * *",
  "@midnight": "0 0 0 * * *",
  "@hourly": "0 0 * * * *",
};

const EXPECTED =
  "a cron spec with 6 fields (seconds first) or 5 fields, @every <duration> (such as @every 1h30m), " +
  "or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly";

/** The spec without surrounding whitespace and one pair of matching surrounding quotes. */
export function stripQuotes(spec: string): string {
  const trimmed = spec.trim();
  const first = trimmed.charAt(0);
  if (trimmed.length >= 2 && (first === '"' || first === "'") && trimmed.endsWith(first)) {
    return trimmed.slice(1, -1).trim();
  }
  return trimmed;
}

function invalid(spec: string, why?: string): ConfigError {
  const reason = why === undefined ? "" : ` (${why})`;
  return new ConfigError(`Invalid schedule "${spec}"${reason}: expected ${EXPECTED}`);
}

function parseEvery(spec: string, text: string): ScheduleSpec {
  const ms = parseGoDuration(text.trim());
  if (ms === undefined || ms < 0) throw invalid(spec, "@every needs a Go duration that is not negative");
  // As robfig/cron: whole seconds, at least one (`@every 0s`, from `--interval 0`, runs every second).
  return { kind: "every", ms: Math.max(1000, Math.floor(ms / 1000) * 1000) };
}

function checkCron(spec: string, pattern: string, tz: string | undefined): void {
  let job: Cron | undefined;
  try {
    job = new Cron(pattern, { mode: "6-part", ...(tz === undefined ? {} : { timezone: tz }) });
    if (job.nextRun() === null) throw new Error("the pattern never matches");
  } catch (error) {
    throw invalid(spec, error instanceof Error ? error.message : undefined);
  } finally {
    job?.stop();
  }
}

/**
 * The startup warning for a 5-field cron spec (decision 11 reads it as standard cron, minute
 * first), naming how Watchtower (robfig/cron v1: seconds first, day of week optional) read the same
 * text; undefined for any other spec.
 */
export function fiveFieldWarning(spec: string): string | undefined {
  const text = stripQuotes(spec);
  if (text.startsWith("@")) return undefined;
  const fields = text.split(/\s+/).filter((field) => field !== "");
  if (fields.length !== 5) return undefined;
  return (
    `The schedule "${text}" has 5 fields: Bosun reads it as standard cron (minute first), ` +
    `i.e. "0 ${fields.join(" ")}" with seconds; Watchtower read the same text with seconds first, ` +
    `as "${fields.join(" ")} *". Write the 6-field form you mean to silence this warning`
  );
}

/** The schedule for `spec` evaluated in time zone `tz` (undefined = system zone); throws ConfigError. */
export function parseSchedule(spec: string, tz?: string): ScheduleSpec {
  const text = stripQuotes(spec);
  if (text.startsWith("@every ") || text === "@every") return parseEvery(spec, text.slice("@every".length));
  if (text.startsWith("@")) {
    const pattern = DESCRIPTORS[text.toLowerCase()];
    if (pattern === undefined) throw invalid(spec, "unknown descriptor");
    return { kind: "cron", pattern };
  }
  const fields = text.split(/\s+/).filter((field) => field !== "");
  if (fields.length !== 5 && fields.length !== 6) throw invalid(spec, `${fields.length} fields`);
  const pattern = (fields.length === 5 ? ["0", ...fields] : fields).join(" ");
  checkCron(spec, pattern, tz);
  return { kind: "cron", pattern };
}
