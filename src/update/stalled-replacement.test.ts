import { describe, expect, it } from "vitest";
import type { ContainerInspect } from "../docker/types.ts";
import { isStalledReplacement } from "./stalled-replacement.ts";
import type { SwapRecord } from "./swap-record.ts";

const RECORD: SwapRecord = {
  originalId: "a".repeat(64),
  originalName: "web",
  wasRunning: true,
  start: true,
  session: "s",
  instance: "i",
};

function inspect(over: {
  name?: string;
  status?: string;
  policy?: string;
  started?: string;
  finished?: string;
}) {
  return {
    Name: `/${over.name ?? "web"}`,
    State: {
      Status: over.status ?? "exited",
      StartedAt: over.started ?? "2026-12-01T20:50:47.954018640Z",
      FinishedAt: over.finished ?? "2026-12-01T20:50:53.043570289Z",
    },
    HostConfig: { RestartPolicy: { Name: over.policy ?? "unless-stopped" } },
  } as unknown as ContainerInspect;
}

describe("isStalledReplacement", () => {
  it.each<[string, Partial<SwapRecord>, Parameters<typeof inspect>[0], boolean]>([
    ["stopped by the daemon seconds after its start", {}, {}, true],
    ["restart policy always", {}, { policy: "always" }, true],
    ["no restart policy: the daemon keeps it stopped too", {}, { policy: "no" }, false],
    ["on-failure", {}, { policy: "on-failure" }, false],
    ["still running", {}, { status: "running" }, false],
    ["not under the original name", {}, { name: "web-renamed" }, false],
    ["not meant to start (--no-restart)", { start: false }, {}, false],
    ["the original was not running", { wasRunning: false }, {}, false],
    ["stopped long after its start (a user's stop)", {}, { finished: "2026-12-01T20:52:00Z" }, false],
    ["never finished", {}, { finished: "0001-01-01T00:00:00Z" }, false],
  ])("%s", (_, record, state, expected) => {
    expect(isStalledReplacement({ ...RECORD, ...record }, inspect(state))).toBe(expected);
  });
});
