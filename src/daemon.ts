/**
 * @module Daemon mode: restore interrupted swaps, retire other instances in the scope, then serve
 * the HTTP API and the schedule through one run coordinator until SIGTERM/SIGINT, when the session
 * in progress finishes before Bosun exits 0.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { startApiServer, type ApiServer } from "./api/server.ts";
import type { Config } from "./config/types.ts";
import type { ContainerFilter } from "./container/filter.ts";
import type { DockerClient } from "./docker/types.ts";
import { openSessionMemory } from "./history/open-history.ts";
import type { MainDeps } from "./main-deps.ts";
import type { Metrics } from "./metrics/metrics.ts";
import type { Notifier } from "./notify/notifier.ts";
import { createRunCoordinator } from "./scheduler/coordinator.ts";
import { nextRunFromSpec } from "./scheduler/next-run.ts";
import { startScheduler, startupScheduleLines, type Scheduler } from "./scheduler/scheduler.ts";
import { startupLines } from "./scheduler/startup-lines.ts";
import type { SessionRunner } from "./session-runner.ts";
import type { SessionEvent } from "./update/events/session-events.ts";
import type { EventBus } from "./util/event-bus.ts";
import type { UpdateEngine } from "./update/engine.ts";
import { removeOtherInstances } from "./update/instances.ts";
import { LockBusyError, type WriterLock } from "./update/writer-lock.ts";
import { errorMessage } from "./util/errors.ts";

export interface DaemonParts {
  config: Config;
  deps: MainDeps;
  log: Logger;
  notifier: Notifier;
  metrics: Metrics;
  engine: { readonly filter: ContainerFilter };
  runner: SessionRunner;
  /** The typed events of every session: the HTTP API's live view subscribes. */
  events: EventBus<SessionEvent>;
  announce: (lines: readonly string[]) => void;
  /** Before the first session: crash recovery and instance retirement; false (logged) stops Bosun. */
  startup: () => Promise<boolean>;
}

/** What the startup of one daemon needs. */
export interface HostStartupParts {
  config: Config;
  deps: MainDeps;
  log: Logger;
  docker: DockerClient;
  engine: UpdateEngine;
  lock: WriterLock;
}

/** Restores interrupted swaps and retires the other instances in the scope on one daemon. */
export async function hostStartup(parts: HostStartupParts): Promise<boolean> {
  const { config, deps, log } = parts;
  try {
    // Recovery is a writer too; when another Bosun keeps the lock, the first session recovers.
    await parts.lock
      .run(() => parts.engine.recover(deps.shutdown), deps.shutdown)
      .catch((error: unknown) => {
        if (!(error instanceof LockBusyError)) throw error;
      });
    const instances = await removeOtherInstances(parts.docker, log, {
      scope: config.scope,
      cleanup: config.cleanup,
      signal: deps.shutdown,
    });
    if (instances.errors.length > 0) {
      log.error({ errors: instances.errors }, "Could not stop the other instances");
      return false;
    }
  } catch (error) {
    log.error({ err: errorMessage(error) }, "Startup failed");
    return false;
  }
  return true;
}

export async function runDaemon(parts: DaemonParts): Promise<number> {
  const { config, deps, log } = parts;
  if (!(await parts.startup())) return 1;

  // The dashboard's history and container view, fed by the session events from now on.
  const memory = await openSessionMemory({ stateDir: config.stateDir, log, events: parts.events });
  const coordinator = createRunCoordinator({
    runSession: (images) =>
      parts.runner.run(images).finally(() => {
        memory.runEnded();
      }),
    logger: log,
    clock: deps.clock,
  });
  let api: ApiServer | undefined;
  let scheduler: Scheduler | undefined;
  if (config.httpApiUpdate || config.httpApiMetrics) {
    try {
      api = await startApiServer({
        host: config.httpApiHost,
        port: config.httpApiPort,
        token: config.httpApiToken,
        updateEnabled: config.httpApiUpdate,
        metricsEnabled: config.httpApiMetrics,
        coordinator,
        metrics: parts.metrics,
        logger: log,
        // Not part of a session (it comes before one): a notice of its own, sent on its own.
        onUpdateTriggered: (fields) => {
          parts.events.emit({
            type: "notice",
            code: "update-triggered",
            level: "info",
            message: "Updates triggered by HTTP API request",
            fields,
            session: randomUUID(),
            at: deps.clock.now(),
          });
        },
        dashboard: {
          view: memory.view,
          history: memory.history,
          events: parts.events,
          nextRun: () => scheduler?.nextRun,
          hosts: config.hosts.length > 1 ? config.hosts : [],
        },
      });
    } catch (error) {
      log.error(
        { err: errorMessage(error), port: config.httpApiPort },
        "Cannot start the HTTP API; is the port already in use?",
      );
      await memory.close();
      return 1;
    }
  }

  // As in the original, the update API replaces the schedule unless periodic polls are asked for.
  const periodic = !config.httpApiUpdate || config.httpApiPeriodicPolls;
  let scheduleLines: string[];
  if (periodic) {
    scheduler = startScheduler({
      nextRun: nextRunFromSpec(config.schedule, config.tz),
      coordinator,
      clock: deps.clock,
      logger: log,
      updateOnStart: config.updateOnStart,
      onSkipped: () => {
        parts.metrics.recordSkippedScan();
      },
    });
    scheduleLines = startupScheduleLines(scheduler.firstRun, new Date(deps.clock.now()), config.tz);
  } else {
    scheduleLines = ["Periodic runs are not enabled."];
  }
  if (api !== undefined && config.httpApiUpdate) {
    scheduleLines.push(`The HTTP API is enabled at ${api.address.host}:${String(api.address.port)}.`);
  }
  parts.announce(startupLines(deps.version, parts, scheduleLines));

  await untilAborted(deps.shutdown);
  log.info("Shutting down; waiting for the session in progress to finish");
  // The run in progress finishes and answers its callers; callers waiting for a later run get 503.
  await scheduler?.stop();
  await coordinator.stop();
  await api?.close();
  await memory.close();
  log.info("Stopped");
  return 0;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    signal.addEventListener(
      "abort",
      () => {
        resolve();
      },
      { once: true },
    );
  });
}
