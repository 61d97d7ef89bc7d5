import { describe, expect, it } from "vitest";
import type { SessionEvent, SessionEventBody } from "../update/events/session-events.ts";
import { entriesOfEvent } from "./event-entries.ts";
import { container, reportOf } from "../../test/support/reports.ts";

const AT = Date.UTC(2026, 0, 2, 3, 4, 5);
const INFO = 30;
const DEBUG = 20;
const web = { id: "0123456789abcdef0123", name: "/web", image: "nginx:latest" };
const svc = { id: "svc1", name: "web_api", image: "api:1", kind: "service" as const };
const NEW_ID = "sha256:abc123def456abc123def456";

interface Expected {
  message: string;
  level: string;
  data: Record<string, unknown>;
}

type Checked = Extract<SessionEventBody, { type: "container-checked" }>;

/** A check of /web, stale unless told otherwise. */
function check(fields: Partial<Checked>): Checked {
  return {
    type: "container-checked",
    container: web,
    result: "stale",
    currentImageId: "sha256:0",
    ...fields,
  };
}

function event(body: SessionEventBody, host?: string): SessionEvent {
  return { ...body, session: "s1", at: AT, ...(host !== undefined && { host }) };
}

describe("entriesOfEvent", () => {
  it.each<[string, SessionEventBody, Expected]>([
    [
      "a stale container",
      check({ latestImageId: NEW_ID }),
      {
        message: "Found new nginx:latest image (abc123def456)",
        level: "info",
        data: { container: "/web", image: "nginx:latest", id: "abc123def456" },
      },
    ],
    [
      "a stale service, monitor-only",
      check({ container: svc, latestImageId: NEW_ID, monitorOnly: true }),
      {
        message: "Found new api:1 image (abc123def456)",
        level: "info",
        data: { service: "web_api", image: "api:1", id: "abc123def456" },
      },
    ],
    [
      "a newer tag",
      check({ container: { ...web, image: "nginx:1.25.3" }, currentTag: "1.25.3", latestTag: "1.26.0" }),
      {
        message: "Found newer tag 1.26.0 for nginx:1.25.3 (/web)",
        level: "info",
        data: { container: "/web", image: "nginx:1.25.3", currentTag: "1.25.3", latestTag: "1.26.0" },
      },
    ],
    [
      "a skipped container",
      check({ result: "skipped", reason: "pull of nginx:latest failed: manifest unknown" }),
      {
        message:
          'Unable to update container "/web": pull of nginx:latest failed: manifest unknown. Proceeding to next.',
        level: "info",
        data: { container: "/web", err: "pull of nginx:latest failed: manifest unknown" },
      },
    ],
    [
      "a stop",
      { type: "container-stopping", container: web, signal: "SIGHUP" },
      {
        message: "Stopping /web (0123456789ab) with SIGHUP",
        level: "info",
        data: { container: "/web", id: "0123456789ab", signal: "SIGHUP" },
      },
    ],
    [
      "a creation",
      { type: "container-created", container: web, newId: "feed" },
      { message: "Creating /web", level: "info", data: { container: "/web" } },
    ],
    [
      "a removed image",
      { type: "image-removed", imageId: NEW_ID, image: "nginx:latest" },
      { message: "Removing image abc123def456", level: "info", data: { image: "abc123def456" } },
    ],
    [
      "a failure",
      { type: "container-failed", container: web, error: "start failed" },
      {
        message: 'Unable to update container "/web": start failed. Proceeding to next.',
        level: "error",
        data: { container: "/web", err: "start failed" },
      },
    ],
    [
      "a failure, the old container restored",
      { type: "container-failed", container: web, error: "start failed", restored: true },
      {
        message:
          'Unable to update container "/web": start failed; the old container is back. Proceeding to next.',
        level: "error",
        data: { container: "/web", err: "start failed", restored: true },
      },
    ],
    [
      "a failed service",
      { type: "container-failed", container: svc, error: "update paused" },
      {
        message: 'Unable to update service "web_api": update paused. Proceeding to next.',
        level: "error",
        data: { service: "web_api", err: "update paused" },
      },
    ],
    [
      "a container skipped at its turn",
      { type: "container-skipped", container: web, reason: "Bosun was stopped before this container's turn" },
      {
        message:
          'Unable to update container "/web": Bosun was stopped before this container\'s turn. Proceeding to next.',
        level: "info",
        data: { container: "/web", err: "Bosun was stopped before this container's turn" },
      },
    ],
    [
      "a debug notice",
      {
        type: "notice",
        code: "digest-unchanged",
        level: "debug",
        message: "Digest unchanged, skipping pull",
        fields: { image: "web:latest" },
      },
      {
        message: "Digest unchanged, skipping pull: image=web:latest",
        level: "debug",
        data: { image: "web:latest" },
      },
    ],
    [
      "a rollback",
      { type: "container-rolled-back", container: web, reason: "exited with code 1 while verified" },
      {
        message: "Rolled back /web to the old container: exited with code 1 while verified",
        level: "error",
        data: { container: "/web", err: "exited with code 1 while verified" },
      },
    ],
    [
      "a warning notice with fields",
      {
        type: "notice",
        code: "post-update-hook-failed",
        level: "warn",
        message: "post-update hook failed",
        fields: { container: "/web", code: 3, ok: false, list: ["a"], gone: undefined },
      },
      {
        message: 'post-update hook failed: container=/web, code=3, ok=false, list=["a"]',
        level: "warning",
        data: { container: "/web", code: 3, ok: false, list: ["a"] },
      },
    ],
    [
      "an error notice without fields",
      { type: "notice", code: "session-failed", level: "error", message: "Update session failed" },
      { message: "Update session failed", level: "error", data: {} },
    ],
    [
      "an info notice",
      {
        type: "notice",
        code: "container-restored",
        level: "info",
        message: "Restored the old container",
        fields: { container: "/db" },
      },
      { message: "Restored the old container: container=/db", level: "info", data: { container: "/db" } },
    ],
  ])("%s", (_name, body, expected) => {
    const entries = entriesOfEvent(event(body), DEBUG);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.toGoJSON()).toEqual({ ...expected, time: entries[0]?.Time });
    expect(entries[0]?.Time.Unix()).toBe(AT / 1000);
  });

  it.each<[string, SessionEventBody, string[]]>([
    [
      "a newer tag, pulled",
      check({
        container: { ...web, image: "nginx:1.25.3" },
        latestImageId: NEW_ID,
        currentTag: "1.25.3",
        latestTag: "1.26.0",
      }),
      ["Found newer tag 1.26.0 for nginx:1.25.3 (/web)", "Found new nginx:1.26.0 image (abc123def456)"],
    ],
    [
      "a new image refused (rolled back from before)",
      check({ result: "skipped", reason: "its new image was rolled back", latestImageId: NEW_ID }),
      [
        "Found new nginx:latest image (abc123def456)",
        'Unable to update container "/web": its new image was rolled back. Proceeding to next.',
      ],
    ],
  ])("%s has two entries, in Watchtower's order", (_name, body, expected) => {
    expect(entriesOfEvent(event(body), INFO).map((entry) => entry.Message)).toEqual(expected);
  });

  it.each<[string, SessionEventBody]>([
    ["session-started", { type: "session-started" }],
    ["a fresh container", check({ result: "fresh" })],
    ["a fresh container with a remark", check({ result: "fresh", reason: "pinned to a digest" })],
    ["a newer tag that is the current one", check({ result: "fresh", currentTag: "1", latestTag: "1" })],
    ["image-pull-started", { type: "image-pull-started", image: "nginx:latest" }],
    ["image-pull-progress", { type: "image-pull-progress", image: "nginx:latest", layers: 3, layersDone: 1 }],
    ["image-pulled", { type: "image-pulled", image: "nginx:latest", imageId: NEW_ID }],
    ["container-started", { type: "container-started", container: web, newId: "n" }],
    ["container-verifying", { type: "container-verifying", container: web, newId: "n", windowMs: 1000 }],
    ["container-verified", { type: "container-verified", container: web, newId: "n" }],
    ["container-updated", { type: "container-updated", container: web, newId: "n", newImageId: NEW_ID }],
    ["session-done", { type: "session-done", report: reportOf([container(1, "Updated")]) }],
  ])("%s has no entry", (_name, body) => {
    expect(entriesOfEvent(event(body), 10)).toEqual([]);
  });

  it.each<[string, number, readonly string[]]>([
    ["trace", 10, ["debug", "info", "warn", "error"]],
    ["debug", 20, ["debug", "info", "warn", "error"]],
    ["info", 30, ["info", "warn", "error"]],
    ["warn", 40, ["warn", "error"]],
    ["error", 50, ["error"]],
    ["fatal", 60, []],
  ])("--notifications-level %s keeps %j", (_name, threshold, kept) => {
    const levels = ["debug", "info", "warn", "error"] as const;
    const entries = levels.filter(
      (level) =>
        entriesOfEvent(event({ type: "notice", code: "update-triggered", level, message: level }), threshold)
          .length > 0,
    );
    expect(entries).toEqual(kept);
  });

  it("with several hosts, names the host first and in the data", () => {
    const host = "tcp://10.0.0.2:2376";
    const [entry] = entriesOfEvent(
      event({ type: "container-created", container: web, newId: "n" }, host),
      INFO,
    );
    expect(entry?.Message).toBe(`${host}: Creating /web`);
    expect(entry?.Data).toEqual({ container: "/web", host });
  });

  it("masks secrets in the sentence and the data, as the logs do", () => {
    const [entry] = entriesOfEvent(
      event({
        type: "container-failed",
        container: web,
        error: "GET https://bob:hunter2@registry.example/v2/ failed",
      }),
      INFO,
    );
    expect(entry?.Message).not.toContain("hunter2");
    expect(JSON.stringify(entry?.Data)).not.toContain("hunter2");
    expect(entry?.Message).toContain("https://bob:");
  });
});
