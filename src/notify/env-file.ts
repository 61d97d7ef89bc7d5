/**
 * @module Where `notify-upgrade` keeps its file: `/` inside a container (as the original, for
 * `docker cp`), the system temp dir elsewhere. Created exclusively with mode 0600: it holds secrets.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NotifyUpgradeDeps } from "./notify-upgrade.ts";

/** Docker's default hostname is the container's short ID. */
const SHORT_ID = /^[0-9a-f]{12}$/;

export function envFileDeps(
  hostname: string,
): Pick<NotifyUpgradeDeps, "writeFile" | "removeFile" | "containerId"> {
  const inContainer = existsSync("/.dockerenv");
  const dir = inContainer ? "/" : tmpdir();
  return {
    async writeFile(text) {
      const path = join(dir, `watchtower-notif-urls-${randomBytes(6).toString("hex")}`);
      await writeFile(path, text, { mode: 0o600, flag: "wx" });
      return path;
    },
    removeFile: (path) => rm(path),
    containerId: inContainer ? (SHORT_ID.test(hostname) ? hostname : "<CONTAINER>") : undefined,
  };
}
