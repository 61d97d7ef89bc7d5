import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "./builtin-templates.ts";
import { NotificationData } from "./template-data.ts";
import { compileTemplate } from "./template/template.ts";
import { container, reportOf } from "../../test/support/reports.ts";

const reason = "rolled back: unhealthy: db is down";
const report = reportOf([
  { ...container(1, "Failed", reason), rolledBack: true },
  container(2, "Failed", "boom"),
]);
const render = (template: string) =>
  compileTemplate(template).execute(new NotificationData("t", "h", [], report));

describe("template data: an auto-rollback", () => {
  it("is Failed with its reason, and .RolledBack tells it from another failure", () => {
    expect(render("{{range .Report.Failed}}{{.Name}}={{.State}}:{{.RolledBack}}:{{.Error}} {{end}}")).toBe(
      `/app1=Failed:true:${reason} /app2=Failed:false:boom `,
    );
  });

  it("in json.v1", () => {
    const json = JSON.parse(render(BUILTIN_TEMPLATES.get("json.v1") ?? "")) as {
      report: { failed: { name: string; error?: string; rolledBack?: string }[] };
    };
    expect(json.report.failed.map((entry) => [entry.name, entry.error, entry.rolledBack])).toEqual([
      ["/app1", reason, "true"],
      ["/app2", "boom", undefined],
    ]);
  });
});
