import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "./builtin-templates.ts";
import { EntryData, NotificationData, notificationTitle } from "./template-data.ts";
import { compileTemplate } from "./template/template.ts";
import { container, reportOf } from "../../test/support/reports.ts";
import type { SessionReport } from "../update/report-types.ts";

function render(name: string, report: SessionReport | undefined, messages: string[] = []): string {
  const text = BUILTIN_TEMPLATES.get(name);
  if (text === undefined) throw new Error(name);
  const entries = messages.map(
    (m) => new EntryData(m, "info", new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 600)), { container: "/app1" }),
  );
  return compileTemplate(text).execute(
    new NotificationData(notificationTitle("host1", undefined), "host1", entries, report),
  );
}

const empty = reportOf([]);
const updatedOnly = reportOf([container(1, "Updated"), container(2, "Fresh")]);
const failed = reportOf([container(1, "Updated"), container(3, "Failed", "pull failed")]);
const skipped = reportOf([container(2, "Fresh"), container(4, "Skipped", "cycle")]);
const staleOnly = reportOf([container(5, "Stale"), container(2, "Fresh")]);
const everything = reportOf([
  container(1, "Updated"),
  container(2, "Fresh"),
  container(3, "Failed", "pull failed"),
  container(4, "Skipped", "cycle"),
  container(5, "Stale"),
]);

/** Watchtower's `default` template from common_templates.go, verbatim. */
const ORIG_DEFAULT = `
{{- if .Report -}}
  {{- with .Report -}}
    {{- if ( or .Updated .Failed ) -}}
{{len .Scanned}} Scanned, {{len .Updated}} Updated, {{len .Failed}} Failed
      {{- range .Updated}}
- {{.Name}} ({{.ImageName}}): {{.CurrentImageID.ShortID}} updated to {{.LatestImageID.ShortID}}
      {{- end -}}
      {{- range .Fresh}}
- {{.Name}} ({{.ImageName}}): {{.State}}
      {{- end -}}
      {{- range .Skipped}}
- {{.Name}} ({{.ImageName}}): {{.State}}: {{.Error}}
      {{- end -}}
      {{- range .Failed}}
- {{.Name}} ({{.ImageName}}): {{.State}}: {{.Error}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- else -}}
  {{range .Entries -}}{{.Message}}{{"\\n"}}{{- end -}}
{{- end -}}`;

