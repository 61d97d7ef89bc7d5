/**
 * @module Swarm service calls: list, inspect and update (the orchestrator does the rolling update).
 */
import type { DockerClient } from "./types.ts";
import { ServiceListSchema, ServiceSchema } from "./schemas.ts";
import { segment } from "./transport.ts";
import type { Transport } from "./transport.ts";

type ServiceMethods = Pick<DockerClient, "listServices" | "inspectService" | "updateService">;

export function serviceMethods(transport: Transport): ServiceMethods {
  return {
    listServices: (options) =>
      transport.json(
        { method: "GET", path: "/services", signal: options?.signal, timeoutMs: options?.timeoutMs },
        ServiceListSchema,
      ),

    inspectService: (id, options) =>
      transport.json(
        {
          method: "GET",
          path: `/services/${segment(id)}`,
          signal: options?.signal,
          timeoutMs: options?.timeoutMs,
        },
        ServiceSchema,
      ),

    updateService: (id, version, spec, update, options) =>
      transport.empty({
        method: "POST",
        path: `/services/${segment(id)}/update`,
        query: { version },
        body: spec,
        // The credentials go with the spec to the nodes that pull the pinned image.
        ...(update?.registryAuth === undefined
          ? {}
          : { headers: { "X-Registry-Auth": update.registryAuth } }),
        signal: options?.signal,
        timeoutMs: options?.timeoutMs,
      }),
  };
}
