/**
 * @module The narrow slice of the Docker Engine API that Bosun uses.
 * Field names follow the Engine API (https://docs.docker.com/reference/api/engine/version/v1.41/);
 * only what Bosun reads or writes is typed, and unknown fields pass through untouched.
 */
import type { EngineFlavour } from "./engine-flavour.ts";

/** `GET /containers/json` entry. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Created: number;
  State: string;
  Status: string;
  Labels: Record<string, string> | null;
}

export interface HealthConfig {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
  [key: string]: unknown;
}

/** `Config` of a container inspect, which is also the body of `POST /containers/create`. */
export interface ContainerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Image?: string;
  Labels?: Record<string, string> | null;
  Volumes?: Record<string, object> | null;
  ExposedPorts?: Record<string, object> | null;
  WorkingDir?: string;
  Healthcheck?: HealthConfig | null;
  StopSignal?: string;
  StopTimeout?: number | null;
  MacAddress?: string;
  [key: string]: unknown;
}

export interface MountPoint {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode?: string;
  RW?: boolean;
  [key: string]: unknown;
}

export interface EndpointSettings {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] } | null;
  Links?: string[] | null;
  Aliases?: string[] | null;
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  MacAddress?: string;
  DriverOpts?: Record<string, string> | null;
  [key: string]: unknown;
}

/** `HostConfig`; passed through to create as a whole, so only the fields Bosun inspects are named. */
export interface HostConfig {
  Binds?: string[] | null;
  Links?: string[] | null;
  NetworkMode?: string;
  PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
  AutoRemove?: boolean;
  MemorySwappiness?: number | null;
  RestartPolicy?: { Name: string; MaximumRetryCount?: number };
  Mounts?: { Type: string; Source?: string; Target: string; [key: string]: unknown }[] | null;
  [key: string]: unknown;
}

/** `GET /containers/{id}/json`. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  State: {
    Status: string;
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    Pid: number;
    ExitCode: number;
    StartedAt: string;
    FinishedAt: string;
    Health?: { Status: string } | null;
  };
  Config: ContainerConfig;
  HostConfig: HostConfig;
  NetworkSettings: { Networks?: Record<string, EndpointSettings> | null; [key: string]: unknown };
  Mounts: MountPoint[];
  [key: string]: unknown;
}

/** `GET /images/{name}/json`. */
export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: string;
  Config: ContainerConfig | null;
  [key: string]: unknown;
}

/** Body of `POST /containers/create`. */
export interface ContainerCreateBody extends ContainerConfig {
  HostConfig?: HostConfig;
  NetworkingConfig?: { EndpointsConfig: Record<string, EndpointSettings> };
}

export interface NetworkInspect {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Containers?: Record<string, { Name: string; EndpointID: string; MacAddress: string; IPv4Address: string }>;
  [key: string]: unknown;
}

export interface VersionInfo {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os: string;
  Arch: string;
  [key: string]: unknown;
}

export interface SystemInfo {
  ID: string;
  Name: string;
  ServerVersion: string;
  Containers: number;
  Images: number;
  /** Absent on daemons without Swarm support; `ControlAvailable` is true on a manager. */
  Swarm?:
    | { LocalNodeState?: string | undefined; ControlAvailable?: boolean | undefined; [key: string]: unknown }
    | undefined;
  [key: string]: unknown;
}

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

export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  Pid: number;
  [key: string]: unknown;
}

/** One line of the pull progress stream. */
export interface PullProgress {
  status?: string;
  id?: string;
  progress?: string;
  /** Bytes of the layer's current phase (download or extraction). */
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** One event of `GET /events`. */
export interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
  [key: string]: unknown;
}

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

  ping(options?: CallOptions): Promise<void>;
  version(options?: CallOptions): Promise<VersionInfo>;
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
  killContainer(id: string, signal?: string, options?: CallOptions): Promise<void>;
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
  tagImage(source: string, repo: string, tag: string, options?: CallOptions): Promise<void>;
  removeImage(
    ref: string,
    remove?: { force?: boolean; noPrune?: boolean },
    options?: CallOptions,
  ): Promise<void>;

  listNetworks(options?: CallOptions): Promise<NetworkInspect[]>;
  inspectNetwork(id: string, options?: CallOptions): Promise<NetworkInspect>;
  connectNetwork(
    network: string,
    container: string,
    endpoint?: EndpointSettings,
    options?: CallOptions,
  ): Promise<void>;
  disconnectNetwork(
    network: string,
    container: string,
    force?: boolean,
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

  listVolumes(
    options?: CallOptions,
  ): Promise<{ Name: string; Driver: string; Labels: Record<string, string> | null }[]>;
  removeVolume(name: string, options?: CallOptions): Promise<void>;

  /** Streams engine events until the signal aborts. */
  events(
    filters?: Record<string, string[]>,
    options?: CallOptions & { since?: number },
  ): AsyncIterable<EngineEvent>;

  close(): Promise<void>;
}
