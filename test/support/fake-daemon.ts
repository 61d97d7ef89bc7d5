/**
 * @module An in-memory Docker daemon for unit tests of swaps and restores: just the calls they
 * make, each recorded (`start a`: the method and the first character of the ID or name);
 * `failures` fails the next calls of a method with a daemon error.
 */
import { DockerApiError, NotFoundError } from "../../src/docker/errors.ts";
import type { ContainerInspect, DockerClient } from "../../src/docker/types.ts";

export interface FakeContainer {
  name: string;
  running: boolean;
  autoRemove?: boolean;
}

/** The daemon holding `containers` (by ID), changed in place by the calls. */
export function fakeDaemon(containers: Record<string, FakeContainer>, failures: Record<string, number> = {}) {
  const calls: string[] = [];
  let created = 0;
  const find = (ref: string) => {
    const id = ref in containers ? ref : Object.keys(containers).find((key) => containers[key]?.name === ref);
    const container = id === undefined ? undefined : containers[id];
    if (id === undefined || container === undefined) throw new NotFoundError("GET", ref, "no such container");
    return { id, container };
  };
  const act = (method: string, ref: string, effect: (container: FakeContainer, id: string) => void) => {
    calls.push(`${method} ${ref.slice(0, 1)}`);
    if ((failures[method] ?? 0) > 0) {
      failures[method] = (failures[method] ?? 0) - 1;
      return Promise.reject(new DockerApiError(500, "POST", method, "injected"));
    }
    const { id, container } = find(ref);
    effect(container, id);
    return Promise.resolve();
  };
  const docker = {
    inspectContainer: async (ref: string) => {
      await Promise.resolve();
      const { id, container } = find(ref);
      return {
        Id: id,
        Name: `/${container.name}`,
        State: { Running: container.running, Status: container.running ? "running" : "exited" },
        HostConfig: { AutoRemove: container.autoRemove === true },
        Config: { Labels: {} },
      } as unknown as ContainerInspect;
    },
    startContainer: (id: string) => act("start", id, (c) => (c.running = true)),
    stopContainer: (id: string) => act("stop", id, (c) => (c.running = false)),
    renameContainer: (id: string, name: string) => act("rename", id, (c) => (c.name = name)),
    removeContainer: (id: string) =>
      act("remove", id, (_c, found) => {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        delete containers[found];
      }),
    createContainer: (name: string) => {
      calls.push(`create ${name}`);
      const id = String(++created).repeat(64);
      containers[id] = { name, running: false };
      return Promise.resolve(id);
    },
    connectNetwork: () => Promise.resolve(),
    waitContainer: () => Promise.resolve(0),
  };
  return { docker: docker as unknown as DockerClient, calls, containers };
}
