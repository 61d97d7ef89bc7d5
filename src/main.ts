/**
 * @module Composition root: builds the logger, notifier, Docker client, registry service and update
 * engine from the configuration, validates everything that can fail before a container is touched,
 * then runs one session (`--run-once`) or the daemon.
 */
import type { Logger } from "pino";
import type { Config } from "./config/types.ts";
import type { ContainerFilter } from "./container/filter.ts";
import { createDockerClient, type DockerClientOptions } from "./docker/client.ts";
import type { DockerClient } from "./docker/types.ts";
import type { OutputStream } from "./log/destination.ts";
import { createLogger } from "./log/logger.ts";
import type { Metrics } from "./metrics/metrics.ts";
import { noMetrics } from "./metrics/no-metrics.ts";
import { envFileDeps } from "./notify/env-file.ts";
import { createNotifier, type Notifier } from "./notify/notifier.ts";
import { notifyUpgrade } from "./notify/notify-upgrade.ts";
import {
  createRegistryService,
  validateCaBundle,
  type RegistryClient,
  type RegistryService,
} from "./registry/index.ts";
import { hostStartup, runDaemon } from "./daemon.ts";
import { runFleet } from "./fleet/run-fleet.ts";
import { createUpdateEngine, type UpdateEngine } from "./update/engine.ts";
import { createRejectedImages, type RejectedImages } from "./state/rejected-images.ts";
import { createStateDir } from "./state/state-dir.ts";
import { createWriterLock, LockBusyError, type WriterLock } from "./update/writer-lock.ts";
import type { SessionReport } from "./update/report-types.ts";
import type { Clock } from "./util/clock.ts";
import { errorMessage } from "./util/errors.ts";
import { outboundDispatcher, usesProxy } from "./util/http-proxy.ts";

export interface MainDeps {
  /** Logs go here (stderr), so stdout stays clean for porcelain output. */
  stderr: OutputStream;
  /** Where `logger://` writes with `--notification-log-stdout`. */
  stdout: (text: string) => void;
  clock: Clock;
  hostname: string;
  version: string;
  /** Aborted on SIGTERM/SIGINT: the swap in progress finishes, then Bosun stops. */
  shutdown: AbortSignal;
  /** Replaces the client built from the configuration (tests). */
  docker?: DockerClient;
}

/** Process exit codes, documented in docs/exit-codes.md (cli.ts adds 2 for an unexpected error). */
export const EXIT = {
  /** The session ran (containers that failed to update are in its report, not in the exit code). */
  ok: 0,
  /** Bosun could not start or the session could not run: bad settings, daemon unreachable or refusing. */
  failed: 1,
  /** Another Bosun held the lock of this scope for the whole --lock-wait: the session was skipped. */
  busy: 3,
  /** Several hosts: at least one could not be reached or refused; the others ran (the report names it). */
  hostFailed: 4,
} as const;

/** What a session needs around the engine: notifications and metrics, once per run. */
export interface SessionRunner {
  run(images: readonly string[] | undefined): Promise<SessionReport>;
}

interface Parts {
  log: Logger;
  notifier: Notifier;
  metrics: Metrics;
  registry: RegistryClient;
  docker: DockerClient;
  engine: UpdateEngine;
  /** One writer per daemon and scope: wraps crash recovery and every session. */
  lock: WriterLock;
}

/** Runs Bosun with a parsed configuration; resolves with the process exit code. */
export async function main(config: Config, deps: MainDeps): Promise<number> {
  let notifier: Notifier | undefined;
  const log = createLogger(
    { level: config.logLevel, format: config.logFormat, noColor: config.noColor, stream: deps.stderr },
    [{ write: (line: string) => notifier?.logStream.write(line) }],
  );
  if (config.command === "notify-upgrade") {
    return notifyUpgrade(config, {
      log,
      clock: deps.clock,
      shutdown: deps.shutdown,
      ...envFileDeps(deps.hostname),
    });
  }
  // prom-client is loaded only when the metrics are served.
  const metrics = config.httpApiMetrics
    ? (await import("./metrics/metrics.ts")).createMetrics(
        config.hosts.length > 1 ? { hosts: config.hosts } : {},
      )
    : noMetrics();
  try {
    notifier = createNotifier(config, {
      logger: log,
      clock: deps.clock,
      hostname: deps.hostname,
      stdout: deps.stdout,
      onFailure: (service) => {
        metrics.notificationFailed(service);
      },
      ...(usesProxy(config) && { dispatcher: outboundDispatcher(config) }),
    });
  } catch (error) {
    log.error({ notify: "no", err: errorMessage(error) }, "Invalid notification settings");
    return EXIT.failed;
  }
  if (config.hosts.length > 1) {
    try {
      return await runFleet(config, deps, log, notifier, metrics);
    } finally {
      await notifier.close();
    }
  }
  const parts = await assemble(config, deps, log, notifier, metrics);
  if (parts === undefined) {
    await notifier.close();
    return EXIT.failed;
  }
  try {
    const runner = sessionRunner(parts, deps.shutdown);
    if (config.runOnce) {
      announce(parts, startupLines(config, deps.version, parts, ["Running a one time update."]));
      // The runner has logged why the session could not run; logging it here again would double it.
      return await runner.run(undefined).then(
        () => EXIT.ok,
        (error: unknown) => (error instanceof LockBusyError ? EXIT.busy : EXIT.failed),
      );
    }
    return await runDaemon({
      config,
      deps,
      ...parts,
      runner,
      startup: () => hostStartup({ config, deps, ...parts }),
      announce: (lines) => {
        announce(parts, lines);
      },
    });
  } finally {
    await parts.notifier.close();
    await parts.registry.close().catch(() => undefined);
    await parts.docker.close().catch(() => undefined);
  }
}

