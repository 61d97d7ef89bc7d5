import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { ContainerSummary, DockerClient } from "../docker/types.ts";
import { recoverSetAside } from "./recovery.ts";

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

/** A Docker client that lists `containers` and records the calls recovery makes. */
function fakeDocker(containers: ContainerSummary[]) {
  const calls: string[] = [];
  const short = (id: string) => id.slice(0, 1);
  const docker = {
    listContainers: () => Promise.resolve(containers),
    removeContainer: (id: string) => {
      calls.push(`remove ${short(id)}`);
      return Promise.resolve();
    },
    renameContainer: (id: string, name: string) => {
      calls.push(`rename ${short(id)} ${name}`);
      return Promise.resolve();
    },
    startContainer: (id: string) => {
      calls.push(`start ${short(id)}`);
      return Promise.resolve();
    },
  };
  return { docker: docker as unknown as DockerClient, calls };
}

const ASIDE = (id: string) => `bosun-bosun-old-r-${id.repeat(12)}`;

describe("recoverSetAside and self-updates", () => {
  it.each<[string, ContainerSummary[], string[]]>([
    [
      "a running old instance is left for the new one to stop gracefully",
      [summary(ASIDE("a"), "a", "running", INSTANCE), summary("bosun", "b", "running", INSTANCE)],
      [],
    ],
    [
      "an exited old instance whose successor ran (run-once) is removed, not restored",
      [summary(ASIDE("a"), "a", "exited", INSTANCE), summary("bosun", "b", "exited", INSTANCE)],
      ["remove a"],
    ],
    [
      "an exited old instance whose successor never started is restored",
      [summary(ASIDE("a"), "a", "exited", INSTANCE), summary("bosun", "b", "created", INSTANCE)],
      ["remove b", "rename a bosun", "start a"],
    ],
    [
      "an ordinary container set aside while its replacement runs is removed",
      [summary("app-bosun-old-r-aaaaaaaaaaaa", "a", "exited"), summary("app", "b", "running")],
      ["remove a"],
    ],
    [
      "an ordinary container whose replacement exited is restored",
      [summary("app-bosun-old-r-aaaaaaaaaaaa", "a", "exited"), summary("app", "b", "exited")],
      ["remove b", "rename a app", "start a"],
    ],
  ])("%s", async (_title, containers, expected) => {
    const { docker, calls } = fakeDocker(containers);
    await recoverSetAside(docker, pino({ level: "silent" }), { matches: () => true });
    expect(calls).toEqual(expected);
  });
});
