import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES } from "./builtin-templates.ts";
import { entriesOfEvent } from "./event-entries.ts";
import { NotificationData, notificationTitle } from "./template-data.ts";
import { compileTemplate } from "./template/template.ts";
import { container, reportOf } from "../../test/support/reports.ts";
import type { ContainerReport } from "../update/report-types.ts";

const A = "unix:///run/a.sock";
const B = "tcp://10.0.0.2:2376";

function render(name: string, entries: ContainerReport[]): string {
  const text = BUILTIN_TEMPLATES.get(name);
  if (text === undefined) throw new Error(name);
  return compileTemplate(text).execute(
    new NotificationData(notificationTitle("h", undefined), "h", [], reportOf(entries)),
  );
}

const onHost = (entry: ContainerReport, host: string): ContainerReport => ({ ...entry, host });

describe("notifications of a fleet session name the host", () => {
  it.each([
    {
      template: "porcelain.v1.summary-no-log",
      expected: [
        `${A} /app1 (localhost:5000/app1:latest): Updated`,
        `${B} /app3 (localhost:5000/app3:latest): Failed Error: pull failed`,
      ],
    },
    {
      template: "default",
      expected: [
        "2 Scanned, 1 Updated, 1 Failed",
        `- ${A} /app1 (localhost:5000/app1:latest): 1aaaaaaaaaaa updated to 1bbbbbbbbbbb`,
        `- ${B} /app3 (localhost:5000/app3:latest): Failed: pull failed`,
      ],
    },
  ])("$template", ({ template, expected }) => {
    const entries = [onHost(container(1, "Updated"), A), onHost(container(3, "Failed", "pull failed"), B)];
    expect(render(template, entries).trim().split("\n")).toEqual(expected);
    // One host: no host anywhere, as before.
    expect(render(template, [container(1, "Updated")])).not.toContain("unix://");
  });

  it("json.v1 has the host of each container", () => {
    const json = JSON.parse(render("json.v1", [onHost(container(1, "Updated"), A)])) as {
      report: { updated: { host?: string }[] };
    };
    expect(json.report.updated[0]?.host).toBe(A);
  });

  it("the entries of a host's events name their host first", () => {
    const failed = {
      type: "container-failed",
      container: { id: "c1", name: "/x", image: "x" },
      error: "boom",
    } as const;
    const message = (host?: string) =>
      entriesOfEvent({ ...failed, session: "s", at: 0, ...(host !== undefined && { host }) }, 30).map(
        (entry) => entry.Message,
      );
    expect(message(A)).toEqual([`${A}: Unable to update container "/x": boom. Proceeding to next.`]);
    expect(message()).toEqual(['Unable to update container "/x": boom. Proceeding to next.']);
  });
});
