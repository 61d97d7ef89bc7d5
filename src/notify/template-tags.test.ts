import { describe, expect, it } from "vitest";
import { buildReport } from "../update/report.ts";
import type { ContainerReport } from "../update/report-types.ts";
import { ContainerData, NotificationData } from "./template-data.ts";
import { compileTemplate } from "./template/template.ts";

function entry(
  name: string,
  state: ContainerReport["state"],
  tags: [string, string] | undefined,
): ContainerReport {
  return {
    id: `${name}${"0".repeat(64)}`.slice(0, 64),
    name: `/${name}`,
    imageName: `localhost:5000/${name}:${tags?.[0] ?? "latest"}`,
    currentImageId: `sha256:${"1".repeat(64)}`,
    latestImageId: `sha256:${"2".repeat(64)}`,
    state,
    ...(tags && { currentTag: tags[0], latestTag: tags[1] }),
  };
}

/** The example of docs/notifications.md ("Tag policies"), verbatim. */
const VERSIONS_TEMPLATE = `
{{- with .Report -}}
{{- range .Stale}}{{if ne .CurrentTag .LatestTag}}{{.Name}}: {{.CurrentTag}} → {{.LatestTag}} is available
{{end}}{{end -}}
{{- range .Updated}}{{if ne .CurrentTag .LatestTag}}{{.Name}}: moved from {{.CurrentTag}} to {{.LatestTag}}
{{end}}{{end -}}
{{- end -}}`;

describe("notification data: tags", () => {
  const report = buildReport(
    [
      entry("web", "Stale", ["1.2.3", "1.3.0"]),
      entry("api", "Updated", ["v2.0.1", "v2.1.0"]),
      entry("cache", "Updated", ["latest", "latest"]),
      entry("db", "Fresh", ["16.2", "16.2"]),
    ],
    0,
    1,
  );

  it("the documented template lists the available versions", () => {
    const text = compileTemplate(VERSIONS_TEMPLATE).execute(new NotificationData("t", "h", [], report));
    expect(text).toBe("/web: 1.2.3 → 1.3.0 is available\n/api: moved from v2.0.1 to v2.1.0\n");
  });

  it.each<[string, ContainerReport, string, string]>([
    ["a move", entry("web", "Stale", ["1.2.3", "1.3.0"]), "1.2.3", "1.3.0"],
    ["the same tag", entry("db", "Fresh", ["16.2", "16.2"]), "16.2", "16.2"],
    ["a digest reference", entry("pinned", "Fresh", undefined), "", ""],
  ])(".CurrentTag and .LatestTag of %s", (_name, report, current, latest) => {
    const data = new ContainerData(report);
    expect([data.CurrentTag(), data.LatestTag()]).toEqual([current, latest]);
  });

  it("json.v1 gains the tags only for a move", () => {
    expect(new ContainerData(entry("web", "Stale", ["1.2.3", "1.3.0"])).toGoJSON()).toMatchObject({
      currentTag: "1.2.3",
      latestTag: "1.3.0",
    });
    expect(new ContainerData(entry("db", "Fresh", ["16.2", "16.2"])).toGoJSON()).not.toHaveProperty(
      "latestTag",
    );
  });
});
