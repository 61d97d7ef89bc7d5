import { describe, expect, it } from "vitest";
import { parseRecord, recordLabels, withoutRecord, type SwapRecord } from "./swap-record.ts";

const RECORD: SwapRecord = {
  originalId: "a".repeat(64),
  originalName: "web",
  wasRunning: true,
  start: false,
  session: "session-1",
  instance: "instance-1",
};

describe("swap record labels", () => {
  it("round-trip, with and without the original's configuration", () => {
    expect(parseRecord(recordLabels(RECORD))).toEqual(RECORD);
    const withPlan = {
      ...RECORD,
      originalPlan: { body: { Image: "sha256:1", HostConfig: { AutoRemove: true } }, connectAfter: [] },
    };
    expect(parseRecord(recordLabels(withPlan))).toEqual(withPlan);
  });

  it.each<[string, Record<string, string> | null]>([
    ["no labels", null],
    ["a user's labels only", { "bosun.enable": "true" }],
    ["an original ID that is no ID", { ...recordLabels(RECORD), "bosun.swap.original-id": "abc" }],
    ["an unparseable running state", { ...recordLabels(RECORD), "bosun.swap.was-running": "yes" }],
  ])("no record in %s", (_title, labels) => {
    expect(parseRecord(labels)).toBeUndefined();
  });

  it("a damaged configuration leaves the rest of the record readable", () => {
    const labels = { ...recordLabels(RECORD), "bosun.swap.original-config": "not base64 json" };
    expect(parseRecord(labels)).toEqual(RECORD);
  });

  it("a replacement does not inherit its original's record", () => {
    expect(withoutRecord({ ...recordLabels(RECORD), keep: "me" })).toEqual({ keep: "me" });
  });
});