describe("built-in templates", () => {
  it.each<[string, SessionReport, string]>([
    ["empty", empty, ""],
    ["skipped only (nothing updated or failed)", skipped, ""],
    [
      "updated only",
      updatedOnly,
      "2 Scanned, 1 Updated, 0 Failed\n- /app1 (localhost:5000/app1:latest): 1aaaaaaaaaaa updated to 1bbbbbbbbbbb\n- /app2 (localhost:5000/app2:latest): Fresh",
    ],
    [
      "failed",
      failed,
      "2 Scanned, 1 Updated, 1 Failed\n- /app1 (localhost:5000/app1:latest): 1aaaaaaaaaaa updated to 1bbbbbbbbbbb\n- /app3 (localhost:5000/app3:latest): Failed: pull failed",
    ],
    [
      "monitor-only stale (deliberate difference: sent, and listed)",
      staleOnly,
      "2 Scanned, 0 Updated, 0 Failed, 1 Stale\n- /app5 (localhost:5000/app5:latest): Stale: 5aaaaaaaaaaa can be updated to 5bbbbbbbbbbb\n- /app2 (localhost:5000/app2:latest): Fresh",
    ],
    [
      "updated, failed, fresh and skipped",
      everything,
      "4 Scanned, 1 Updated, 1 Failed\n- /app1 (localhost:5000/app1:latest): 1aaaaaaaaaaa updated to 1bbbbbbbbbbb\n- /app2 (localhost:5000/app2:latest): Fresh\n- /app4 (localhost:5000/app4:latest): Skipped: cycle\n- /app3 (localhost:5000/app3:latest): Failed: pull failed",
    ],
  ])("default: %s", (_name, report, expected) => {
    expect(render("default", report)).toBe(expected);
  });

  it.each<[string, SessionReport | undefined]>([
    ["empty", empty],
    ["updated", updatedOnly],
    ["failed", failed],
    ["skipped", skipped],
    ["everything", everything],
    ["no report", undefined],
  ])("default gives the original's output whenever the original sends something: %s", (_n, report) => {
    const entries = [new EntryData("Watchtower 1.0", "info", new Date(0), {})];
    const data = new NotificationData("t", "h", entries, report);
    const ours = compileTemplate(BUILTIN_TEMPLATES.get("default") ?? "").execute(data);
    expect(ours).toBe(compileTemplate(ORIG_DEFAULT).execute(data));
  });

  it("default sends a stale-only report where the original sends nothing", () => {
    const data = new NotificationData("t", "h", [], staleOnly);
    expect(compileTemplate(ORIG_DEFAULT).execute(data)).toBe("");
    expect(compileTemplate(BUILTIN_TEMPLATES.get("default") ?? "").execute(data)).not.toBe("");
  });

  it("default lists skipped containers with their error when something changed", () => {
    const report = reportOf([container(1, "Updated"), container(4, "Skipped", "cycle")]);
    expect(render("default", report)).toBe(
      "1 Scanned, 1 Updated, 0 Failed\n- /app1 (localhost:5000/app1:latest): 1aaaaaaaaaaa updated to 1bbbbbbbbbbb\n- /app4 (localhost:5000/app4:latest): Skipped: cycle",
    );
  });

  it("default without a report prints the entries, one per line", () => {
    expect(render("default", undefined, ["Watchtower 1.0", "Using no notifications"])).toBe(
      "Watchtower 1.0\nUsing no notifications\n",
    );
  });

  it("default-legacy prints each entry's message", () => {
    const entries = ["a", "b"].map((m) => new EntryData(m, "info", new Date(0), {}));
    const text = BUILTIN_TEMPLATES.get("default-legacy") ?? "";
    expect(compileTemplate(text).execute(entries)).toBe("a\nb\n");
    expect(compileTemplate(text).execute([])).toBe("");
  });

  it.each<[string, SessionReport, string]>([
    ["empty", empty, "no containers matched filter"],
    [
      "updated",
      updatedOnly,
      "/app1 (localhost:5000/app1:latest): Updated\n/app2 (localhost:5000/app2:latest): Fresh\n",
    ],
    [
      "failed and skipped",
      reportOf([container(3, "Failed", "pull failed"), container(4, "Skipped", "cycle")]),
      "/app3 (localhost:5000/app3:latest): Failed Error: pull failed\n/app4 (localhost:5000/app4:latest): Skipped Error: cycle\n",
    ],
    [
      "stale",
      staleOnly,
      "/app5 (localhost:5000/app5:latest): Stale\n/app2 (localhost:5000/app2:latest): Fresh\n",
    ],
  ])("porcelain.v1.summary-no-log: %s", (_name, report, expected) => {
    expect(render("porcelain.v1.summary-no-log", report)).toBe(expected);
  });

  it("porcelain.v1.summary-no-log prints nothing without a report", () => {
    expect(render("porcelain.v1.summary-no-log", undefined, ["x"])).toBe("");
  });

  it("json.v1 has Watchtower's shape: sorted keys, short IDs, error only when set", () => {
    const json = render("json.v1", failed, ["Found new image"]);
    expect(json).toBe(`{
  "entries": [
    {
      "data": {
        "container": "/app1"
      },
      "level": "info",
      "message": "Found new image",
      "time": "2026-01-02T03:04:05.6Z"
    }
  ],
  "host": "host1",
  "report": {
    "failed": [
      {
        "currentImageId": "3aaaaaaaaaaa",
        "error": "pull failed",
        "id": "3ccccccccccc",
        "imageName": "localhost:5000/app3:latest",
        "latestImageId": "3bbbbbbbbbbb",
        "name": "/app3",
        "state": "Failed"
      }
    ],
    "fresh": [],
    "scanned": [
      {
        "currentImageId": "1aaaaaaaaaaa",
        "id": "1ccccccccccc",
        "imageName": "localhost:5000/app1:latest",
        "latestImageId": "1bbbbbbbbbbb",
        "name": "/app1",
        "state": "Updated"
      },
      {
        "currentImageId": "3aaaaaaaaaaa",
        "error": "pull failed",
        "id": "3ccccccccccc",
        "imageName": "localhost:5000/app3:latest",
        "latestImageId": "3bbbbbbbbbbb",
        "name": "/app3",
        "state": "Failed"
      }
    ],
    "skipped": [],
    "stale": [],
    "updated": [
      {
        "currentImageId": "1aaaaaaaaaaa",
        "id": "1ccccccccccc",
        "imageName": "localhost:5000/app1:latest",
        "latestImageId": "1bbbbbbbbbbb",
        "name": "/app1",
        "state": "Updated"
      }
    ]
  },
  "title": "Watchtower updates on host1"
}`);
  });

  it("json.v1 without a report has a null report", () => {
    expect(JSON.parse(render("json.v1", undefined))).toEqual({
      entries: [],
      host: "host1",
      report: null,
      title: "Watchtower updates on host1",
    });
  });

  it.each([
    [undefined, "host", "Watchtower updates on host"],
    ["prod", "host", "[prod] Watchtower updates on host"],
    ["prod", "", "[prod] Watchtower updates"],
  ])("title with tag %j and host %j", (tag, host, expected) => {
    expect(notificationTitle(host, tag)).toBe(expected);
  });
});
