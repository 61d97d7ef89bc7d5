import { describe, expect, it } from "vitest";
import { container, reportOf } from "../../test/support/reports.ts";
import type { EventContainer, SessionEvent, SessionEventBody } from "../update/events/session-events.ts";
import type { ContainerReport } from "../update/report-types.ts";
import { createContainerView, viewState, type ViewContainer } from "./container-view.ts";
import { recordOfSession } from "./session-record.ts";

const OLD = `sha256:${"a".repeat(64)}`;
const NEW = `sha256:${"b".repeat(64)}`;
const APP: EventContainer = { id: "c1", name: "/app", image: "localhost:5000/app:1.0" };

function entry(overrides: Partial<ContainerReport> = {}): ContainerReport {
  return {
    id: "c1",
    name: "/app",
    imageName: "localhost:5000/app:1.0",
    currentImageId: OLD,
    latestImageId: NEW,
    state: "Updated",
    currentTag: "1.0",
    latestTag: "1.1",
    ...overrides,
  };
}

function events(session: string, host?: string) {
  let at = 1000;
  return (body: SessionEventBody): SessionEvent => ({
    ...body,
    session,
    at: (at += 1000),
    ...(host === undefined ? {} : { host }),
  });
}

const done = (entries: ContainerReport[]) =>
  ({ type: "session-done", report: { ...reportOf(entries), startedAt: 1000, finishedAt: 9000 } }) as const;

describe("viewState", () => {
  it.each([
    [{ state: "Updated" }, { state: "updated" }],
    [
      { state: "Fresh", note: "pinned to a digest" },
      { state: "fresh", reason: "pinned to a digest" },
    ],
    [{ state: "Stale" }, { state: "stale" }],
    [
      { state: "Skipped", error: "no tag" },
      { state: "skipped", reason: "no tag" },
    ],
    [
      { state: "Failed", error: "pull failed" },
      { state: "failed", reason: "pull failed" },
    ],
    [
      { state: "Failed", error: "exited", rolledBack: true },
      { state: "rolled-back", reason: "exited" },
    ],
    [
      { state: "Restarted" },
      { state: "fresh", reason: "restarted because a container it depends on was updated" },
    ],
    [{ state: "Scanned" }, { state: "unknown" }],
  ] as const)("%j → %j", (report, want) => {
    expect(
      viewState({ id: "", name: "", image: "", currentImageId: "", latestImageId: "", ...report }),
    ).toEqual(want);
  });
});

