/**
 * @module The bodies of registry push webhooks: the CNCF distribution registry's notification
 * envelope and Docker Hub's webhook payload, read into the image references a targeted update
 * covers. Only a manifest pushed under a tag counts: a tag is what a container follows, so layer
 * and config blob pushes, pushes by digest only (the children of a multi-arch index, which is
 * pushed under its tag afterwards), pulls, mounts and deletes are ignored, each with a reason.
 * References are normalised as the `image=` filter reads them (`docker.io/library/nginx:1.27`).
 */
import { z } from "zod";
import { ImageReference } from "../util/image-reference.ts";
import { BosunError } from "../util/errors.ts";

/** The media type the distribution registry sends its envelopes with. */
export const DISTRIBUTION_EVENTS_TYPE = "application/vnd.docker.distribution.events.v1+json";

/** Which of the two payload formats a body was. */
export type PushSource = "distribution" | "dockerhub";

export type IgnoreReason =
  | "not a push"
  | "not a manifest"
  | "no tag"
  | "no repository"
  | "no registry host"
  | "invalid image reference";

export interface QueuedPush {
  /** The normalised reference a targeted update covers: `<host>/<repository>:<tag>`. */
  image: string;
  repository: string;
  tag: string;
}

export interface IgnoredEvent {
  reason: IgnoreReason;
  action: string;
  repository?: string;
  mediaType?: string;
}

export interface PushPayload {
  source: PushSource;
  pushes: QueuedPush[];
  ignored: IgnoredEvent[];
  /** The distinct images of `pushes`, in order. */
  images: string[];
}

/** A body the webhook cannot take; `status` is the HTTP answer (415 or 400). */
export class PushPayloadError extends BosunError {
  readonly status: 400 | 415;
  constructor(code: "API_MEDIA_TYPE" | "API_BODY", message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = code === "API_BODY" ? 400 : 415;
  }
}

const MANIFEST_TYPES = new Set([
  "application/vnd.docker.distribution.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
]);

