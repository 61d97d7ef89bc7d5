/**
 * @module Session reports of each shape, for the notification tests.
 */
import type { ContainerReport, ContainerState, SessionReport } from "../../src/update/report-types.ts";

export function container(n: number, state: ContainerState, error?: string): ContainerReport {
  const hex = (c: string): string => c.repeat(64);
  const changed = state !== "Fresh" && state !== "Skipped" && state !== "Scanned";
  return {
    id: `${String(n)}${hex("c").slice(1)}`,
    name: `/app${String(n)}`,
    imageName: `localhost:5000/app${String(n)}:latest`,
    currentImageId: `sha256:${String(n)}${hex("a").slice(1)}`,
    latestImageId: `sha256:${String(n)}${hex(changed ? "b" : "a").slice(1)}`,
    state,
    ...(error === undefined ? {} : { error }),
  };
}

export function reportOf(containers: ContainerReport[]): SessionReport {
  const by = (s: ContainerState): ContainerReport[] => containers.filter((c) => c.state === s);
  return {
    startedAt: 0,
    finishedAt: 1,
    containers,
    scanned: containers.filter((c) => c.state !== "Skipped"),
    updated: by("Updated"),
    failed: by("Failed"),
    skipped: by("Skipped"),
    stale: by("Stale"),
    fresh: by("Fresh"),
    restarted: by("Restarted"),
  };
}
