/**
 * The typed events of a real session (issue 14): the engine against the real daemon and registry
 * updates one stale container, and its events come in the order of the swap; the command line
 * writes the same record into its JSON log as the `event` field of each line.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { SessionEvent } from "../../src/update/events/session-events.ts";
import {
  inspect,
  jsonLines,
  porcelainLines,
  removeTestContainers,
  runBosun,
  runContainer,
  uniqueName,
} from "./harness.ts";
import { SLEEP, runSession, staleRepo } from "./update-helpers.ts";

afterAll(removeTestContainers);

/** The events about `name` (or the image it follows), and the session's own. */
function concerning(events: readonly SessionEvent[], name: string, ref: string): SessionEvent[] {
  return events.filter((event) => {
    if ("container" in event) return event.container.name === `/${name}`;
    if ("image" in event) return event.image === ref;
    return event.type === "session-started" || event.type === "session-done";
  });
}

describe("session events", () => {
  it("a stale container: checked after its pull, then stopped, created, started, updated", async () => {
    const stale = await staleRepo(uniqueName("ev"));
    const name = uniqueName("ev");
    await runContainer(name, stale.ref, [], SLEEP);
    const before = await inspect(name);
    const events: SessionEvent[] = [];
    const session = await runSession({ names: [name] }, { events: { emit: (event) => events.push(event) } });
    expect(session.lines.get(`/${name}`)).toBe("Updated");
    const after = await inspect(name);

    // The pull is part of the check: staleness is known once the tag's image is here.
    expect(concerning(events, name, stale.ref).map((event) => event.type)).toEqual([
      "session-started",
      "image-pull-started",
      "image-pulled",
      "container-checked",
      "container-stopping",
      "container-created",
      "container-started",
      "container-updated",
      "session-done",
    ]);
    const subject = { id: before.Id, name: `/${name}`, image: stale.ref };
    expect(events.find((event) => event.type === "container-checked")).toMatchObject({
      container: subject,
      result: "stale",
      currentImageId: stale.rev1,
      latestImageId: stale.rev2,
    });
    expect(events.find((event) => event.type === "container-updated")).toMatchObject({
      container: subject,
      newId: after.Id,
      newImageId: stale.rev2,
    });
    const done = events.at(-1);
    expect(done?.type === "session-done" && done.report).toEqual(session.report);
    // One session: one ID, and time never runs backwards.
    expect(new Set(events.map((event) => event.session)).size).toBe(1);
    expect(events.map((event) => event.at)).toEqual(events.map((event) => event.at).sort((a, b) => a - b));
  });

  it("the command line logs each event's lines with the event's type", async () => {
    const stale = await staleRepo(uniqueName("evlog"));
    const name = uniqueName("evlog");
    await runContainer(name, stale.ref, [], SLEEP);
    const args = ["--run-once", "--porcelain", "v1", "--log-format", "json", "--log-level", "debug", name];
    const result = await runBosun(args);
    expect(result.code, result.stderr).toBe(0);
    expect(porcelainLines(result.stdout).get(`/${name}`)).toBe("Updated");
    const logged = jsonLines(result.stderr).filter(
      (line) =>
        typeof line.event === "string" && (line.container === undefined || line.container === `/${name}`),
    );
    expect(logged.map((line) => [line.event, line.msg])).toEqual([
      ["session-started", "Session started"],
      ["image-pull-started", "Pulling image"],
      ["container-checked", "Found new image"],
      ["container-stopping", "Stopping container"],
      ["container-created", "Creating container"],
      ["container-started", "Container started"],
      ["container-updated", "Container updated"],
      ["session-done", "Session done"],
    ]);
    expect(logged.find((line) => line.event === "session-done")).toMatchObject({ scanned: 1, updated: 1 });
  });
});
