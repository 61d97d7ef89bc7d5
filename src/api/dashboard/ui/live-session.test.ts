import { describe, expect, it } from "vitest";
import { parseLiveEvent, type LiveEvent } from "./live-event.ts";
import { LiveSession, MAX_STEPS, stepOf } from "./live-session.ts";

const APP = { id: "c1", name: "/app", image: "localhost:5000/app:latest" };

function event(type: string, extra: Record<string, unknown> = {}, session = "s1"): LiveEvent {
  return parseLiveEvent({ type, session, at: 1000, ...extra });
}

describe("stepOf", () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ["session-started", {}, "Session started"],
    ["session-started", { images: ["a:1"] }, "Session started for a:1"],
    ["container-checked", { container: APP, result: "stale", latestTag: "1.1" }, "app: newer tag 1.1"],
    ["container-checked", { container: APP, result: "stale" }, "app: a newer image is available"],
    [
      "container-checked",
      { container: APP, result: "skipped", reason: "bad label" },
      "app: skipped: bad label",
    ],
    ["container-checked", { container: APP, result: "fresh" }, "app: up to date"],
    ["container-stopping", { container: APP, signal: "SIGTERM" }, "app: stopping (SIGTERM)"],
    ["container-started", { container: APP, newId: "n" }, "app: started"],
    ["container-verifying", { container: APP, newId: "n", windowMs: 2500 }, "app: verifying for 2.5 s"],
    ["container-updated", { container: APP, newId: "n", newImageId: "i" }, "app: updated"],
    ["container-rolled-back", { container: APP, reason: "exited" }, "app: rolled back: exited"],
    ["container-failed", { container: APP, error: "pull failed" }, "app: failed: pull failed"],
    ["container-updated", { container: APP, host: "h2" }, "app on h2: updated"],
    ["image-pull-progress", { image: "x", layers: 3, layersDone: 1 }, undefined],
    ["notice", { level: "info", message: "m" }, undefined],
    ["notice", { level: "warn", message: "hook failed" }, "hook failed"],
    ["something-new", {}, undefined],
    [
      "session-done",
      { report: { scanned: [1, 2], updated: [1], failed: [], skipped: [2] } },
      "Session done: 2 scanned, 1 updated, 0 failed, 1 skipped",
    ],
  ])("%s %j", (type, extra, text) => {
    expect(stepOf(event(type, extra))?.text).toBe(text);
  });
});

describe("LiveSession", () => {
  it("follows a swap's phases and clears them when the container is done", () => {
    const live = new LiveSession();
    live.apply(event("session-started"));
    expect(live.running).toBe(true);
    live.apply(event("container-stopping", { container: APP, signal: "SIGTERM" }));
    expect(live.phases.get("c1")).toBe("stopping");
    live.apply(event("container-verifying", { container: APP, newId: "n", windowMs: 1 }));
    expect(live.phases.get("c1")).toBe("verifying");
    live.apply(event("container-updated", { container: APP, newId: "n", newImageId: "i" }));
    expect(live.phases.has("c1")).toBe(false);
    live.apply(event("session-done", { report: {} }));
    expect(live.running).toBe(false);
    expect(live.steps.map((s) => s.text)).toEqual([
      "Session started",
      "app: stopping (SIGTERM)",
      "app: verifying for 0 s",
      "app: updated",
      "Session done: 0 scanned, 0 updated, 0 failed, 0 skipped",
    ]);
  });

  it("tracks pulls to the end", () => {
    const live = new LiveSession();
    live.apply(event("image-pull-started", { image: "x" }));
    live.apply(event("image-pull-progress", { image: "x", layers: 4, layersDone: 1 }));
    expect(live.pulls.get("x")).toEqual({ layers: 4, layersDone: 1, done: false });
    live.apply(event("image-pulled", { image: "x" }));
    expect(live.pulls.get("x")).toEqual({ layers: 4, layersDone: 4, done: true });
  });

  it("starts over for a new session and keeps only the latest steps", () => {
    const live = new LiveSession();
    for (let i = 0; i < MAX_STEPS + 10; i++) live.apply(event("container-started", { container: APP }));
    expect(live.steps).toHaveLength(MAX_STEPS);
    live.apply(event("container-stopping", { container: APP }, "s2"));
    expect(live.session).toBe("s2");
    expect(live.steps).toHaveLength(1);
  });

  it("rejects an event without its session", () => {
    expect(() => parseLiveEvent({ type: "session-started", at: 1 })).toThrow("event.session is not a string");
  });
});
