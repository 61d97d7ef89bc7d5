/**
 * @module A container inspect for unit tests of the Docker edge: a running container with the
 * given Config and HostConfig.
 */
import type { ContainerConfig, ContainerInspect, HostConfig } from "../../src/docker/types.ts";

export function containerInspect(config: ContainerConfig, host: HostConfig): ContainerInspect {
  return {
    Id: "f1317a10217d7840c3d4aa397d6ad68f3fbefbeda21fe20551b233c1fe877c0e",
    Name: "/web",
    Created: "2026-12-01T22:33:29Z",
    Image: "sha256:ea566fc48d770bd9feabfdf779acb0a6dd454240c8b4b2e9c8cc1712faf79662",
    State: {
      Status: "running",
      Running: true,
      Paused: false,
      Restarting: false,
      Pid: 1,
      ExitCode: 0,
      StartedAt: "",
      FinishedAt: "",
    },
    Config: config,
    HostConfig: host,
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}
