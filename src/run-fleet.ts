/**
 * @module Composition root of a fleet (`--host` given more than once): one registry client and one
 * notifier for all hosts, one engine and writer lock per host, then one session (`--run-once`) or
 * the daemon, as for a single host. Each session covers every host.
 */
import type { Logger } from "pino";
import type { Config } from "./config/types.ts";
import { buildFilter } from "./container/filter.ts";
import { hostStartup, runDaemon } from "./daemon.ts";
import { createDockerClient } from "./docker/client.ts";
import { parseDockerHost } from "./docker/host.ts";
import { EXIT } from "./exit-codes.ts";
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
import type { Metrics } from "./metrics/metrics.ts";
import type { Notifier } from "./notify/notifier.ts";
import type { SessionReport } from "./update/report-types.ts";
import type { SessionEvent } from "./update/events/session-events.ts";
import type { EventBus } from "./util/event-bus.ts";
import { errorMessage } from "./util/errors.ts";
import { createFleet, hostFailedNotice, type Fleet, type HostFailure } from "./fleet/fleet.ts";
import { sharedRegistry } from "./fleet/shared-registry.ts";

/** The exit code of a `--run-once` fleet session (docs/exit-codes.md). */
export function fleetExitCode(failures: readonly HostFailure[]): number {
  if (failures.some((failure) => !failure.busy)) return EXIT.hostFailed;
  return failures.length > 0 ? EXIT.busy : EXIT.ok;
}

interface FleetRunner extends SessionRunner {
  /** The hosts whose part of the last session did not run. */
  readonly failures: readonly HostFailure[];
}

interface FleetRunnerParts {
  fleet: Fleet;
  log: Logger;
  notifier: Notifier;
  metrics: Metrics;
  events: EventBus<SessionEvent>;
  now: () => number;
}

function fleetRunner({ fleet, log, notifier, metrics, events, now }: FleetRunnerParts): FleetRunner {
  let failures: readonly HostFailure[] = [];
  return {
    get failures() {
      return failures;
    },
    async run(images): Promise<SessionReport> {
      notifier.startSession();
      const notices = runNotices(events, now);
      const session = await fleet.runSession(images).finally(() => {
        notices.close();
      });
      failures = session.failures;
      // A busy host is not a failure: another Bosun is doing its work (the fleet logged it).
      for (const failure of failures.filter((f) => !f.busy))
        notices.notice(hostFailedNotice(failure.reason), failure.host);
      metrics.recordSession(session.report);
      if (failures.length > 0) {
        log.error(
          { hosts: failures.map((failure) => failure.host) },
          "Session done; some Docker hosts were skipped",
        );
      }
      notifier.sendReport(session.report);
      return session.report;
    },
  };
}

export async function runFleet(
  config: Config,
  deps: MainDeps,
  log: Logger,
  notifier: Notifier,
  metrics: Metrics,
  events: EventBus<SessionEvent>,
): Promise<number> {
  for (const host of config.hosts) {
    try {
      parseDockerHost(host, config.tlsverify);
    } catch (error) {
      log.error({ err: errorMessage(error) }, "Invalid Docker host");
      return EXIT.failed;
    }
  }
  const ca = registryCa(config, log);
  if (!ca.ok) return EXIT.failed;
  const registry = createRegistryClient(config, deps, log, metrics, ca.path);
  if (registry === undefined) return EXIT.failed;
  const shared = sharedRegistry(registry);
  const rejectedImages = await openRejectedImages(config, log);
  const fleet = createFleet({
    hosts: config.hosts,
    log,
    shutdown: deps.shutdown,
    now: () => deps.clock.now(),
    beginSession: () => {
      shared.begin();
    },
    connect: async (host, { home, log: hostLog }) => {
      const docker = await createDockerClient(dockerClientOptions(config, host, hostLog, deps));
      const { engine, lock } = hostEngine(config, deps, {
        docker,
        registry: shared.service,
        log: hostLog,
        rejectedImages,
        selfHost: home,
        events,
        name: host,
      });
      return { docker, engine, lock };
    },
  });
  try {
    await fleet.connectAll();
    for (const { host, parts } of fleet.connected()) {
      try {
        const insane = await parts.engine.checkSanity(deps.shutdown);
        if (insane !== undefined) throw new Error(`${host}: ${insane}`);
      } catch (error) {
        log.error({ err: errorMessage(error) }, "Startup check failed");
        return EXIT.failed;
      }
    }
    const runner = fleetRunner({ fleet, log, notifier, metrics, events, now: () => deps.clock.now() });
    const filter = buildFilter(config);
    const parts = { log, notifier, engine: { filter } };
    log.info({ hosts: config.hosts }, "Watching several Docker hosts");
    if (config.runOnce) {
      announce(parts, startupLines(deps.version, parts, ["Running a one time update."]));
      await runner.run(undefined);
      return fleetExitCode(runner.failures);
    }
    return await runDaemon({
      config,
      deps,
      ...parts,
      metrics,
      events,
      runner,
      announce: (lines) => {
        announce(parts, lines);
      },
      // Per host, and a host whose startup fails is left to its sessions (they recover too).
      startup: async () => {
        await Promise.all(
          fleet
            .connected()
            .map(({ parts: host, log: hostLog }) => hostStartup({ config, deps, ...host, log: hostLog })),
        );
        return true;
      },
    });
  } finally {
    await registry.close().catch(() => undefined);
    await fleet.close();
  }
}
