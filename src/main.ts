/**
 * @module Composition root: builds the logger, notifier, Docker client, registry service and update
 * engine from the configuration, validates everything that can fail before a container is touched,
 * then runs one session (`--run-once`) or the daemon.
 */
import type { Logger } from "pino";
import type { Config } from "./config/types.ts";
import { createDockerClient } from "./docker/client.ts";
import type { DockerClient } from "./docker/types.ts";
import { createLogger } from "./log/logger.ts";
import { createMetrics, type Metrics } from "./metrics/metrics.ts";
import { envFileDeps } from "./notify/env-file.ts";
import { createNotifier, type Notifier } from "./notify/notifier.ts";
import { notifyUpgrade } from "./notify/notify-upgrade.ts";
import { createRegistryService, validateCaBundle, type RegistryClient } from "./registry/index.ts";
import { runDaemon } from "./daemon.ts";
import type { MainDeps } from "./main-deps.ts";
import { startupLines } from "./scheduler/startup-lines.ts";
import type { SessionRunner } from "./session-runner.ts";
import { createUpdateEngine, type UpdateEngine } from "./update/engine.ts";
import { createWriterLock, LockBusyError, type WriterLock } from "./update/writer-lock.ts";
import { errorMessage } from "./util/errors.ts";
import { outboundDispatcher, usesProxy } from "./util/http-proxy.ts";

export type { MainDeps } from "./main-deps.ts";

/** Process exit codes, documented in docs/exit-codes.md (cli.ts adds 2 for an unexpected error). */
export const EXIT = {
  /** The session ran (containers that failed to update are in its report, not in the exit code). */
  ok: 0,
  /** Bosun could not start or the session could not run: bad settings, daemon unreachable or refusing. */
  failed: 1,
  /** Another Bosun held the lock of this scope for the whole --lock-wait: the session was skipped. */
  busy: 3,
} as const;

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
  const metrics = createMetrics();
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
  const parts = await assemble(config, deps, log, notifier, metrics);
  if (parts === undefined) {
    await notifier.close();
    return EXIT.failed;
  }
  try {
    const runner = sessionRunner(parts, deps.shutdown);
    if (config.runOnce) {
      announce(parts, startupLines(deps.version, parts, ["Running a one time update."]));
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
  if (config.registryCaValidate) {
    try {
      const count = validateCaBundle(config.registryCa);
      log.debug({ notify: "no", path: config.registryCa, certificates: count }, "Registry CA bundle loaded");
    } catch (error) {
      log.error({ notify: "no", err: errorMessage(error) }, "Invalid registry CA bundle");
      return undefined;
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
  let docker: DockerClient;
  try {
    docker =
      deps.docker ??
      (await createDockerClient({
        host: config.host === "" ? undefined : config.host,
        tlsVerify: config.tlsverify,
        certPath: config.certPath === "" ? undefined : config.certPath,
        apiVersion: config.apiVersion === "" ? undefined : config.apiVersion,
        logger: log,
        signal: deps.shutdown,
      }));
  } catch (error) {
    log.error(
      { notify: "no", err: errorMessage(error) },
      "Cannot connect to the Docker daemon; check --host / DOCKER_HOST and that the socket is mounted",
    );
    return undefined;
  }
  let registry: RegistryClient;
  try {
    registry = createRegistryService({
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
    await docker.close().catch(() => undefined);
    return undefined;
  }
  const lock = createWriterLock(docker, log, {
    scope: config.scope,
    owner: { hostname: deps.hostname, pid: process.pid },
    leaseMs: config.lockLease,
    waitMs: config.lockWait,
    clock: deps.clock,
  });
  const engine = createUpdateEngine(
    { docker, registry, log, clock: deps.clock, shutdown: deps.shutdown, instanceId: lock.instance },
    config,
  );
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

function announce(parts: Pick<Parts, "log" | "notifier">, lines: readonly string[]): void {
  for (const line of lines) parts.log.info({ notify: "no" }, line);
  parts.notifier.sendStartupMessage(lines);
}
