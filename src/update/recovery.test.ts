import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ContainerSummary, DockerClient } from "../docker/types.ts";
import { findInterrupted, recoverSetAside } from "./recovery.ts";
import { recordLabels } from "./swap-record.ts";

const INSTANCE = { "com.centurylinklabs.watchtower": "true" };

function summary(name: string, idChar: string, state: string, labels: Record<string, string> = {}) {
  return {
    Id: idChar.repeat(64),
    Names: [`/${name}`],
    Image: "img",
    ImageID: "sha256:x",
    Created: 1,
    State: state,
    Status: "",
    Labels: labels,
  } satisfies ContainerSummary;
}

/** The labels of a replacement of the container whose ID is `idChar` repeated. */
function replacing(idChar: string, name: string, extra: Record<string, string> = {}) {
  return {
    ...extra,
    ...recordLabels({
      originalId: idChar.repeat(64),
      originalName: name,
      wasRunning: true,
      start: true,
      session: "s",
      instance: "i",
    }),
  };
}

/** A Docker client that lists `containers` and records the removals recovery makes. */
function fakeDocker(containers: ContainerSummary[]) {
  const calls: string[] = [];
  const docker = {
    listContainers: () => Promise.resolve(containers),
    removeContainer: (id: string) => {
      calls.push(`remove ${id.slice(0, 1)}`);
      return Promise.resolve();
    },
  };
  return { docker: docker as unknown as DockerClient, calls };
}

const ASIDE = (name: string, id: string) => `${name}-bosun-old-r-${id.repeat(12)}`;

describe("findInterrupted: Bosun's artifacts are known by their records only", () => {
  it.each<[string, ContainerSummary[], { original: string | undefined; replacements: string[] }[]]>([
    [
      "a user's container named like a replacement is no artifact",
      [summary("backup-bosun-new-0123456789ab", "a", "created")],
      [],
    ],
    [
      "a user's container named like a set-aside one with another ID is no artifact",
      [summary(`app-bosun-old-r-${"b".repeat(12)}`, "a", "exited")],
      [],
    ],
    [
      "a committed replacement whose original is gone is history",
      [summary("app", "b", "running", replacing("a", "app"))],
      [],
    ],
    [
      "a started replacement a user renamed since is history too",
      [summary("renamed-by-user", "b", "running", replacing("a", "app"))],
      [],
    ],
    [
      "a pre-created replacement belongs to its original",
      [summary("app", "a", "running"), summary("tmp", "b", "created", replacing("a", "app"))],
      [{ original: "a", replacements: ["b"] }],
    ],
    [
      "a set-aside original with its replacement",
      [summary(ASIDE("app", "a"), "a", "running"), summary("app", "b", "created", replacing("a", "app"))],
      [{ original: "a", replacements: ["b"] }],
    ],
    [
      "a --rm original Docker removed, its replacement not started",
      [summary("app", "b", "created", replacing("a", "app"))],
      [{ original: undefined, replacements: ["b"] }],
    ],
    [
      "a replacement set aside by a later swap is that swap's original, not a replacement",
      [
        summary(ASIDE("app", "b"), "b", "exited", replacing("a", "app")),
        summary("app", "c", "created", replacing("b", "app")),
      ],
      [{ original: "b", replacements: ["c"] }],
    ],
  ])("%s", (_title, containers, expected) => {
    const found = findInterrupted(containers).map((swap) => ({
      original: swap.original?.Id.slice(0, 1),
      replacements: swap.replacements.map((replacement) => replacement.Id.slice(0, 1)),
    }));
    expect(found).toEqual(expected);
  });
});

describe("recoverSetAside: finished swaps", () => {
  it.each<[string, ContainerSummary[], string[]]>([
    [
      "a running old instance is left for the new one to stop gracefully",
      [
        summary(ASIDE("bosun", "a"), "a", "running", INSTANCE),
        summary("bosun", "b", "running", replacing("a", "bosun", INSTANCE)),
      ],
      [],
    ],
    [
      "an exited old instance whose successor ran (run-once) is removed",
      [
        summary(ASIDE("bosun", "a"), "a", "exited", INSTANCE),
        summary("bosun", "b", "exited", replacing("a", "bosun", INSTANCE)),
      ],
      ["remove a"],
    ],
    [
      "an original set aside while its replacement runs is removed",
      [summary(ASIDE("app", "a"), "a", "exited"), summary("app", "b", "running", replacing("a", "app"))],
      ["remove a"],
    ],
    [
      "a user's look-alike container is never touched",
      [summary("x-bosun-new-0123456789ab", "a", "created")],
      [],
    ],
  ])("%s", async (_title, containers, expected) => {
    const { docker, calls } = fakeDocker(containers);
    await recoverSetAside(docker, pino({ level: "silent" }), { matches: () => true });
    expect(calls).toEqual(expected);
  });
});

describe("recoverSetAside: swaps of a live lock holder are left alone", () => {
  const lock = (expires: number) =>
    summary("bosun-lock-s", "f", "created", {
      "bosun.lock": "s",
      "bosun.lock.instance": "i",
      "bosun.lock.expires": String(expires),
    });
  const swap = [
    summary(ASIDE("app", "a"), "a", "exited"),
    summary("app", "b", "running", replacing("a", "app")),
  ];
  const clock = { now: () => 1000, sleep: () => Promise.resolve() };
  it.each<[string, ContainerSummary[], string | undefined, string[]]>([
    ["another instance within its lease: untouched", [...swap, lock(2000)], "me", []],
    ["another instance whose lease is over: recovered", [...swap, lock(500)], "me", ["remove a"]],
    ["this instance's own earlier swap: recovered", [...swap, lock(2000)], "i", ["remove a"]],
  ])("%s", async (_title, containers, instance, expected) => {
    const { docker, calls } = fakeDocker(containers);
    await recoverSetAside(docker, pino({ level: "silent" }), { matches: () => true, clock, instance });
    expect(calls).toEqual(expected);
  });
});
