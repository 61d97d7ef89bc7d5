/**
 * @module Composition root: builds the Docker client and the update engine from the configuration
 * and runs Bosun. Run-once mode is complete here; daemon mode does its startup work (crash recovery,
 * other instances) and hands the engine to the scheduler (`startDaemon` seam).
 */
import type { Logger } from "pino";
import { createDockerClient } from "./docker/client.ts";
import type { DockerClient } from "./docker/types.ts";
import type { RegistryService } from "./registry/types.ts";
import { createUpdateEngine, type UpdateEngine } from "./update/engine.ts";
import { removeOtherInstances } from "./update/instances.ts";
import { porcelainV1 } from "./update/report.ts";
import { errorMessage } from "./util/errors.ts";

export interface MainConfig {
  runOnce: boolean;
  monitorOnly: boolean;
  noPull: boolean;
  noRestart: boolean;
  cleanup: boolean;
  removeVolumes: boolean;
  labelEnable: boolean;
  disableContainers: string[];
  scope: string;
  includeStopped: boolean;
  includeRestarting: boolean;
  reviveStopped: boolean;
  enableLifecycleHooks: boolean;
  rollingRestart: boolean;
  labelTakePrecedence: boolean;
  /** Milliseconds. */
  stopTimeout: number;
  porcelain: "" | "v1";
  host: string;
  tlsverify: boolean;
  apiVersion: string;
  certPath: string;
  names: string[];
}

/** Optional collaborators: the registry service, an output stream, and the daemon-mode seam. */
export interface MainDeps {
  docker?: DockerClient;
  registry?: RegistryService;
  stdout?: { write(text: string): unknown };
  startDaemon?: (engine: UpdateEngine, signal?: AbortSignal) => Promise<number>;
}

/** Runs Bosun with a parsed configuration; resolves with the process exit code. */
export async function main(config: MainConfig, logger: Logger, deps: MainDeps = {}): Promise<number> {
  if (config.rollingRestart && config.monitorOnly) {
    logger.error("Rolling restarts are not compatible with the monitor-only option");
    return 1;
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
        logger,
      }));
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "Cannot connect to the Docker daemon");
    return 1;
  }
  try {
    const engine = createUpdateEngine({ docker, registry: deps.registry, log: logger }, config);
    const insane = await engine.checkSanity();
    if (insane !== undefined) {
      logger.error(insane);
      return 1;
    }
    logger.info({ filter: engine.filter.description }, engine.filter.description);
    if (config.runOnce) {
      const report = await engine.runSession();
      if (config.porcelain === "v1") {
        const stdout = deps.stdout ?? process.stdout;
        stdout.write(porcelainV1(report).join("\n") + "\n");
      }
      return 0;
    }
    await engine.recover();
    const instances = await removeOtherInstances(docker, logger, {
      scope: config.scope,
      cleanup: config.cleanup,
    });
    if (instances.errors.length > 0) {
      logger.error({ errors: instances.errors }, "Could not stop the other instances");
      return 1;
    }
    if (deps.startDaemon === undefined) {
      logger.warn("Daemon mode is not wired to a scheduler yet; exiting");
      return 0;
    }
    return await deps.startDaemon(engine);
  } finally {
    await docker.close().catch(() => undefined);
  }
}
