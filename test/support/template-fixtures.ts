/**
 * @module The template conformance fixtures (test/conformance/template-cases.json) as Bosun's
 * template data, built the way test/conformance/go/templates/main.go builds Watchtower's Go
 * data from the same JSON: entries, notification data with a report, or a plain value.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { EntryData, NotificationData } from "../../src/notify/template-data.ts";
import { reportOf } from "./reports.ts";
import type { ContainerReport, SessionReport } from "../../src/update/report-types.ts";

const EntrySpec = z.object({
  message: z.string(),
  level: z.string(),
  time: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const ContainerSpec = z.object({
  id: z.string(),
  name: z.string(),
  imageName: z.string(),
  currentImageId: z.string(),
  latestImageId: z.string(),
  state: z.enum(["Scanned", "Updated", "Failed", "Skipped", "Stale", "Fresh", "Restarted"]),
  error: z.string(),
});
const Fixture = z.object({
  kind: z.enum(["entries", "notification", "value"]),
  title: z.string().optional(),
  host: z.string().optional(),
  entries: z.array(EntrySpec).optional(),
  report: z.array(ContainerSpec).optional(),
  value: z.unknown().optional(),
});
export const TemplateCase = z.object({
  id: z.string(),
  source: z.string().optional(),
  template: z.string(),
  fixture: z.string(),
});
export const CaseFile = z.object({
  fixtures: z.record(z.string(), Fixture),
  cases: z.array(TemplateCase),
});
export type CaseFile = z.infer<typeof CaseFile>;
export type TemplateCase = z.infer<typeof TemplateCase>;

export const GoldenFile = z.record(
  z.string(),
  z.object({ output: z.string().optional(), error: z.string().optional() }),
);
export type GoldenFile = z.infer<typeof GoldenFile>;

export function readJson<T>(schema: z.ZodType<T>, url: URL): T {
  return schema.parse(JSON.parse(readFileSync(url, "utf8")));
}

function entries(specs: z.infer<typeof EntrySpec>[] | undefined): EntryData[] {
  return (specs ?? []).map((s) => new EntryData(s.message, s.level, new Date(s.time), s.data ?? {}, false));
}

function report(specs: z.infer<typeof ContainerSpec>[]): SessionReport {
  const containers: ContainerReport[] = specs
    .map(({ error, ...c }) => (error === "" ? c : { ...c, error }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return reportOf(containers);
}

/** The data a fixture names, as Bosun's notifier would hand it to the template. */
export function fixtureData(file: CaseFile, name: string): unknown {
  const f = file.fixtures[name];
  if (f === undefined) throw new Error(`unknown fixture ${name}`);
  if (f.kind === "entries") return entries(f.entries);
  if (f.kind === "value") return f.value;
  return new NotificationData(
    f.title ?? "",
    f.host ?? "",
    entries(f.entries),
    f.report === undefined ? undefined : report(f.report),
  );
}
