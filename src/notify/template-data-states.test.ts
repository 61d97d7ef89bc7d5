import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "./builtin-templates.ts";
import { NotificationData } from "./template-data.ts";
import { compileTemplate } from "./template/template.ts";
import { container, reportOf } from "../../test/support/reports.ts";

const report = reportOf([container(1, "Updated"), container(2, "Restarted"), container(3, "Fresh")]);
const render = (template: string) =>
  compileTemplate(template).execute(new NotificationData("t", "h", [], report));

describe("template data: a dependent restarted for its parent is Fresh, as in Watchtower (decision 18)", () => {
  it("in .State, .Report.Fresh and .Report.All", () => {
    expect(render("{{range .Report.All}}{{.Name}}={{.State}} {{end}}")).toBe(
      "/app1=Updated /app2=Fresh /app3=Fresh ",
    );
    expect(render("{{len .Report.Fresh}} {{range .Report.Restarted}}{{.Name}}:{{.State}}{{end}}")).toBe(
      "2 /app2:Fresh",
    );
  });

  it("in porcelain v1 and json.v1", () => {
    expect(render(BUILTIN_TEMPLATES.get("porcelain.v1.summary-no-log") ?? "")).toContain(
      "/app2 (localhost:5000/app2:latest): Fresh",
    );
    const json = JSON.parse(render(BUILTIN_TEMPLATES.get("json.v1") ?? "")) as {
      report: { fresh: { name: string; state: string }[] };
    };
    expect(json.report.fresh.map((entry) => `${entry.name}:${entry.state}`)).toEqual([
      "/app2:Fresh",
      "/app3:Fresh",
    ]);
  });
});