describe("container view", () => {
  it("gets every state right from session-done alone", () => {
    const view = createContainerView();
    const at = events("s1");
    view.apply(at({ type: "session-started" }));
    expect(view.session()).toEqual({ id: "s1", startedAt: 2000 });
    view.apply(
      at(
        done([
          entry(),
          { ...container(2, "Fresh"), currentTag: "2.0", latestTag: "2.0" },
          { ...container(3, "Failed", "verification failed"), rolledBack: true },
        ]),
      ),
    );
    expect(view.session()).toBeUndefined();
    expect(view.containers()).toEqual<ViewContainer[]>([
      {
        id: "c1",
        name: "app",
        image: "localhost:5000/app:1.0",
        tag: "1.1",
        currentImageId: NEW,
        latestImageId: NEW,
        state: "updated",
        latestTag: "1.1",
        lastCheck: 9000,
      },
      {
        id: container(2, "Fresh").id,
        name: "app2",
        image: "localhost:5000/app2:latest",
        tag: "2.0",
        currentImageId: container(2, "Fresh").currentImageId,
        latestImageId: container(2, "Fresh").latestImageId,
        state: "fresh",
        latestTag: "2.0",
        lastCheck: 9000,
      },
      {
        id: container(3, "Failed").id,
        name: "app3",
        image: "localhost:5000/app3:latest",
        currentImageId: container(3, "Failed").currentImageId,
        latestImageId: container(3, "Failed").latestImageId,
        state: "rolled-back",
        reason: "verification failed",
        lastCheck: 9000,
      },
    ]);
  });

  it("follows a swap phase by phase, then keeps the new ID through session-done", () => {
    const view = createContainerView();
    const at = events("s1");
    const seen: unknown[] = [];
    const step = (body: SessionEventBody) => {
      view.apply(at(body));
      const [app] = view.containers();
      seen.push([app?.state, app?.phase, app?.id]);
    };
    view.apply(at({ type: "session-started" }));
    step({
      type: "container-checked",
      container: APP,
      result: "stale",
      currentImageId: OLD,
      latestImageId: NEW,
      currentTag: "1.0",
      latestTag: "1.1",
    });
    step({ type: "container-stopping", container: APP, signal: "SIGTERM" });
    step({ type: "container-created", container: APP, newId: "c2" });
    step({ type: "container-started", container: APP, newId: "c2" });
    step({ type: "container-verifying", container: APP, newId: "c2", windowMs: 1000 });
    step({ type: "container-verified", container: APP, newId: "c2" });
    step({ type: "container-updated", container: APP, newId: "c2", newImageId: NEW });
    step(done([entry()]));
    expect(seen).toEqual([
      ["stale", undefined, "c1"],
      ["stale", "stopping", "c1"],
      ["stale", "created", "c1"],
      ["stale", "started", "c1"],
      ["stale", "verifying", "c1"],
      ["stale", undefined, "c1"],
      ["updated", undefined, "c2"],
      ["updated", undefined, "c2"],
    ]);
    // Checked at the second event: that is its last check, not the end of the session.
    expect(view.containers()[0]).toMatchObject({ tag: "1.1", currentImageId: NEW, lastCheck: 3000 });
  });

  it.each([
    {
      name: "a rollback",
      body: { type: "container-rolled-back", container: APP, reason: "exited 1" },
      want: { state: "rolled-back", reason: "exited 1" },
    },
    {
      name: "a failure",
      body: { type: "container-failed", container: APP, error: "create failed" },
      want: { state: "failed", reason: "create failed" },
    },
    {
      name: "a skip",
      body: {
        type: "container-checked",
        container: APP,
        result: "skipped",
        reason: "no tag",
        currentImageId: OLD,
      },
      want: { state: "skipped", reason: "no tag" },
    },
  ] as const)("shows $name as it happens", ({ body, want }) => {
    const view = createContainerView();
    view.apply(events("s1")({ type: "container-stopping", container: APP, signal: "SIGTERM" }));
    view.apply(events("s1")(body));
    expect(view.containers()[0]).toMatchObject(want);
    expect(view.containers()[0]?.phase).toBeUndefined();
  });

  it("keeps a rollback as the state when the failure follows it", () => {
    const view = createContainerView();
    const at = events("s1");
    view.apply(at({ type: "container-rolled-back", container: APP, reason: "exited 1" }));
    view.apply(at({ type: "container-failed", container: APP, error: "rolled back: exited 1" }));
    expect(view.containers()[0]).toMatchObject({ state: "rolled-back", reason: "exited 1" });
  });

  it("drops what a full session no longer sees, but not after a targeted one", () => {
    const view = createContainerView();
    const first = events("s1");
    view.apply(first({ type: "session-started" }));
    view.apply(first(done([entry(), container(2, "Fresh")])));
    const targeted = events("s2");
    view.apply(targeted({ type: "session-started", images: ["localhost:5000/app"] }));
    view.apply(targeted(done([entry({ state: "Fresh", latestImageId: OLD })])));
    expect(view.containers().map((c) => [c.name, c.state])).toEqual([
      ["app", "fresh"],
      ["app2", "fresh"],
    ]);
    const full = events("s3");
    view.apply(full({ type: "session-started" }));
    view.apply(full(done([entry({ state: "Fresh", latestImageId: OLD })])));
    expect(view.containers().map((c) => c.name)).toEqual(["app"]);
  });

  it("keeps each host's containers apart and drops only the host a full session covered", () => {
    const view = createContainerView();
    for (const host of ["tcp://a:2375", "tcp://b:2375"]) {
      const at = events(`s-${host}`, host);
      view.apply(at({ type: "session-started" }));
      view.apply(at(done([entry()])));
    }
    const again = events("s-a2", "tcp://a:2375");
    view.apply(again({ type: "session-started" }));
    view.apply(again(done([])));
    expect(view.containers().map((c) => [c.host, c.name])).toEqual([["tcp://b:2375", "app"]]);
  });

  it("forgets the session in progress when the run ends without session-done", () => {
    const view = createContainerView();
    view.apply(events("s1")({ type: "session-started" }));
    view.runEnded();
    expect(view.session()).toBeUndefined();
  });

  it("is rebuilt from the history at startup", () => {
    const sessionDone = (session: string, entries: ContainerReport[]) => {
      const { report } = done(entries);
      return { type: "session-done", report, session, at: report.finishedAt } as const;
    };
    const full = recordOfSession(sessionDone("s1", [entry(), container(2, "Skipped", "no tag")]));
    const targeted = recordOfSession(
      sessionDone("s2", [entry({ state: "Fresh", latestImageId: OLD, id: "c9" })]),
      ["localhost:5000/app"],
    );
    const view = createContainerView();
    view.seed([full, targeted]);
    expect(view.containers().map((c) => [c.name, c.state, c.id])).toEqual([
      ["app", "fresh", "c9"],
      ["app2", "skipped", container(2, "Skipped").id],
    ]);
  });
});
