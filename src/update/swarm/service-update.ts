/**
 * @module One selected service in one session: its tag's digest in the registry against the digest
 * Swarm pinned, and when stale, a service update pinned to the new digest that Bosun follows to
 * its end. Swarm, not Bosun, replaces the tasks, as the service's UpdateConfig says.
 */
import type { Logger } from "pino";
import type { DockerClient } from "../../docker/types.ts";
import type { DigestCheck, RegistryService } from "../../registry/types.ts";
import type { ContainerReport } from "../report-types.ts";
import type { Clock } from "../../util/clock.ts";
import { errorMessage } from "../../util/errors.ts";
import type { SessionEmitter } from "../events/emitter.ts";
import { headFailureNotice } from "../events/head-fallback.ts";
import type { CheckResult, EventContainer } from "../events/session-events.ts";
import { followUpdate } from "./follow-update.ts";
import { pinnedImage, serviceImage } from "./service-image.ts";
import type { SelectedService } from "./service-select.ts";

export interface ServiceUpdateDeps {
  docker: DockerClient;
  registry: RegistryService;
  log: Logger;
  /** The session's events: the check, and the update Swarm made. */
  events: SessionEmitter;
  clock: Clock;
  /** The registry's digest of a tag (the session's registry memo asks once per reference). */
  remoteDigest: (ref: string) => Promise<DigestCheck>;
}

export interface ServiceUpdateOptions {
  timeoutMs: number;
  pollMs: number;
  /** Why no update may start now (shutdown, lost writer lock), or undefined. */
  stopped: () => string | undefined;
  signal?: AbortSignal | undefined;
}

const CALL_TIMEOUT_MS = 30_000;

const UNPINNED =
  "its image is not pinned to a digest (created with --no-resolve-image?): the image its tasks run is not known";

export async function checkService(
  deps: ServiceUpdateDeps,
  selected: SelectedService,
  options: ServiceUpdateOptions,
): Promise<ContainerReport> {
  const { service, monitorOnly } = selected;
  const name = service.Spec.Name;
  const image = serviceImage(service.Spec.TaskTemplate.ContainerSpec?.Image ?? "");
  const current = image.kind === "followed" ? image.digest : "";
  const report: ContainerReport = {
    id: service.ID,
    name,
    imageName: image.ref,
    currentImageId: current,
    latestImageId: current,
    state: "Fresh",
    kind: "service",
  };
  const container: EventContainer = { id: service.ID, name, image: image.ref, kind: "service" };
  const checked = (result: CheckResult, more: { reason?: string; latestImageId?: string } = {}) => {
    deps.events.emit({
      type: "container-checked",
      container,
      result,
      currentImageId: current,
      ...more,
      ...(result === "stale" && monitorOnly && { monitorOnly }),
    });
  };
  const skipped = (error: string): ContainerReport => {
    checked("skipped", { reason: error });
    return { ...report, state: "Skipped", error };
  };
  if (image.kind === "invalid") return skipped(image.reason);
  if (image.kind === "unpinned") return skipped(UNPINNED);
  if (image.kind === "pinned") {
    const note = "pinned to a digest: never updated";
    checked("fresh", { reason: note });
    return { ...report, note };
  }

  const check = await deps.remoteDigest(image.ref);
  if (check.kind !== "match" && check.kind !== "differs") {
    headFailureNotice(deps.events, check);
    return skipped(`the registry's digest of ${image.ref} is unknown: ${check.reason}`);
  }
  const latest = check.remoteDigest;
  if (latest === image.digest) {
    checked("fresh", { latestImageId: latest });
    return report;
  }
  const stale = { ...report, latestImageId: latest };
  checked("stale", { latestImageId: latest });
  if (monitorOnly) return { ...stale, state: "Stale" };

  const target = pinnedImage(image.ref, latest);
  const stop = options.stopped();
  if (stop !== undefined) {
    deps.events.emit({ type: "container-skipped", container, reason: stop });
    return { ...stale, state: "Skipped", error: stop };
  }

  const failed = (error: string): ContainerReport => {
    deps.events.emit({ type: "container-failed", container, error });
    return { ...stale, state: "Failed", error };
  };
  const containerSpec = service.Spec.TaskTemplate.ContainerSpec;
  const spec = {
    ...service.Spec,
    TaskTemplate: { ...service.Spec.TaskTemplate, ContainerSpec: { ...containerSpec, Image: target } },
  };
  const call = { ...(options.signal && { signal: options.signal }), timeoutMs: CALL_TIMEOUT_MS };
  try {
    const registryAuth = await deps.registry.registryAuth(image.ref);
    const fields = { service: name, image: target };
    deps.events.emit({
      type: "notice",
      code: "service-updating",
      level: "info",
      message: "Updating service through Swarm",
      fields,
    });
    await deps.docker.updateService(
      service.ID,
      service.Version.Index,
      spec,
      registryAuth === undefined ? {} : { registryAuth },
      call,
    );
  } catch (error) {
    return failed(`the service update was refused: ${errorMessage(error)}`);
  }
  const result = await followUpdate(
    { inspect: () => deps.docker.inspectService(service.ID, call), clock: deps.clock },
    {
      postedVersion: service.Version.Index,
      timeoutMs: options.timeoutMs,
      pollMs: options.pollMs,
      signal: options.signal,
    },
  );
  if (!result.ok) return failed(result.error);
  deps.events.emit({ type: "container-updated", container, newId: service.ID, newImageId: latest });
  return { ...stale, state: "Updated" };
}
