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
import type { Metrics } from "./metrics/metrics.ts";
import { recordSessions } from "./metrics/session-recorder.ts";
import { noMetrics } from "./metrics/no-metrics.ts";
import { envFileDeps } from "./notify/env-file.ts";
import { createNotifier, type Notifier } from "./notify/notifier.ts";
import { notifyUpgrade } from "./notify/notify-upgrade.ts";
import type { RegistryClient } from "./registry/index.ts";
import { hostStartup, runDaemon } from "./daemon.ts";
import { runFleet } from "./run-fleet.ts";
import {
  announce,
  createRegistryClient,
  dockerClientOptions,
  hostEngine,
  openRejectedImages,
  registryCa,
} from "./host-parts.ts";
import type { MainDeps } from "./main-deps.ts";
import { startupLines } from "./scheduler/startup-lines.ts";
import { runNotices } from "./session-notices.ts";
import type { SessionRunner } from "./session-runner.ts";
import type { UpdateEngine } from "./update/engine.ts";
import { LockBusyError, type WriterLock } from "./update/writer-lock.ts";
import { errorMessage } from "./util/errors.ts";
import { outboundDispatcher, usesProxy } from "./util/http-proxy.ts";

import { EXIT } from "./exit-codes.ts";
import { logEvent } from "./update/events/log-subscriber.ts";
import type { SessionEvent } from "./update/events/session-events.ts";
import { createEventBus, type EventBus } from "./util/event-bus.ts";

interface Parts {
  log: Logger;
  notifier: Notifier;
  metrics: Metrics;
  registry: RegistryClient;
  docker: DockerClient;
  engine: UpdateEngine;
  /** One writer per daemon and scope: wraps crash recovery and every session. */
  lock: WriterLock;
  events: EventBus<SessionEvent>;
}

/** Runs Bosun with a parsed configuration; resolves with the process exit code. */
export async function main(config: Config, deps: MainDeps): Promise<number> {
  const log = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    noColor: config.noColor,
    stream: deps.stderr,
  });
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
  // Every host's engine publishes here; notifications and the HTTP API's live view subscribe.
  const events = createEventBus<SessionEvent>((error: unknown) => {
    log.warn({ err: errorMessage(error) }, "A session event subscriber failed");
  });
  let notifier: Notifier;
  try {
    notifier = createNotifier(config, {
      logger: log,
      events,
      clock: deps.clock,
      hostname: deps.hostname,
      stdout: deps.stdout,
      onFailure: (service) => {
        metrics.notificationFailed(service);
      },
      ...(usesProxy(config) && { dispatcher: outboundDispatcher(config) }),
    });
  } catch (error) {
    log.error({ err: errorMessage(error) }, "Invalid notification settings");
    return EXIT.failed;
  }
  if (config.hosts.length > 1) {
    try {
      return await runFleet(config, deps, log, notifier, metrics, events);
    } finally {
      await notifier.close();
    }
  }
  const parts = await assemble(config, deps, log, notifier, metrics, events);
  if (parts === undefined) {
    await notifier.close();
    return EXIT.failed;
  }
  // One host: its engine's session-done is the session (a fleet records its merged report).
  events.subscribe(recordSessions(metrics));
  try {
    const runner = sessionRunner(parts, deps);
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
  events: EventBus<SessionEvent>,
): Promise<Parts | undefined> {
  const ca = registryCa(config, log);
  if (!ca.ok) return undefined;
  let docker: DockerClient;
  try {
    docker = deps.docker ?? (await createDockerClient(dockerClientOptions(config, config.host, log, deps)));
  } catch (error) {
    log.error(
      { err: errorMessage(error) },
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
  const { lock, engine } = hostEngine(config, deps, { docker, registry, log, rejectedImages, events });
  try {
    const insane = await engine.checkSanity(deps.shutdown);
    if (insane !== undefined) throw new Error(insane);
  } catch (error) {
    log.error({ err: errorMessage(error) }, "Startup check failed");
    await registry.close().catch(() => undefined);
    await docker.close().catch(() => undefined);
    return undefined;
  }
  return { log, notifier, metrics, registry, docker, engine, lock, events };
}

/** `deps.shutdown` ends a wait for the lock (a swap in progress always finishes). */
function sessionRunner(parts: Parts, deps: Pick<MainDeps, "shutdown" | "clock">): SessionRunner {
  const { shutdown } = deps;
  return {
    async run(images) {
      parts.notifier.startSession();
      const notices = runNotices(parts.events, () => deps.clock.now());
      try {
        const report = await parts.lock.run(
          (held) => parts.engine.runSession({ lock: held, ...(images !== undefined && { images }) }),
          shutdown,
        );
        parts.notifier.sendReport(report);
        return report;
      } catch (error) {
        if (error instanceof LockBusyError) {
          // Not a failure: the other Bosun is doing the work (the lock logged who it is).
          parts.metrics.recordSkippedScan();
          parts.log.warn({ owner: error.owner }, "Session skipped: another Bosun holds the lock");
          throw error;
        }
        parts.metrics.recordFailedSession();
        const failed = {
          type: "notice",
          code: "session-failed",
          level: "error",
          message: "Update session failed",
          fields: { err: errorMessage(error) },
        } as const;
        logEvent(parts.log, failed);
        // Notified with what the session did before it failed.
        notices.notice(failed);
        parts.notifier.sendReport(undefined);
        throw error;
      } finally {
        notices.close();
      }
    },
  };
}
