import { describe, expect, it } from "vitest";
import { parseContainers, parseDashboardInfo, parseHistory, parseUpdateResult } from "./api-data.ts";
import { DataError } from "./read-json.ts";

const CONTAINER = {
  id: "c1",
  name: "/app",
  image: "localhost:5000/app:1.0.0",
  tag: "1.0.0",
  currentImageId: "sha256:aa",
  state: "stale",
  latestTag: "1.1.0",
  lastCheck: 1_700_000_000_000,
};

describe("parseContainers", () => {
  it("reads containers, the session in progress, the next run and the hosts", () => {
    const view = parseContainers({
      containers: [CONTAINER, { ...CONTAINER, id: "c2", name: "svc", kind: "service", state: "Rolled-Back" }],
      session: { id: "s1", startedAt: "2026-12-02T01:00:00.000Z" },
      nextRun: "2026-12-02T02:00:00.000Z",
      hosts: ["a", "b"],
    });
    expect(view.containers.map((c) => [c.name, c.state, c.kind])).toEqual([
      ["app", "stale", undefined],
      ["svc", "rolled-back", "service"],
    ]);
    expect(view.containers[0]?.lastCheck).toBe(1_700_000_000_000);
    expect(view.session).toEqual({ id: "s1", startedAt: Date.parse("2026-12-02T01:00:00.000Z") });
    expect(view.nextRun).toBe(Date.parse("2026-12-02T02:00:00.000Z"));
    expect(view.hosts).toEqual(["a", "b"]);
  });

  it.each([
    ["no session, no next run, null last check", { session: null, nextRun: null }, null, null],
    ["absent fields", {}, null, null],
  ])("accepts %s", (_, extra, session, nextRun) => {
    const view = parseContainers({ containers: [{ ...CONTAINER, lastCheck: null }], ...extra });
    expect(view.session).toBe(session);
    expect(view.nextRun).toBe(nextRun);
    expect(view.containers[0]?.lastCheck).toBeUndefined();
  });

  it("maps a state it does not know to unknown", () => {
    expect(parseContainers({ containers: [{ ...CONTAINER, state: "weird" }] }).containers[0]?.state).toBe(
      "unknown",
    );
  });

  it.each([
    ["no list", {}, "containers is not a list"],
    [
      "a name that is not a string",
      { containers: [{ ...CONTAINER, name: 1 }] },
      "containers[0].name is not a string",
    ],
    [
      "a bad time",
      { containers: [{ ...CONTAINER, lastCheck: "soon" }] },
      "containers[0].lastCheck is not a time",
    ],
    ["not an object", [], "containers answer is not an object"],
  ])("rejects %s, naming the field", (_, value, message) => {
    expect(() => parseContainers(value)).toThrow(new DataError(message));
  });
});

describe("parseHistory", () => {
  const record = {
    id: "s1",
    startedAt: "2026-12-02T01:00:00.000Z",
    finishedAt: "2026-12-02T01:00:02.500Z",
    images: ["localhost:5000/app:1.0.0"],
    summary: { scanned: 2, updated: 1, failed: 0, skipped: 1 },
    containers: [{ id: "c1", name: "app", image: "x", state: "Updated" }],
  };

  it("reads records as stored (id, summary) and a cursor", () => {
    const page = parseHistory({ sessions: [record], next: "abc" });
    expect(page.next).toBe("abc");
    const [session] = page.sessions;
    expect(session?.session).toBe("s1");
    expect(session?.finishedAt).toBe(Date.parse("2026-12-02T01:00:02.500Z"));
    expect(session?.images).toEqual(["localhost:5000/app:1.0.0"]);
    expect(Object.fromEntries(session?.counts ?? [])).toEqual({
      scanned: 2,
      updated: 1,
      failed: 0,
      skipped: 1,
    });
    expect(session?.containers).toEqual([
      {
        id: "c1",
        name: "app",
        image: "x",
        state: "Updated",
        error: undefined,
        rolledBack: undefined,
        host: undefined,
      },
    ]);
  });

  it("reads the session/counts spelling too, and a last page", () => {
    const { id: _id, summary, ...rest } = record;
    const page = parseHistory({ sessions: [{ ...rest, session: "s2", counts: summary }], next: null });
    expect(page.sessions[0]?.session).toBe("s2");
    expect(page.sessions[0]?.counts.get("updated")).toBe(1);
    expect(page.next).toBeNull();
  });

  it("rejects a session without a start time", () => {
    expect(() => parseHistory({ sessions: [{ ...record, startedAt: undefined }] })).toThrow(
      "sessions[0].startedAt is missing",
    );
  });
});

describe("parseUpdateResult and parseDashboardInfo", () => {
  it("reads the report of /v1/update", () => {
    const result = parseUpdateResult({
      summary: { scanned: 1, updated: 0, failed: 1 },
      containers: [{ id: "c1", name: "app", state: "Failed", error: "boom", rolledBack: true }],
    });
    expect(result.summary.get("failed")).toBe(1);
    expect(result.containers[0]).toMatchObject({
      name: "app",
      state: "Failed",
      error: "boom",
      rolledBack: true,
    });
  });

  it.each([
    [
      { tokenSet: true, updateEnabled: true },
      { tokenSet: true, updateEnabled: true },
    ],
    [{}, { tokenSet: false, updateEnabled: false }],
  ])("reads %j", (value, expected) => {
    expect(parseDashboardInfo(value)).toEqual(expected);
  });
});
