/**
 * @module The narrow slice of the Docker Engine API that Bosun uses.
 * Field names follow the Engine API (https://docs.docker.com/reference/api/engine/version/v1.41/);
 * only what Bosun reads or writes is typed, and unknown fields pass through untouched. The answer
 * types are derived from the zod schemas that parse them (`schemas.ts`).
 */
import type { EngineFlavour } from "./engine-flavour.ts";
import type { z } from "zod";
import type {
  ContainerConfigSchema,
  ContainerInspectSchema,
  ContainerSummarySchema,
  EndpointSettingsSchema,
  ExecInspectSchema,
  HealthConfigSchema,
  HostConfigSchema,
  ImageInspectSchema,
  InfoSchema,
  MountPointSchema,
  PullProgressSchema,
} from "./schemas.ts";

/** `GET /containers/json` entry. */
export type ContainerSummary = z.infer<typeof ContainerSummarySchema>;
export type HealthConfig = z.infer<typeof HealthConfigSchema>;
/** `Config` of a container inspect, which is also the body of `POST /containers/create`. */
export type ContainerConfig = z.infer<typeof ContainerConfigSchema>;
export type MountPoint = z.infer<typeof MountPointSchema>;
export type EndpointSettings = z.infer<typeof EndpointSettingsSchema>;
/** `HostConfig`; passed through to create as a whole, so only the fields Bosun inspects are named. */
export type HostConfig = z.infer<typeof HostConfigSchema>;
/** `GET /containers/{id}/json`. */
export type ContainerInspect = z.infer<typeof ContainerInspectSchema>;
/** `GET /images/{name}/json`. */
export type ImageInspect = z.infer<typeof ImageInspectSchema>;

/** Body of `POST /containers/create`. */
export interface ContainerCreateBody extends ContainerConfig {
  HostConfig?: HostConfig;
  NetworkingConfig?: { EndpointsConfig: Record<string, EndpointSettings> };
}

export type SystemInfo = z.infer<typeof InfoSchema>;
export type ExecInspect = z.infer<typeof ExecInspectSchema>;

/** A service's spec: Bosun changes only `TaskTemplate.ContainerSpec.Image` and posts the rest back as read. */
export interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string> | null | undefined;
  TaskTemplate: {
    ContainerSpec?: { Image: string; [key: string]: unknown } | undefined;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** `GET /services/{id}` (and an entry of `GET /services`). */
export interface SwarmService {
  ID: string;
  /** The spec's version: `POST /services/{id}/update` takes it for optimistic locking. */
  Version: { Index: number };
  Spec: ServiceSpec;
  /** The last (or current) rolling update; absent before the first, and while a new one is queued. */
  UpdateStatus?:
    | {
        State?: string | undefined;
        StartedAt?: string | undefined;
        CompletedAt?: string | undefined;
        Message?: string | undefined;
      }
    | null
    | undefined;
  [key: string]: unknown;
}

/** One line of the pull progress stream. */
export type PullProgress = z.infer<typeof PullProgressSchema>;

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr interleaved, capped at `maxOutputBytes`. */
  output: string;
  /** The exec was still running when the timeout hit. */
  timedOut: boolean;
}

/** Options every call takes: an abort signal and a per-call timeout. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ListContainersOptions extends CallOptions {
  all?: boolean;
  /** Engine filters, e.g. `{ status: ["running", "restarting"], label: ["a=b"] }`. */
  filters?: Record<string, string[]>;
}

/**
 * What Bosun needs from a Docker engine. Errors are `DockerApiError` (with status, method, path),
 * `NotFoundError` for 404 and `ConflictError` for 409, all from `./errors.ts`.
 */
export interface DockerClient {
  /** The negotiated API version, e.g. "1.41". */
  readonly apiVersion: string;
  /** The engine behind the API, from its last `/_ping`; Podman's answers are brought to Docker's shape. */
  readonly engine: EngineFlavour;

  info(options?: CallOptions): Promise<SystemInfo>;

  listContainers(options?: ListContainersOptions): Promise<ContainerSummary[]>;
  inspectContainer(id: string, options?: CallOptions): Promise<ContainerInspect>;
  /** Returns the new container's ID. */
  createContainer(
    name: string | undefined,
    body: ContainerCreateBody,
    options?: CallOptions,
  ): Promise<string>;
  startContainer(id: string, options?: CallOptions): Promise<void>;
  /** Stops with `signal` (engine default when absent), killing after `timeoutSeconds`. */
  stopContainer(
    id: string,
    stop?: { signal?: string; timeoutSeconds?: number },
    options?: CallOptions,
  ): Promise<void>;
  removeContainer(
    id: string,
    remove?: { force?: boolean; removeVolumes?: boolean },
    options?: CallOptions,
  ): Promise<void>;
  renameContainer(id: string, newName: string, options?: CallOptions): Promise<void>;
  /** Waits until the container is no longer running; resolves with its exit code. */
  waitContainer(
    id: string,
    condition?: "not-running" | "next-exit" | "removed",
    options?: CallOptions,
  ): Promise<number>;

  /** Runs `cmd` in the container, capturing output, bounded by `timeoutMs` (0 = none). */
  exec(
    id: string,
    cmd: string[],
    exec?: { user?: string; env?: string[]; timeoutMs?: number; maxOutputBytes?: number },
    options?: CallOptions,
  ): Promise<ExecResult>;

  inspectImage(ref: string, options?: CallOptions): Promise<ImageInspect>;
  /** The local images (top-level, dangling included). */
  listImages(options?: CallOptions): Promise<{ Id: string }[]>;
  /** Pulls `ref`, reading the whole progress stream; an error inside the stream rejects. */
  pullImage(
    ref: string,
    pull?: { registryAuth?: string; onProgress?: (progress: PullProgress) => void },
    options?: CallOptions,
  ): Promise<void>;
  removeImage(
    ref: string,
    remove?: { force?: boolean; noPrune?: boolean },
    options?: CallOptions,
  ): Promise<void>;

  connectNetwork(
    network: string,
    container: string,
    endpoint?: EndpointSettings,
    options?: CallOptions,
  ): Promise<void>;

  /** Swarm services (a manager only; a worker or a daemon outside a swarm answers 503). */
  listServices(options?: CallOptions): Promise<SwarmService[]>;
  inspectService(id: string, options?: CallOptions): Promise<SwarmService>;
  /** Posts `spec` as the service's new spec at `version`; Swarm rolls the tasks as its UpdateConfig says. */
  updateService(
    id: string,
    version: number,
    spec: ServiceSpec,
    update?: { registryAuth?: string },
    options?: CallOptions,
  ): Promise<void>;

  removeVolume(name: string, options?: CallOptions): Promise<void>;

  close(): Promise<void>;
}
