import { describe, expect, it } from "vitest";
import { container, reportOf } from "../../test/support/reports.ts";
import type { ContainerState } from "../update/report-types.ts";
import { compactHistory } from "./compact-history.ts";
import { recordOfSession, type SessionRecord } from "./session-record.ts";

/** A record of session `id` whose containers are `[n, state]` pairs. */
function record(
  id: string,
  entries: readonly (readonly [number, ContainerState])[],
  host?: string,
): SessionRecord {
  const report = reportOf(entries.map(([n, state]) => container(n, state)));
  return recordOfSession({
    type: "session-done",
    session: id,
    at: report.finishedAt,
    report,
    ...(host === undefined ? {} : { host }),
  });
}

/** Each record as `id: name=state …`, to compare whole histories at a glance. */
const shape = (records: readonly SessionRecord[]) =>
  records.map((r) => `${r.id}: ${r.containers.map((c) => `${c.name}=${c.state}`).join(" ")}`);

describe("compactHistory", () => {
  it.each([
    {
      what: "a Fresh entry named again later is dropped; the newest keeps it",
      records: [
        record("s1", [
          [1, "Fresh"],
          [2, "Fresh"],
        ]),
        record("s2", [
          [1, "Fresh"],
          [2, "Fresh"],
        ]),
      ],
      expected: ["s1: ", "s2: app1=Fresh app2=Fresh"],
    },
    {
      what: "changes are kept, whatever comes after",
      records: [
        record("s1", [
          [1, "Updated"],
          [2, "Failed"],
          [3, "Skipped"],
        ]),
        record("s2", [
          [1, "Fresh"],
          [2, "Fresh"],
          [3, "Fresh"],
        ]),
      ],
      expected: ["s1: app1=Updated app2=Failed app3=Skipped", "s2: app1=Fresh app2=Fresh app3=Fresh"],
    },
    {
      what: "a container a later (targeted) session did not name keeps its Fresh entry",
      records: [
        record("s1", [
          [1, "Fresh"],
          [2, "Fresh"],
        ]),
        record("s2", [[2, "Updated"]]),
      ],
      expected: ["s1: app1=Fresh", "s2: app2=Updated"],
    },
    {
      what: "only the newest mention survives over many sessions",
      records: [record("s1", [[1, "Fresh"]]), record("s2", [[1, "Fresh"]]), record("s3", [[1, "Fresh"]])],
      expected: ["s1: ", "s2: ", "s3: app1=Fresh"],
    },
    {
      what: "the same name on another host is another container",
      records: [record("s1", [[1, "Fresh"]], "tcp://a:2375"), record("s2", [[1, "Fresh"]], "tcp://b:2375")],
      expected: ["s1: app1=Fresh", "s2: app1=Fresh"],
    },
  ])("$what", ({ records, expected }) => {
    expect(shape(compactHistory(records))).toEqual(expected);
  });

  it("keeps the summary counts and returns unchanged records as they are", () => {
    const first = record("s1", [
      [1, "Fresh"],
      [2, "Updated"],
    ]);
    const second = record("s2", [[3, "Fresh"]]);
    const third = record("s3", [[1, "Fresh"]]);
    const [compactedFirst, keptSecond] = compactHistory([first, second, third]);
    expect(compactedFirst?.summary).toEqual(first.summary);
    expect(compactedFirst?.containers.map((c) => c.name)).toEqual(["app2"]);
    expect(keptSecond).toBe(second);
  });
});
