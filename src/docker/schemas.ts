/**
 * @module zod schemas for the Engine API answers Bosun reads. They name every field Bosun reads and
 * let everything else pass through (`z.looseObject`), so newer daemons never break parsing and a
 * container is recreated with the fields Bosun does not know. `types.ts` derives the types from
 * them (`z.infer`): one definition, no casts after parsing. Fields a daemon may leave out are
 * optional, and `null` is accepted wherever the Engine API sends it.
 */
import { z } from "zod";

const Labels = z.record(z.string(), z.string()).nullable();
const StringList = z.array(z.string()).nullable();

export const ContainerSummarySchema = z.looseObject({
  Id: z.string(),
  Names: z.array(z.string()),
  Image: z.string(),
  ImageID: z.string(),
  Created: z.number(),
  State: z.string(),
  Status: z.string(),
  Labels: Labels.optional().transform((labels) => labels ?? null),
  /** `container:<id>` when it shares another container's network namespace. */
  HostConfig: z.looseObject({ NetworkMode: z.string().optional() }).optional(),
});
export const ContainerListSchema = z.array(ContainerSummarySchema);

export const HealthConfigSchema = z.looseObject({
  Test: StringList.optional(),
  Interval: z.number().optional(),
  Timeout: z.number().optional(),
  Retries: z.number().optional(),
  StartPeriod: z.number().optional(),
});

/** `Config` of a container inspect, which is also the body of `POST /containers/create`. */
export const ContainerConfigSchema = z.looseObject({
  Hostname: z.string().optional(),
  Domainname: z.string().optional(),
  User: z.string().optional(),
  Env: StringList.optional(),
  Cmd: StringList.optional(),
  Entrypoint: StringList.optional(),
  Image: z.string().optional(),
  Labels: Labels.optional(),
  Volumes: z.record(z.string(), z.looseObject({})).nullable().optional(),
  ExposedPorts: z.record(z.string(), z.looseObject({})).nullable().optional(),
  WorkingDir: z.string().optional(),
  Healthcheck: HealthConfigSchema.nullable().optional(),
  StopSignal: z.string().optional(),
  StopTimeout: z.number().nullable().optional(),
  MacAddress: z.string().optional(),
});

export const MountPointSchema = z.looseObject({
  Type: z.string(),
  Name: z.string().optional(),
  Source: z.string(),
  Destination: z.string(),
  Driver: z.string().optional(),
  Mode: z.string().optional(),
  RW: z.boolean().optional(),
});

export const EndpointSettingsSchema = z.looseObject({
  IPAMConfig: z
    .looseObject({
      IPv4Address: z.string().optional(),
      IPv6Address: z.string().optional(),
      LinkLocalIPs: StringList.optional(),
    })
    .nullable()
    .optional(),
  Links: StringList.optional(),
  Aliases: StringList.optional(),
  NetworkID: z.string().optional(),
  EndpointID: z.string().optional(),
  Gateway: z.string().optional(),
  IPAddress: z.string().optional(),
  MacAddress: z.string().optional(),
  DriverOpts: z.record(z.string(), z.string()).nullable().optional(),
});

/** `HostConfig`; passed through to create as a whole, so only the fields Bosun inspects are named. */
export const HostConfigSchema = z.looseObject({
  Binds: StringList.optional(),
  Links: StringList.optional(),
  NetworkMode: z.string().optional(),
  PortBindings: z
    .record(
      z.string(),
      z.array(z.looseObject({ HostIp: z.string().optional(), HostPort: z.string().optional() })).nullable(),
    )
    .nullable()
    .optional(),
  AutoRemove: z.boolean().optional(),
  MemorySwappiness: z.number().nullable().optional(),
  RestartPolicy: z.looseObject({ Name: z.string(), MaximumRetryCount: z.number().optional() }).optional(),
  Mounts: z
    .array(z.looseObject({ Type: z.string(), Source: z.string().optional(), Target: z.string() }))
    .nullable()
    .optional(),
});

export const ContainerInspectSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Created: z.string(),
  Image: z.string(),
  State: z.looseObject({
    Status: z.string(),
    Running: z.boolean(),
    Paused: z.boolean(),
    Restarting: z.boolean(),
    Pid: z.number(),
    ExitCode: z.number(),
    StartedAt: z.string(),
    FinishedAt: z.string(),
    Health: z.looseObject({ Status: z.string() }).nullable().optional(),
  }),
  Config: ContainerConfigSchema,
  HostConfig: HostConfigSchema,
  NetworkSettings: z.looseObject({
    Networks: z.record(z.string(), EndpointSettingsSchema).nullable().optional(),
  }),
  Mounts: z
    .array(MountPointSchema)
    .nullable()
    .transform((mounts) => mounts ?? []),
});

export const ImageInspectSchema = z.looseObject({
  Id: z.string(),
  RepoTags: StringList.optional().transform((tags) => tags ?? null),
  RepoDigests: StringList.optional().transform((digests) => digests ?? null),
  Created: z.string(),
  Config: ContainerConfigSchema.nullable()
    .optional()
    .transform((config) => config ?? null),
});

/** `GET /images/json` (only the ID is read). */
export const ImageListSchema = z.array(z.looseObject({ Id: z.string() }));

export const CreatedSchema = z.looseObject({ Id: z.string() });

export const WaitSchema = z.looseObject({
  StatusCode: z.number(),
  Error: z.looseObject({ Message: z.string().optional() }).nullable().optional(),
});

export const ExecInspectSchema = z.looseObject({
  ID: z.string(),
  Running: z.boolean(),
  ExitCode: z.number().nullable(),
  Pid: z.number(),
});

export const InfoSchema = z.looseObject({
  ID: z.string(),
  Name: z.string(),
  ServerVersion: z.string(),
  Containers: z.number(),
  Images: z.number(),
  Swarm: z
    .looseObject({ LocalNodeState: z.string().optional(), ControlAvailable: z.boolean().optional() })
    .optional(),
});

const ServiceSpecSchema = z.looseObject({
  Name: z.string(),
  Labels: Labels.optional(),
  TaskTemplate: z.looseObject({
    ContainerSpec: z.looseObject({ Image: z.string() }).optional(),
  }),
});

export const ServiceSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number() }),
  Spec: ServiceSpecSchema,
  UpdateStatus: z
    .looseObject({
      State: z.string().optional(),
      StartedAt: z.string().optional(),
      CompletedAt: z.string().optional(),
      Message: z.string().optional(),
    })
    .nullable()
    .optional(),
});
export const ServiceListSchema = z.array(ServiceSchema);

export const PullProgressSchema = z.looseObject({
  status: z.string().optional(),
  id: z.string().optional(),
  progress: z.string().optional(),
  /** Bytes of the layer's current phase (download or extraction). */
  progressDetail: z.looseObject({ current: z.number().optional(), total: z.number().optional() }).optional(),
  error: z.string().optional(),
  errorDetail: z.looseObject({ message: z.string().optional() }).optional(),
});
