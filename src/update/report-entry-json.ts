/**
 * @module One report entry as Bosun's JSON shows it (the `/v1/update` answer, the session history):
 * the name without the engine's leading slash, optional fields only when set.
 */
import type { ContainerReport } from "./report-types.ts";

export interface ReportEntryJson {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  image: string;
  state: string;
  error?: string;
  note?: string;
  currentImageId: string;
  latestImageId: string;
  /** The tag run before the session and the newest its tag policy allows; absent for digest references. */
  currentTag?: string;
  latestTag?: string;
  /** The Docker host, with several hosts only. */
  host?: string;
  /** "service" for a Swarm service (`--swarm-services`); absent for a container. */
  kind?: "service";
  /** `--auto-rollback` put the original back (state Failed, error says why). */
  rolledBack?: boolean;
}

export function reportEntryJson(c: ContainerReport): ReportEntryJson {
  return {
    id: c.id,
    name: c.name.replace(/^\//, ""),
    image: c.imageName,
    state: c.state,
    ...(c.error === undefined ? {} : { error: c.error }),
    ...(c.note === undefined ? {} : { note: c.note }),
    currentImageId: c.currentImageId,
    latestImageId: c.latestImageId,
    ...(c.currentTag === undefined ? {} : { currentTag: c.currentTag }),
    ...(c.latestTag === undefined ? {} : { latestTag: c.latestTag }),
    ...(c.host === undefined ? {} : { host: c.host }),
    ...(c.kind === undefined ? {} : { kind: c.kind }),
    ...(c.rolledBack === true && { rolledBack: true }),
  };
}
