/**
 * @module Network and volume calls.
 */
import type { DockerClient } from "./types.ts";
import { NetworkListSchema, NetworkSchema, VolumeListSchema } from "./schemas.ts";
import { segment } from "./transport.ts";
import type { Transport } from "./transport.ts";

type NetworkMethods = Pick<
  DockerClient,
  "listNetworks" | "inspectNetwork" | "connectNetwork" | "disconnectNetwork" | "listVolumes" | "removeVolume"
>;

export function networkMethods(transport: Transport): NetworkMethods {
  return {
    listNetworks(options) {
      return transport.json(
        { method: "GET", path: "/networks", signal: options?.signal, timeoutMs: options?.timeoutMs },
        NetworkListSchema,
      );
    },

    inspectNetwork(id, options) {
      return transport.json(
        {
          method: "GET",
          path: `/networks/${segment(id)}`,
          signal: options?.signal,
          timeoutMs: options?.timeoutMs,
        },
        NetworkSchema,
      );
    },

    connectNetwork: (network, container, endpoint, options) =>
      transport.empty({
        method: "POST",
        path: `/networks/${segment(network)}/connect`,
        body: { Container: container, ...(endpoint === undefined ? {} : { EndpointConfig: endpoint }) },
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      }),

    disconnectNetwork: (network, container, force, options) =>
      transport.empty({
        method: "POST",
        path: `/networks/${segment(network)}/disconnect`,
        body: { Container: container, Force: force === true },
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      }),

    async listVolumes(options) {
      const list = await transport.json(
        { method: "GET", path: "/volumes", signal: options?.signal, timeoutMs: options?.timeoutMs },
        VolumeListSchema,
      );
      return (list.Volumes ?? []).map((volume) => ({
        ...volume,
        Labels: volume.Labels ?? null,
      }));
    },

    removeVolume: (name, options) =>
      transport.empty({
        method: "DELETE",
        path: `/volumes/${segment(name)}`,
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      }),
  };
}
