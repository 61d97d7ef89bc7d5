/**
 * @module The Swarm part of a session (`--swarm-services`): on a manager, every selected service
 * is checked against its registry and a stale one is updated through Swarm. Registry checks go
 * through the session's registry memo, as the containers' do: one per reference for both.
 */
import type { Logger } from "pino";
import type { ContainerFilter } from "../../container/filter.ts";
import type { DockerClient } from "../../docker/types.ts";
import type { RegistryService } from "../../registry/types.ts";
import { mapPool } from "../../util/map-pool.ts";
import type { ContainerReport } from "../report-types.ts";
import type { Clock } from "../../util/clock.ts";
import { errorMessage } from "../../util/errors.ts";
import type { SessionEmitter } from "../events/emitter.ts";
import { logEvents } from "../events/publisher.ts";
import { selectServices } from "./service-select.ts";
import { checkService } from "./service-update.ts";

export interface SwarmServicesDeps {
  docker: DockerClient;
  log: Logger;
  clock: Clock;
}

export interface SwarmServicesOptions {
  filter: ContainerFilter;
  monitorOnly: boolean;
  labelTakePrecedence: boolean;
  /** Milliseconds Bosun follows one rolling update. */
  updateTimeoutMs: number;
  /** Milliseconds between two reads of a service's UpdateStatus (default 1 s). */
  pollMs?: number | undefined;
  /** Services updated at once. */
  concurrency: number;
}

export interface SwarmRun {
  /** The session's registry memo (the containers' too); no services are checked without one. */
  registry: RegistryService | undefined;
  images?: readonly string[] | undefined;
  /** Aborted on SIGTERM/SIGINT: no new service update starts. */
  shutdown?: AbortSignal | undefined;
  /** The session's writer lock: once lost, no new service update starts. */
  lock?: { readonly lost: boolean } | undefined;
  signal?: AbortSignal | undefined;
  /** The session's events (default: straight to the log). */
  events?: SessionEmitter | undefined;
}

const SHUTDOWN_SKIP = "Bosun was stopped before this service's turn; it is left as is until the next session";
const LOST_LOCK_SKIP =
  "Bosun lost its writer lock before this service's turn; it is left to the Bosun holding the lock";

/** The services' report entries of one session; none when the daemon is no Swarm manager. */
export type SwarmServices = (run: SwarmRun) => Promise<ContainerReport[]>;

export function createSwarmServices(deps: SwarmServicesDeps, options: SwarmServicesOptions): SwarmServices {
  const { docker, log } = deps;
  // Said once, not every session, until the daemon becomes a manager.
  let saidNotManager = false;
  return async (run) => {
    const { registry } = run;
    if (registry === undefined) return [];
    const events = run.events ?? logEvents(log);
    const call = { ...(run.signal && { signal: run.signal }), timeoutMs: 30_000 };
    let services;
    try {
      const info = await docker.info(call);
      if (info.Swarm?.ControlAvailable !== true) {
        if (!saidNotManager) log.warn("Swarm services are not checked: the daemon is not a Swarm manager");
        saidNotManager = true;
        return [];
      }
      saidNotManager = false;
      services = await docker.listServices(call);
    } catch (error) {
      const fields = { err: errorMessage(error) };
      events.emit({
        type: "notice",
        code: "services-unlisted",
        level: "warn",
        message: "Swarm services could not be listed",
        fields,
      });
      return [];
    }
    const selected = selectServices(services, { ...options, images: run.images });
    const remoteDigest = (ref: string) => registry.checkDigest(ref, [], run.signal);
    return mapPool(selected, options.concurrency, (service) =>
      checkService({ docker, registry, log, events, clock: deps.clock, remoteDigest }, service, {
        timeoutMs: options.updateTimeoutMs,
        pollMs: options.pollMs ?? 1000,
        stopped: () =>
          run.shutdown?.aborted === true
            ? SHUTDOWN_SKIP
            : run.lock?.lost === true
              ? LOST_LOCK_SKIP
              : undefined,
        signal: run.signal,
      }),
    );
  };
}
