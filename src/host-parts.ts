/**
 * @module What every Docker host of a run is built from, for one host (main.ts) or a fleet
 * (run-fleet.ts): the registry client and its CA, the Docker client options, the memory of
 * rejected images, and each host's writer lock and update engine.
 */
import type { Logger } from "pino";
import type { Config } from "./config/types.ts";
import type { DockerClientOptions } from "./docker/client.ts";
import type { DockerClient } from "./docker/types.ts";
import type { MainDeps } from "./main-deps.ts";
import type { Metrics } from "./metrics/metrics.ts";
import type { Notifier } from "./notify/notifier.ts";
import {
  createRegistryService,
  validateCaBundle,
  type RegistryClient,
  type RegistrySessions,
} from "./registry/index.ts";
import { createRejectedImages, type RejectedImages } from "./state/rejected-images.ts";
import { createStateDir } from "./state/state-dir.ts";
import { createUpdateEngine, type UpdateEngine } from "./update/engine.ts";
import type { SessionEventSink } from "./update/events/session-events.ts";
import { createWriterLock, type WriterLock } from "./update/writer-lock.ts";
import { errorMessage } from "./util/errors.ts";

/** The images `--auto-rollback` rejected, kept in the state dir; one memory for every host. */
export async function openRejectedImages(config: Config, log: Logger): Promise<RejectedImages> {
  const stateDir = createStateDir(config.stateDir, log);
  // Said at startup, not at the first rollback: the directory only matters with auto-rollback.
  if (config.autoRollback) await stateDir.writable(".");
  return createRejectedImages(stateDir);
}

/** The writer lock and the update engine of one Docker daemon. */
export function hostEngine(
  config: Config,
  deps: MainDeps,
  host: {
    docker: DockerClient;
    registry: RegistrySessions;
    log: Logger;
    rejectedImages: RejectedImages;
    selfHost?: boolean;
    events: SessionEventSink;
    /** With several hosts: stamped on each of this host's events. */
    name?: string;
  },
): { lock: WriterLock; engine: UpdateEngine } {
  const { docker, registry, log, rejectedImages } = host;
  const { name } = host;
  const events: SessionEventSink =
    name === undefined
      ? host.events
      : {
          emit: (event) => {
            host.events.emit({ ...event, host: name });
          },
        };
  const lock = createWriterLock(docker, log, {
    scope: config.scope,
    owner: { hostname: deps.hostname, pid: process.pid },
    leaseMs: config.lockLease,
    waitMs: config.lockWait,
    clock: deps.clock,
  });
  const engine = createUpdateEngine(
    {
      docker,
      registry,
      log,
      clock: deps.clock,
      shutdown: deps.shutdown,
      instanceId: lock.instance,
      rejectedImages,
      events,
    },
    host.selfHost === undefined ? config : { ...config, selfHost: host.selfHost },
  );
  return { lock, engine };
}

/** How to reach one Docker host: `--tlsverify` and `DOCKER_CERT_PATH` apply to every `tcp://` host. */
export function dockerClientOptions(
  config: Config,
  host: string,
  log: Logger,
  deps: Pick<MainDeps, "shutdown">,
): DockerClientOptions {
  return {
    host: host === "" ? undefined : host,
    tlsVerify: config.tlsverify,
    certPath: config.certPath,
    apiVersion: config.apiVersion,
    logger: log,
    signal: deps.shutdown,
  };
}

/** The `--registry-ca` bundle to use (undefined: the system roots); not ok (logged) when it is fatal. */
export function registryCa(
  config: Config,
  log: Logger,
): { ok: false } | { ok: true; path: string | undefined } {
  // checkConfig refuses --registry-ca-validate without --registry-ca.
  if (config.registryCaValidate && config.registryCa !== undefined) {
    try {
      const count = validateCaBundle(config.registryCa);
      log.debug({ path: config.registryCa, certificates: count }, "Registry CA bundle loaded");
    } catch (error) {
      log.error({ err: errorMessage(error) }, "Invalid registry CA bundle");
      return { ok: false };
    }
  }
  let registryCaPath = config.registryCa;
  if (registryCaPath !== undefined && !config.registryCaValidate) {
    // As the fork that introduced --registry-ca: a bad bundle is fatal only with -validate.
    try {
      validateCaBundle(registryCaPath);
    } catch (error) {
      log.warn(
        { err: errorMessage(error) },
        "Registry CA bundle not loaded; registry requests trust the system roots only",
      );
      registryCaPath = undefined;
    }
  }
  if (config.insecureRegistry) {
    log.warn("TLS verification of registry requests is disabled (--insecure-registry)");
  }
  return { ok: true, path: registryCaPath };
}

/** The registry client of the process (one for every host); undefined (after logging why) on bad settings. */
export function createRegistryClient(
  config: Config,
  deps: MainDeps,
  log: Logger,
  metrics: Metrics,
  registryCaPath: string | undefined,
): RegistryClient | undefined {
  try {
    return createRegistryService({
      dockerConfigDir: config.dockerConfig,
      repoUser: config.repoUser,
      repoPass: config.repoPass,
      registryCaPath,
      insecure: config.insecureRegistry,
      warnOnHeadFailure: config.warnOnHeadFailure,
      tokenCacheUrl: config.registryTokenCache,
      concurrency: config.registryConcurrency,
      clock: deps.clock,
      logger: log,
      metrics,
      userAgent: `bosun/${deps.version}`,
      proxy: config,
    });
  } catch (error) {
    log.error({ err: errorMessage(error) }, "Invalid registry settings");
    return undefined;
  }
}

/** Logs the startup lines and sends them as the startup notification. */
export function announce(parts: { log: Logger; notifier: Notifier }, lines: readonly string[]): void {
  for (const line of lines) parts.log.info(line);
  parts.notifier.sendStartupMessage(lines);
}
