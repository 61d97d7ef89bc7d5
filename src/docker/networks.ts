/**
 * @module Network and volume calls: connecting a container to a network, removing a volume.
 */
import type { DockerClient } from "./types.ts";
import { segment } from "./transport.ts";
import type { Transport } from "./transport.ts";

type NetworkMethods = Pick<DockerClient, "connectNetwork" | "removeVolume">;

export function networkMethods(transport: Transport): NetworkMethods {
  return {
    connectNetwork: (network, container, endpoint, options) =>
      transport.empty({
        method: "POST",
        path: `/networks/${segment(network)}/connect`,
        body: { Container: container, ...(endpoint === undefined ? {} : { EndpointConfig: endpoint }) },
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      }),

    removeVolume: (name, options) =>
      transport.empty({
        method: "DELETE",
        path: `/volumes/${segment(name)}`,
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      }),
  };
}