/** Builds every part, checking all that can fail; undefined (after logging why) on a startup error. */
async function assemble(
  config: Config,
  deps: MainDeps,
  log: Logger,
  notifier: Notifier,
  metrics: Metrics,
): Promise<Parts | undefined> {
  const ca = registryCa(config, log);
  if (!ca.ok) return undefined;
  let docker: DockerClient;
  try {
    docker = deps.docker ?? (await createDockerClient(dockerClientOptions(config, config.host, log, deps)));
  } catch (error) {
    log.error(
      { notify: "no", err: errorMessage(error) },
      "Cannot connect to the Docker daemon; check --host / DOCKER_HOST and that the socket is mounted",
    );
    return undefined;
  }
  const registry = createRegistryClient(config, deps, log, metrics, ca.path);
  if (registry === undefined) {
    await docker.close().catch(() => undefined);
    return undefined;
  }
  const rejectedImages = await openRejectedImages(config, log);
  const { lock, engine } = hostEngine(config, deps, { docker, registry, log, rejectedImages });
  try {
    const insane = await engine.checkSanity(deps.shutdown);
    if (insane !== undefined) throw new Error(insane);
  } catch (error) {
    log.error({ notify: "no", err: errorMessage(error) }, "Startup check failed");
    await registry.close().catch(() => undefined);
    await docker.close().catch(() => undefined);
    return undefined;
  }
  return { log, notifier, metrics, registry, docker, engine, lock };
}

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
    registry: RegistryService;
    log: Logger;
    rejectedImages: RejectedImages;
    selfHost?: boolean;
  },
): { lock: WriterLock; engine: UpdateEngine } {
  const { docker, registry, log, rejectedImages } = host;
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
    certPath: config.certPath === "" ? undefined : config.certPath,
    apiVersion: config.apiVersion === "" ? undefined : config.apiVersion,
    logger: log,
    signal: deps.shutdown,
  };
}

/** The `--registry-ca` bundle to use (undefined: the system roots); not ok (logged) when it is fatal. */
export function registryCa(
  config: Config,
  log: Logger,
): { ok: false } | { ok: true; path: string | undefined } {
  if (config.registryCaValidate) {
    try {
      const count = validateCaBundle(config.registryCa);
      log.debug({ notify: "no", path: config.registryCa, certificates: count }, "Registry CA bundle loaded");
    } catch (error) {
      log.error({ notify: "no", err: errorMessage(error) }, "Invalid registry CA bundle");
      return { ok: false };
    }
  }
  let registryCaPath = config.registryCa === "" ? undefined : config.registryCa;
  if (registryCaPath !== undefined && !config.registryCaValidate) {
    // As the fork that introduced --registry-ca: a bad bundle is fatal only with -validate.
    try {
      validateCaBundle(registryCaPath);
    } catch (error) {
      log.warn(
        { notify: "no", err: errorMessage(error) },
        "Registry CA bundle not loaded; registry requests trust the system roots only",
      );
      registryCaPath = undefined;
    }
  }
  if (config.insecureRegistry) {
    log.warn({ notify: "no" }, "TLS verification of registry requests is disabled (--insecure-registry)");
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
      repoUser: config.repoUser === "" ? undefined : config.repoUser,
      repoPass: config.repoPass === "" ? undefined : config.repoPass,
      registryCaPath,
      insecure: config.insecureRegistry,
      warnOnHeadFailure: config.warnOnHeadFailure,
      tokenCacheUrl: config.registryTokenCache === "" ? undefined : config.registryTokenCache,
      concurrency: config.registryConcurrency,
      clock: deps.clock,
      logger: log,
      metrics,
      userAgent: `bosun/${deps.version}`,
      proxy: config,
    });
  } catch (error) {
    log.error({ notify: "no", err: errorMessage(error) }, "Invalid registry settings");
    return undefined;
  }
}

/** `shutdown` ends a wait for the lock (a swap in progress always finishes). */
function sessionRunner(parts: Parts, shutdown: AbortSignal): SessionRunner {
  return {
    async run(images) {
      parts.notifier.startSession();
      try {
        const report = await parts.lock.run(
          (held) => parts.engine.runSession({ lock: held, ...(images !== undefined && { images }) }),
          shutdown,
        );
        parts.metrics.recordSession(report);
        parts.notifier.sendReport(report);
        return report;
      } catch (error) {
        if (error instanceof LockBusyError) {
          // Not a failure: the other Bosun is doing the work (the lock logged who it is).
          parts.metrics.recordSkippedScan();
          parts.log.warn(
            { notify: "no", owner: error.owner },
            "Session skipped: another Bosun holds the lock",
          );
          throw error;
        }
        parts.metrics.recordFailedSession();
        parts.log.error({ err: errorMessage(error) }, "Update session failed");
        throw error;
      }
    },
  };
}

/** The startup message of the original: version, notifications, filter, then the schedule lines. */
export function startupLines(
  config: Config,
  version: string,
  parts: { notifier: Notifier; engine: { readonly filter: ContainerFilter } },
  scheduleLines: readonly string[],
): string[] {
  const services = parts.notifier.services;
  return [
    `Bosun ${version}`,
    services.length === 0 ? "Using no notifications" : `Using notifications: ${services.join(", ")}`,
    parts.engine.filter.description,
    ...scheduleLines,
  ];
}

export function announce(parts: Pick<Parts, "log" | "notifier">, lines: readonly string[]): void {
  for (const line of lines) parts.log.info({ notify: "no" }, line);
  parts.notifier.sendStartupMessage(lines);
}
