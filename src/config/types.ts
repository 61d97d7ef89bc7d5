/**
 * @module The parsed configuration: one typed object built from flags, env vars and defaults by
 * `src/config/`. Keys are the camelCase of the long flag names; every consumer takes this object
 * (or a structural subset of it) so nothing else reads `process.env` or argv.
 */
import type { LogFormat, LogLevel } from "../log/log-options.ts";
import type { NotifyOptions } from "./notify-options.ts";

export type { LogFormat, LogLevel };
export type WarnOnHeadFailureSetting = "always" | "auto" | "never";
export type TagPolicySetting = "digest" | "semver:patch" | "semver:minor" | "semver:major";
export type Command = "update" | "notify-upgrade";

export interface Config extends NotifyOptions {
  /** Positional arguments: container names or anchored regexes. */
  names: string[];
  /** `update` (the default) or the `notify-upgrade` subcommand, as the original's. */
  command: Command;

  // Docker engine connection
  /** `--host` / DOCKER_HOST; "" means the default socket. */
  host: string;
  /** Every host of the session: `--host` given more than once, else `[host]`. */
  hosts: string[];
  tlsverify: boolean;
  /** "" means negotiate with `/_ping`. */
  apiVersion: string;
  certPath: string;

  // Schedule
  /** Seconds; 86400 by default. */
  interval: number;
  /** The effective cron spec: `--schedule`, or `@every <interval>s` (see §1.1 aliases). */
  schedule: string;
  updateOnStart: boolean;
  runOnce: boolean;
  /** `TZ` for schedules; "" means the system zone. */
  tz: string;

  // Update behaviour
  /** Milliseconds (`--stop-timeout`, Go duration or bare seconds). */
  stopTimeout: number;
  noPull: boolean;
  noRestart: boolean;
  cleanup: boolean;
  removeVolumes: boolean;
  labelEnable: boolean;
  disableContainers: string[];
  monitorOnly: boolean;
  includeRestarting: boolean;
  includeStopped: boolean;
  reviveStopped: boolean;
  enableLifecycleHooks: boolean;
  rollingRestart: boolean;
  useComposeDependsOn: boolean;
  scope: string;
  labelTakePrecedence: boolean;
  disableMemorySwappiness: boolean;
  /** Also check and update Swarm services when the daemon is a manager (`--swarm-services`). */
  swarmServices: boolean;
  /** Milliseconds Bosun follows one service update (`--swarm-update-timeout`). */
  swarmUpdateTimeout: number;
  /** The tag policy of containers without a `bosun.tag-policy` label. */
  tagPolicy: TagPolicySetting;
  warnOnHeadFailure: WarnOnHeadFailureSetting;
  /** `--auto-rollback`: verify each replacement, roll back a failing one. */
  autoRollback: boolean;
  /** Milliseconds of the verification window. */
  rollbackWindow: number;
  /** Where state that must survive a restart is kept. */
  stateDir: string;

  // Output and logging
  porcelain: "" | "v1";
  logFormat: LogFormat;
  /** The effective level after `--debug` / `--trace`. */
  logLevel: LogLevel;
  debug: boolean;
  trace: boolean;
  noColor: boolean;
  healthCheck: boolean;

  // HTTP API
  httpApiUpdate: boolean;
  httpApiMetrics: boolean;
  /** Secret: never logged. */
  httpApiToken: string;
  httpApiPeriodicPolls: boolean;
  /** "" = all interfaces. */
  httpApiHost: string;
  httpApiPort: number;

  // Registry
  registryCa: string;
  registryCaValidate: boolean;
  insecureRegistry: boolean;
  /** `redis://host:port/db`, or "" for the in-memory cache. */
  registryTokenCache: string;
  registryConcurrency: number;
  /** Units of the swap plan run at once (Bosun's own; 1 = Watchtower's sequential order). */
  updateConcurrency: number;
  /** Milliseconds a session waits for the writer lock held by another Bosun (`--lock-wait`). */
  lockWait: number;
  /** Milliseconds of the writer lock's lease (`--lock-lease`). */
  lockLease: number;
  /** Env only (REPO_USER / REPO_PASS): credentials for every registry. Secrets. */
  repoUser: string;
  repoPass: string;
  /** Env only: `$DOCKER_CONFIG`, "/" by default (the file is `<dir>/config.json`). */
  dockerConfig: string;
  /** Env only (HTTP_PROXY, HTTPS_PROXY, NO_PROXY or their lower-case forms); "" means none. */
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;

  // Notifications (extras beyond NotifyOptions)
  notificationEmailFromName: string;
  /** A file whose content replaces notificationTemplate at startup; "" for none. */
  notificationTemplateFile: string;
}
