/**
 * @module Podman's container inspect in Docker's shape. Podman's compatibility API reports some
 * fields in its own vocabulary and refuses them back at create (`invalid ulimit type:
 * RLIMIT_NOFILE`), and reports engine-derived values as if the user had set them; a replacement
 * created from such an inspect would fail or drift. Pure.
 */
import type { ContainerConfig, ContainerInspect, HostConfig } from "./types.ts";

/**
 * `RLIMIT_NOFILE` → `nofile`: the names create accepts (Docker's and go-units'). Values are kept
 * as they are: the compatibility API does not say which limits the user set and which came from
 * `default_ulimits`, and keeping them gives the replacement the limits the old container ran with.
 */
export function ulimitName(name: string): string {
  return name.replace(/^RLIMIT_/i, "").toLowerCase();
}

/** Namespace modes Podman reports as `private` where Docker reports "" (the default). */
const DEFAULT_PRIVATE_MODES = ["UTSMode", "PidMode", "CgroupnsMode", "UsernsMode"] as const;

function hostConfig(host: HostConfig): HostConfig {
  const result: HostConfig = { ...host };
  const ulimits = host.Ulimits;
  if (Array.isArray(ulimits)) {
    result.Ulimits = (ulimits as { Name?: unknown }[]).map((limit) =>
      typeof limit.Name === "string" ? { ...limit, Name: ulimitName(limit.Name) } : limit,
    );
  }
  for (const key of DEFAULT_PRIVATE_MODES) if (host[key] === "private") result[key] = "";
  // Podman reports 0 for a swappiness nobody set (Docker: null); sent back, 0 would be set for
  // real (no swapping at all on cgroup v1, refused on cgroup v2). A user's explicit 0 reads the same.
  if (host.MemorySwappiness === 0) result.MemorySwappiness = null;
  return result;
}

/**
 * Env entries Podman adds to every container and derives again at create: `container=podman`,
 * and `HOSTNAME=` of the container's own hostname (copied, it would name the old container).
 */
function config(own: ContainerConfig): ContainerConfig {
  if (own.Env === null || own.Env === undefined) return own;
  const hostname = `HOSTNAME=${own.Hostname ?? ""}`;
  return { ...own, Env: own.Env.filter((entry) => entry !== "container=podman" && entry !== hostname) };
}

export function podmanInspect(inspect: ContainerInspect): ContainerInspect {
  return { ...inspect, Config: config(inspect.Config), HostConfig: hostConfig(inspect.HostConfig) };
}