// Distribution marshals with omitempty: every field may be missing.
const distributionEvent = z.object({
  action: z.string().optional(),
  target: z
    .object({
      mediaType: z.string().optional(),
      digest: z.string().optional(),
      repository: z.string().optional(),
      tag: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  request: z.object({ host: z.string().optional() }).optional(),
});

const distributionEnvelope = z.object({ events: z.array(distributionEvent) });

const dockerHubPayload = z.object({
  push_data: z.object({ tag: z.string().optional() }),
  repository: z.object({ repo_name: z.string().min(1, "empty repo_name") }),
});

type DistributionEvent = z.infer<typeof distributionEvent>;

/** The media type without parameters, lowercased; undefined when absent. */
function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type === "" ? undefined : type;
}

/** The normalised `host/repository:tag`, or undefined when it is not a valid image reference. */
function reference(host: string, repository: string, tag: string): string | undefined {
  return ImageReference.tryParse(`${host}/${repository}:${tag}`)?.canonical;
}

/** `host[:port]` of the registry URL distribution puts in `target.url`. */
function urlHost(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const host = new URL(url).host;
    return host === "" ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * The images one distribution event targets. `target.url` carries the registry's configured
 * `http.host` when it has one, `request.host` the name the pusher used; when they differ both are
 * targeted, so containers that name the registry either way are covered.
 */
function readDistributionEvent(event: DistributionEvent): QueuedPush[] | IgnoredEvent {
  const action = event.action ?? "";
  const target = event.target ?? {};
  const repository = target.repository ?? "";
  const about = {
    action,
    ...(repository === "" ? {} : { repository }),
    ...(target.mediaType === undefined ? {} : { mediaType: target.mediaType }),
  };
  if (action !== "push") return { reason: "not a push", ...about };
  if (target.mediaType !== undefined && !MANIFEST_TYPES.has(target.mediaType.toLowerCase())) {
    return { reason: "not a manifest", ...about };
  }
  const tag = target.tag ?? "";
  if (tag === "") return { reason: "no tag", ...about };
  // Host names are case-insensitive; image references compare them as strings.
  const hosts = [...new Set([urlHost(target.url), event.request?.host?.trim().toLowerCase()])].filter(
    (host): host is string => host !== undefined && host !== "",
  );
  if (repository === "") return { reason: "no repository", ...about };
  if (hosts.length === 0) return { reason: "no registry host", ...about };
  const pushes: QueuedPush[] = [];
  for (const host of hosts) {
    const image = reference(host, repository, tag);
    if (image === undefined) return { reason: "invalid image reference", ...about };
    pushes.push({ image, repository, tag });
  }
  return pushes;
}

function issue(error: z.ZodError): string {
  const first = error.issues[0];
  if (first === undefined) return "invalid value";
  const path = first.path.map(String).join(".");
  return path === "" ? first.message : `${path}: ${first.message}`;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new PushPayloadError("API_BODY", "request body is not JSON", { cause: error });
  }
}

function collect(source: PushSource, results: (QueuedPush[] | IgnoredEvent)[]): PushPayload {
  const pushes: QueuedPush[] = [];
  const ignored: IgnoredEvent[] = [];
  for (const result of results) {
    if (Array.isArray(result)) pushes.push(...result);
    else ignored.push(result);
  }
  return { source, pushes, ignored, images: [...new Set(pushes.map((push) => push.image))] };
}

function readDistribution(value: unknown): PushPayload {
  const parsed = distributionEnvelope.safeParse(value);
  if (!parsed.success) {
    throw new PushPayloadError("API_BODY", `malformed registry notification: ${issue(parsed.error)}`);
  }
  return collect("distribution", parsed.data.events.map(readDistributionEvent));
}

/** Docker Hub sends one push per call; its `callback_url` is never called. */
function readDockerHub(value: unknown): PushPayload {
  const parsed = dockerHubPayload.safeParse(value);
  if (!parsed.success) {
    throw new PushPayloadError("API_BODY", `malformed Docker Hub webhook: ${issue(parsed.error)}`);
  }
  const repository = parsed.data.repository.repo_name;
  const tag = parsed.data.push_data.tag ?? "";
  if (tag === "") return collect("dockerhub", [{ reason: "no tag", action: "push", repository }]);
  const image = reference("docker.io", repository, tag);
  if (image === undefined) {
    throw new PushPayloadError("API_BODY", "malformed Docker Hub webhook: invalid repository or tag");
  }
  return collect("dockerhub", [[{ image, repository, tag }]]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const UNSUPPORTED_CONTENT_TYPE = `unsupported content type: expected ${DISTRIBUTION_EVENTS_TYPE} or application/json`;

/** True for the content types a webhook body may have (checked before the body is read). */
export function isPushContentType(contentType: string | undefined): boolean {
  const type = mediaTypeOf(contentType);
  return type === DISTRIBUTION_EVENTS_TYPE || type === "application/json";
}

/**
 * Reads a webhook body sent with `contentType`: the distribution media type must hold an envelope;
 * `application/json` may hold either payload, told apart by its `events` or `push_data` key.
 * Throws PushPayloadError.
 */
export function parsePushPayload(contentType: string | undefined, body: string): PushPayload {
  if (!isPushContentType(contentType)) {
    throw new PushPayloadError("API_MEDIA_TYPE", UNSUPPORTED_CONTENT_TYPE);
  }
  const type = mediaTypeOf(contentType);
  const value = parseJson(body);
  if (type === DISTRIBUTION_EVENTS_TYPE || (isObject(value) && "events" in value)) {
    return readDistribution(value);
  }
  if (isObject(value) && "push_data" in value) return readDockerHub(value);
  throw new PushPayloadError(
    "API_BODY",
    "request body is neither a registry notification envelope nor a Docker Hub webhook",
  );
}
