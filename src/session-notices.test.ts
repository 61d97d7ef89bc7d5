import { describe, expect, it } from "vitest";
import { hostFailedNotice } from "./fleet/fleet.ts";
import { runNotices } from "./session-notices.ts";
import type { NoticeBody, SessionEvent } from "./update/events/session-events.ts";
import { createEventBus } from "./util/event-bus.ts";

function setup(): { seen: SessionEvent[]; bus: ReturnType<typeof createEventBus<SessionEvent>> } {
  const bus = createEventBus<SessionEvent>();
  const seen: SessionEvent[] = [];
  bus.subscribe((event) => seen.push(event));
  return { seen, bus };
}

const failed: NoticeBody = {
  type: "notice",
  code: "session-failed",
  level: "error",
  message: "Update session failed",
  fields: { err: "boom" },
};

describe("runNotices", () => {
  it("puts a notice on the bus in the session its host's engine started", () => {
    const { seen, bus } = setup();
    const notices = runNotices(bus, () => 42);
    bus.emit({ type: "session-started", session: "a", at: 1, host: "tcp://a:2376" });
    bus.emit({ type: "session-started", session: "one", at: 1 });
    notices.notice(failed);
    notices.notice(hostFailedNotice("gone"), "tcp://a:2376");
    expect(seen.slice(2)).toEqual([
      {
        type: "notice",
        code: "session-failed",
        level: "error",
        message: "Update session failed",
        fields: { err: "boom" },
        session: "one",
        at: 42,
      },
      {
        type: "notice",
        code: "host-failed",
        level: "error",
        message: "Docker host failed; its containers were not updated",
        fields: { err: "gone" },
        session: "a",
        at: 42,
        host: "tcp://a:2376",
      },
    ]);
  });

  it("without a started session, and after close(), a notice has a session of its own", () => {
    const { seen, bus } = setup();
    const notices = runNotices(bus, () => 42);
    notices.notice(failed);
    notices.close();
    bus.emit({ type: "session-started", session: "late", at: 1 });
    notices.notice(failed);
    const sessions = seen.filter((e) => e.type === "notice").map((e) => e.session);
    expect(sessions).toHaveLength(2);
    expect(sessions).not.toContain("late");
    expect(sessions[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sessions[1]).not.toBe(sessions[0]);
  });
});
