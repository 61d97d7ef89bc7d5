/**
 * @module Lists and inspects containers (bounded concurrency), resolving `container:<id>` network
 * modes to the parent's name so a re-created container points at the re-created parent.
 */
import { NotFoundError } from "../docker/errors.ts";
import type { DockerClient, ContainerInspect, ContainerSummary, ImageInspect } from "../docker/types.ts";
import { mapPool } from "../util/map-pool.ts";
import { errorMessage } from "../util/errors.ts";
import { isImageId, shortId } from "../util/image-reference.ts";
import { LABELS } from "./labels.ts";
import { followedImage, makeContainer, type CheckSubject, type Container } from "./container.ts";

export interface ListOptions {
  includeStopped: boolean;
  includeRestarting: boolean;
  concurrency?: number;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  /**
   * The engine's list of every container (`all: true`) when the caller just asked for it: the
   * ones of the wanted states are taken from it instead of listing again.
   */
  all?: readonly ContainerSummary[] | undefined;
}

export function statusFilter(options: Pick<ListOptions, "includeStopped" | "includeRestarting">) {
  const status = ["running"];
  if (options.includeStopped) status.push("created", "exited");
  if (options.includeRestarting) status.push("restarting");
  return status;
}

/** What the container list tells of a container, without an inspect. */
export interface ListedContainer {
  id: string;
  /** With the leading slash. */
  name: string;
  labels: Record<string, string>;
  /**
   * The reference it follows. The engine lists the image ID instead once the tag names another
   * image than the container's; the inspect's is the one to trust.
   */
  imageName: string;
  imageId: string;
  /** The list's state (`created`, `running`, …). */
  state: string;
  /** The list names it by `imageName` (see `CheckSubject.listedByReference`). */
  listedByReference: boolean;
}

/** Is a container of the states a session manages (`statusFilter`, applied to an `all` list). */
export function hasListedStatus(
  summary: ContainerSummary,
  options: Pick<ListOptions, "includeStopped" | "includeRestarting">,
): boolean {
  return statusFilter(options).includes(summary.State);
}

/** A listed container whose inspect failed or timed out: what the list told about it, and why. */
export interface UnreadableContainer extends ListedContainer {
  error: string;
}

/**
 * A container's own name (with the slash). The list also names it by each legacy link to it
 * (`/<parent>/<alias>`), in no set order.
 */
export function primaryName(summary: Pick<ContainerSummary, "Id" | "Names">): string {
  return (
    summary.Names.find((name) => name.lastIndexOf("/") === 0) ?? summary.Names[0] ?? `/${shortId(summary.Id)}`
  );
}

export function listedContainer(summary: ContainerSummary): ListedContainer {
  const labels = summary.Labels ?? {};
  return {
    id: summary.Id,
    name: primaryName(summary),
    labels,
    imageName: followedImage(summary.Image, labels),
    imageId: summary.ImageID,
    state: summary.State,
    listedByReference: !isImageId(summary.Image) && labels[LABELS.zodiacImage] === undefined,
  };
}

type Call = { signal?: AbortSignal; timeoutMs: number };

function callOf(options: Pick<ListOptions, "signal" | "timeoutMs">): Call {
  return { ...(options.signal && { signal: options.signal }), timeoutMs: options.timeoutMs ?? 30_000 };
}

/** One inspect per image ID; undefined when it failed (the check says so, the swap refuses). */
function imageInspects(docker: DockerClient, call: Call): (id: string) => Promise<ImageInspect | undefined> {
  const images = new Map<string, Promise<ImageInspect | undefined>>();
  return (id) => {
    let image = images.get(id);
    if (image === undefined) {
      image = docker.inspectImage(id, call).catch(() => undefined);
      images.set(id, image);
    }
    return image;
  };
}

/**
 * What the checks of listed containers read, without inspecting them: the list's reference,
 * labels and image ID, and one inspect per image.
 */
export async function listedSubjects(
  docker: DockerClient,
  listed: readonly ListedContainer[],
  options: Pick<ListOptions, "concurrency" | "signal" | "timeoutMs">,
): Promise<CheckSubject[]> {
  const call = callOf(options);
  const inspectImage = imageInspects(docker, call);
  await mapPool(
    [...new Set(listed.map((container) => container.imageId))],
    options.concurrency ?? 8,
    inspectImage,
  );
  return Promise.all(
    listed.map(async ({ id, name, imageName, labels, imageId, listedByReference }) => ({
      id,
      name,
      imageName,
      labels,
      imageId,
      image: await inspectImage(imageId),
      listedByReference,
    })),
  );
}

export interface ContainerList {
  containers: Container[];
  /** Never dropped silently: the session reports them Skipped with the cause. */
  unreadable: UnreadableContainer[];
}

/** Inspects every listed container; ones that vanish meanwhile (404) are left out. */
export async function listContainers(docker: DockerClient, options: ListOptions): Promise<ContainerList> {
  const call = callOf(options);
  const summaries =
    options.all?.filter((summary) => hasListedStatus(summary, options)) ??
    (await docker.listContainers({ ...call, all: true, filters: { status: statusFilter(options) } }));
  const inspectImage = imageInspects(docker, call);
  const unreadable: UnreadableContainer[] = [];
  const inspected = await mapPool(summaries, options.concurrency ?? 8, async (summary) => {
    try {
      const inspect = await docker.inspectContainer(summary.Id, call);
      return { inspect, image: await inspectImage(inspect.Image) };
    } catch (error) {
      if (error instanceof NotFoundError || options.signal?.aborted === true) return undefined;
      unreadable.push({
        ...listedContainer(summary),
        error: `the container could not be inspected: ${errorMessage(error)}`,
      });
      return undefined;
    }
  });
  const byId = new Map<string, ContainerInspect>();
  for (const entry of inspected) if (entry !== undefined) byId.set(entry.inspect.Id, entry.inspect);
  const containers: Container[] = [];
  for (const entry of inspected) {
    if (entry === undefined) continue;
    const networkMode = await resolveNetworkMode(docker, entry.inspect, byId, call);
    containers.push(makeContainer(entry.inspect, entry.image, networkMode));
  }
  return { containers, unreadable };
}

/**
 * Whether `network_mode: container:<target>` names the container `id` / `name` (with the slash):
 * Docker keeps the ID it resolved at create time, a user may have written a name or a short ID.
 */
export function namesContainer(target: string, id: string, name: string): boolean {
  return id.startsWith(target) || name === `/${target}`;
}

async function resolveNetworkMode(
  docker: DockerClient,
  inspect: ContainerInspect,
  known: Map<string, ContainerInspect>,
  call: Call,
): Promise<string> {
  const mode = inspect.HostConfig.NetworkMode ?? "";
  if (!mode.startsWith("container:")) return mode;
  const target = mode.slice("container:".length);
  const parent =
    known.get(target) ??
    [...known.values()].find((c) => namesContainer(target, c.Id, c.Name)) ??
    (await docker.inspectContainer(target, call).catch(() => undefined));
  return parent === undefined ? mode : `container:${parent.Name.replace(/^\//, "")}`;
}
