import { describe, expect, it } from "vitest";
import { buildReport } from "../update/report.ts";
import type { SessionReport } from "../update/report-types.ts";
import { recordSessions } from "./session-recorder.ts";

describe("recordSessions", () => {
  it("records the report of each session-done, and nothing for the other events", () => {
    const recorded: SessionReport[] = [];
    const listener = recordSessions({ recordSession: (report) => recorded.push(report) });
    const report = buildReport([], 1000, 2000);
    listener({ type: "session-started", session: "s", at: 1000 });
    listener({ type: "image-pull-started", image: "app", session: "s", at: 1500 });
    listener({ type: "session-done", report, session: "s", at: 2000 });
    expect(recorded).toEqual([report]);
  });
});
