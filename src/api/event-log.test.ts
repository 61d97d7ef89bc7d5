import { describe, expect, it } from "vitest";
import { createEventLog, newBootId, parseEventId, type Resume } from "./event-log.ts";

const BOOT = "0123456789abcdef";
const OTHER = "fedcba9876543210";

/** A log of `count` events whose frames are their ids. */
function logOf(count: number, options: { maxEvents?: number; maxBytes?: number } = {}) {
  const log = createEventLog({ bootId: BOOT, ...options });
  for (let i = 0; i < count; i++) log.append((id) => id);
  return log;
}

const replayed = (resume: Resume): string[] | string =>
  resume.kind === "replay" ? resume.frames.map((frame) => frame.text) : resume.reason;

describe("parseEventId", () => {
  it.each<[string, { bootId: string; seq: number } | undefined]>([
    [`${BOOT}-0`, { bootId: BOOT, seq: 0 }],
    [`${BOOT}-42`, { bootId: BOOT, seq: 42 }],
    [`${BOOT}-999999999999999`, { bootId: BOOT, seq: 999_999_999_999_999 }],
    [`${BOOT}-1000000000000000`, undefined],
    [`${BOOT}-042`, undefined],
    [`${BOOT}--1`, undefined],
    [`${BOOT}-`, undefined],
    [`${BOOT.toUpperCase()}-1`, undefined],
    [`${BOOT.slice(1)}-1`, undefined],
    ["41", undefined],
    ["", undefined],
    [`${BOOT}-1 `, undefined],
  ])("%j", (value, expected) => {
    expect(parseEventId(value)).toEqual(expected);
  });

  it("reads the ids the log writes", () => {
    const id = newBootId();
    expect(parseEventId(createEventLog({ bootId: id }).idOf(7))).toEqual({ bootId: id, seq: 7 });
  });
});

describe("event log", () => {
  it("numbers events from 1 and frames each with its id", () => {
    const log = createEventLog({ bootId: BOOT });
    expect(log.seq).toBe(0);
    expect(log.append((id) => `id: ${id}\n\n`)).toEqual({ seq: 1, text: `id: ${BOOT}-1\n\n`, bytes: 24 });
    expect(log.seq).toBe(1);
  });

  it("refuses a boot id that its ids could not carry", () => {
    expect(() => createEventLog({ bootId: "a-b" })).toThrow(RangeError);
  });

  it.each<[string, number, { maxEvents?: number; maxBytes?: number }, string, string[] | string]>([
    ["everything after the first event", 3, {}, `${BOOT}-1`, [`${BOOT}-2`, `${BOOT}-3`]],
    ["everything, from before the first event", 2, {}, `${BOOT}-0`, [`${BOOT}-1`, `${BOOT}-2`]],
    ["nothing for the newest id", 3, {}, `${BOOT}-3`, []],
    ["nothing before any event", 0, {}, `${BOOT}-0`, []],
    [
      "the kept events right after the last dropped one",
      5,
      { maxEvents: 2 },
      `${BOOT}-3`,
      [`${BOOT}-4`, `${BOOT}-5`],
    ],
    ["reset when a missed event was dropped (count)", 5, { maxEvents: 2 }, `${BOOT}-2`, "expired"],
    // Each frame is 18 bytes: 40 bytes hold two.
    ["reset when a missed event was dropped (bytes)", 5, { maxBytes: 40 }, `${BOOT}-2`, "expired"],
    ["the frames within the byte bound", 5, { maxBytes: 40 }, `${BOOT}-3`, [`${BOOT}-4`, `${BOOT}-5`]],
    ["reset when a frame alone is over the byte bound", 2, { maxBytes: 10 }, `${BOOT}-1`, "expired"],
    ["nothing when that frame was the newest seen", 2, { maxBytes: 10 }, `${BOOT}-2`, []],
    ["reset for an id of another process", 3, {}, `${OTHER}-1`, "foreign"],
    ["reset for an id not yet given", 3, {}, `${BOOT}-4`, "invalid"],
    ["reset for an id of an older Bosun (a bare number)", 3, {}, "2", "invalid"],
    ["reset for garbage", 3, {}, "\u0000x", "invalid"],
  ])("%s", (_, count, options, lastEventId, expected) => {
    expect(replayed(logOf(count, options).since(lastEventId))).toEqual(expected);
  });

  it("keeps at most the bounds however many events pass", () => {
    const log = logOf(5000, { maxEvents: 1000 });
    const resume = log.since(`${BOOT}-4000`);
    expect(replayed(resume)).toHaveLength(1000);
    expect(replayed(log.since(`${BOOT}-3999`))).toBe("expired");
  });
});
