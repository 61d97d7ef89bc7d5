/**
 * @module Container lifecycle calls: list, inspect, create, start, stop (a kill where the engine
 * needs one), remove, rename, wait.
 */
import type { CallOptions, DockerClient } from "./types.ts";
import { ConflictError, DockerApiError, DockerTimeoutError } from "./errors.ts";
import { podmanCreateBody } from "./podman-create.ts";
import { podmanInspect } from "./podman-inspect.ts";
import { ContainerInspectSchema, ContainerListSchema, CreatedSchema, WaitSchema } from "./schemas.ts";
import { sameSignal } from "./signals.ts";
import { segment } from "./transport.ts";
import type { Transport } from "./transport.ts";
import { supportsApiVersion } from "./version.ts";

type ContainerMethods = Pick<
  DockerClient,
  | "listContainers"
  | "inspectContainer"
  | "createContainer"
  | "startContainer"
  | "stopContainer"
  | "removeContainer"
  | "renameContainer"
  | "waitContainer"
>;

/** The Engine's own default when neither the caller nor the container sets a stop timeout. */
const ENGINE_STOP_TIMEOUT_SECONDS = 10;
/** Extra time for an HTTP stop/wait beyond the container's grace period. */
const STOP_SLACK_MS = 30_000;

export function containerMethods(transport: Transport): ContainerMethods {
  const podman = () => transport.engine === "podman";
  const call = (options: CallOptions | undefined) => ({
    signal: options?.signal,
    timeoutMs: options?.timeoutMs,
  });

  const waitContainer: ContainerMethods["waitContainer"] = async (id, condition, options) => {
    const result = await transport.json(
      {
        method: "POST",
        path: `/containers/${segment(id)}/wait`,
        query: { condition },
        signal: options?.signal,
        // Waiting is open-ended unless the caller bounds it.
        timeoutMs: options?.timeoutMs ?? null,
      },
      WaitSchema,
    );
    if (result.Error?.Message !== undefined && result.Error.Message !== "") {
      throw new DockerApiError(200, "POST", `/containers/${id}/wait`, result.Error.Message);
    }
    return result.StatusCode;
  };

  const killContainer = (id: string, signal: string | undefined, options: CallOptions | undefined) =>
    transport.empty({
      method: "POST",
      path: `/containers/${segment(id)}/kill`,
      query: { signal },
      ...call(options),
    });

  const inspectContainer: ContainerMethods["inspectContainer"] = async (id, options) => {
    const inspect = await transport.json(
      { method: "GET", path: `/containers/${segment(id)}/json`, ...call(options) },
      ContainerInspectSchema,
    );
    return podman() ? podmanInspect(inspect) : inspect;
  };

  /**
   * `POST /stop?signal=` exists only from API 1.42. On older daemons a custom signal is sent with
   * kill, then we wait up to the grace period and SIGKILL, which is what the daemon's own stop does.
   */
  const stopWithSignal = async (
    id: string,
    signal: string,
    timeoutSeconds: number | undefined,
    options: CallOptions | undefined,
  ): Promise<void> => {
    let grace = timeoutSeconds;
    if (grace === undefined) {
      const inspected = await inspectContainer(id, options);
      const own = inspected.Config.StopTimeout;
      grace = typeof own === "number" ? own : ENGINE_STOP_TIMEOUT_SECONDS;
    }
    try {
      await killContainer(id, signal, options);
    } catch (error) {
      // 409 "is not running": already stopped, which is what stop wants.
      if (error instanceof ConflictError) return;
      throw error;
    }
    if (grace < 0) {
      await waitContainer(id, "not-running", { ...options, timeoutMs: options?.timeoutMs ?? 0 });
      return;
    }
    try {
      await waitContainer(id, "not-running", { ...options, timeoutMs: grace * 1000 });
      return;
    } catch (error) {
      if (options?.signal?.aborted === true) throw error;
      if (!(error instanceof DockerTimeoutError)) throw error;
    }
    try {
      await killContainer(id, "SIGKILL", options);
    } catch (error) {
      if (error instanceof ConflictError) return;
      throw error;
    }
    await waitContainer(id, "not-running", { ...options, timeoutMs: options?.timeoutMs ?? STOP_SLACK_MS });
  };

  const plainStop = (
    id: string,
    signal: string | undefined,
    grace: number | undefined,
    options: CallOptions | undefined,
  ): Promise<void> =>
    transport.empty({
      method: "POST",
      path: `/containers/${segment(id)}/stop`,
      query: { signal: signal === "" ? undefined : signal, t: grace },
      // 304: already stopped.
      acceptStatuses: [304],
      signal: options?.signal,
      // The daemon answers only after the grace period (if it had to kill), so the HTTP timeout covers it.
      timeoutMs:
        options?.timeoutMs ?? (grace === undefined || grace < 0 ? null : grace * 1000 + STOP_SLACK_MS),
    });

  /**
   * Podman's `/stop` takes no signal at any API version, and after a kill Podman applies the
   * restart policy (the container comes back, and a wait for not-running never returns). So
   * `/stop` alone when the signal is the container's own, which Podman sends; another signal is
   * sent by kill first, then `/stop` marks the container stopped by the user.
   */
  const podmanStop = async (
    id: string,
    signal: string,
    grace: number | undefined,
    options: CallOptions | undefined,
  ): Promise<void> => {
    const own = (await inspectContainer(id, options)).Config.StopSignal ?? "";
    if (!sameSignal(signal, own === "" ? "SIGTERM" : own)) {
      try {
        await killContainer(id, signal, options);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    await plainStop(id, undefined, grace, options);
  };

  return {
    async listContainers(options) {
      const filters = options?.filters;
      return await transport.json(
        {
          method: "GET",
          path: "/containers/json",
          query: {
            all: options?.all === true ? "true" : undefined,
            filters: filters === undefined ? undefined : JSON.stringify(filters),
          },
          ...call(options),
        },
        ContainerListSchema,
      );
    },

    inspectContainer,

    async createContainer(name, body, options) {
      const created = await transport.json(
        {
          method: "POST",
          path: "/containers/create",
          query: { name },
          body: podman() ? podmanCreateBody(body) : body,
          ...call(options),
        },
        CreatedSchema,
      );
      return created.Id;
    },

    startContainer: (id, options) =>
      transport.empty({
        method: "POST",
        path: `/containers/${segment(id)}/start`,
        // 304: already running.
        acceptStatuses: [304],
        ...call(options),
      }),

    async stopContainer(id, stop, options) {
      const signal = stop?.signal;
      const grace = stop?.timeoutSeconds;
      if (signal !== undefined && signal !== "" && podman()) {
        await podmanStop(id, signal, grace, options);
        return;
      }
      if (signal !== undefined && signal !== "" && !supportsApiVersion(transport.apiVersion, "1.42")) {
        await stopWithSignal(id, signal, grace, options);
        return;
      }
      await plainStop(id, signal, grace, options);
    },

    removeContainer: (id, remove, options) =>
      transport.empty({
        method: "DELETE",
        path: `/containers/${segment(id)}`,
        query: {
          force: remove?.force === true ? "true" : undefined,
          v: remove?.removeVolumes === true ? "true" : undefined,
        },
        ...call(options),
      }),

    renameContainer: (id, newName, options) =>
      transport.empty({
        method: "POST",
        path: `/containers/${segment(id)}/rename`,
        query: { name: newName },
        ...call(options),
      }),

    waitContainer,
  };
}
