/**
 * @module A create body as Podman's compatibility API accepts it. Pure.
 */
import type { ContainerCreateBody } from "./types.ts";

/** Modes without networks of their own: Podman refuses any endpoint with them, even `{none: {}}`. */
function ownsNoNetwork(mode: string | undefined): boolean {
  return mode === "none" || mode === "host" || (mode?.startsWith("container:") ?? false);
}

export function podmanCreateBody(body: ContainerCreateBody): ContainerCreateBody {
  if (!ownsNoNetwork(body.HostConfig?.NetworkMode)) return body;
  const result = { ...body };
  delete result.NetworkingConfig;
  return result;
}
