/**
 * @module `bosun notify-upgrade`, as the original's subcommand: the notification settings in use
 * (legacy `--notifications` flags converted) become one `WATCHTOWER_NOTIFICATION_URL=` line in a
 * file, kept for 5 minutes or until the process is stopped, so a user can copy it out of the
 * container and drop the legacy flags. The URLs carry secrets: they go to the file (mode 0600),
 * never to the log.
 */
import type { Logger } from "pino";
import type { Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { NotifyConfigError } from "./errors.ts";
import type { NotifyOptions } from "../config/notify-options.ts";
import { resolveNotifySettings } from "./settings.ts";

/** How long the file stays, as the original. */
export const KEEP_MS = 5 * 60_000;

export interface NotifyUpgradeDeps {
  log: Logger;
  clock: Clock;
  /** Aborted on SIGTERM/SIGINT: the file is removed at once. */
  shutdown: AbortSignal;
  /** Creates a new file holding `text` (mode 0600) and returns its path. */
  writeFile(text: string): Promise<string>;
  removeFile(path: string): Promise<void>;
  /** This process's container ID when it runs in one (for the `docker cp` hint). */
  containerId: string | undefined;
}

/** Resolves with the process exit code. */
export async function notifyUpgrade(options: NotifyOptions, deps: NotifyUpgradeDeps): Promise<number> {
  const { log } = deps;
  let urls: string[];
  try {
    urls = resolveNotifySettings(options, "").urls;
  } catch (error) {
    if (!(error instanceof NotifyConfigError)) throw error;
    log.error({ err: error.message }, "Invalid notification settings");
    return 1;
  }
  if (urls.length === 0) {
    log.error(
      {
        hint: "set --notifications and its --notification-* flags (or their WATCHTOWER_* variables)",
      },
      "No notification settings to upgrade",
    );
    return 1;
  }
  let path: string;
  try {
    path = await deps.writeFile(`WATCHTOWER_NOTIFICATION_URL=${urls.join(" ")}\n`);
  } catch (error) {
    log.error({ err: errorMessage(error) }, "Could not write the notification URLs file");
    return 1;
  }
  const copy =
    deps.containerId === undefined
      ? `cp ${path} ./watchtower-notifications.env`
      : `docker cp ${deps.containerId}:${path} ./watchtower-notifications.env`;
  log.info({ path, count: urls.length }, "Wrote the notification URLs as an environment file");
  log.info({ command: copy }, "To get the environment file, run the command");
  log.info({ minutes: KEEP_MS / 60_000 }, "The file is removed after the timeout or when Bosun stops");
  try {
    await deps.clock.sleep(KEEP_MS, deps.shutdown);
    log.info("Timed out");
  } catch {
    log.info("Stopping");
  }
  try {
    await deps.removeFile(path);
    log.info({ path }, "Environment file has been removed");
    return 0;
  } catch (error) {
    log.error({ path, err: errorMessage(error) }, "Could not remove the environment file; remove it by hand");
    return 1;
  }
}
