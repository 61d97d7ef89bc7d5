/**
 * @module zod schemas for the Engine API answers Bosun reads. They check the fields Bosun relies
 * on and let everything else pass through (`z.looseObject`), so newer daemons never break parsing;
 * the interfaces in `types.ts` document the full shapes.
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
});
export const ContainerListSchema = z.array(ContainerSummarySchema);

const ContainerConfigSchema = z.looseObject({
  Image: z.string().optional(),
  Env: StringList.optional(),
  Cmd: StringList.optional(),
  Entrypoint: StringList.optional(),
  Labels: Labels.optional(),
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
  }),
  Config: ContainerConfigSchema,
  HostConfig: z.looseObject({}),
  NetworkSettings: z.looseObject({
    Networks: z.record(z.string(), z.looseObject({})).nullable().optional(),
  }),
  Mounts: z
    .array(z.looseObject({ Type: z.string(), Source: z.string(), Destination: z.string() }))
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

export const NetworkSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Driver: z.string(),
  Scope: z.string(),
  Containers: z
    .record(
      z.string(),
      z.looseObject({
        Name: z.string(),
        EndpointID: z.string(),
        MacAddress: z.string(),
        IPv4Address: z.string(),
      }),
    )
    .nullable()
    .optional(),
});
export const NetworkListSchema = z.array(NetworkSchema);

export const VolumeListSchema = z.looseObject({
  Volumes: z
    .array(z.looseObject({ Name: z.string(), Driver: z.string(), Labels: Labels.optional() }))
    .nullable()
    .optional(),
});

export const VersionSchema = z.looseObject({
  Version: z.string(),
  ApiVersion: z.string(),
  MinAPIVersion: z.string().optional(),
  Os: z.string(),
  Arch: z.string(),
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
  progressDetail: z.looseObject({ current: z.number().optional(), total: z.number().optional() }).optional(),
  error: z.string().optional(),
  errorDetail: z.looseObject({ message: z.string().optional() }).optional(),
});

export const EngineEventSchema = z.looseObject({
  Type: z.string(),
  Action: z.string(),
  Actor: z.looseObject({
    ID: z.string(),
    Attributes: z
      .record(z.string(), z.string())
      .nullable()
      .optional()
      .transform((attributes) => attributes ?? {}),
  }),
  time: z.number(),
  timeNano: z.number(),
});
