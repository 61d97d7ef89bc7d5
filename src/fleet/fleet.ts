/**
 * @module A fleet: one update engine per Docker host, isolated from each other's failures. Each
 * host keeps its own writer lock, crash recovery, instance retirement and dependency graph; a host
 * that cannot be reached (or refuses, or whose lock another Bosun holds) is one Skipped entry of
 * the merged report, and the other hosts proceed. Hosts not reachable at startup are tried again
 * at every session.
 */
import type { Logger } from "pino";
import type { DockerClient } from "../docker/types.ts";
import type { UpdateEngine } from "../update/engine.ts";
import { logEvent } from "../update/events/log-subscriber.ts";
import type { NoticeBody } from "../update/events/session-events.ts";
import type { SessionReport } from "../update/report-types.ts";
import { LockBusyError, type WriterLock } from "../update/writer-lock.ts";
import { errorMessage } from "../util/errors.ts";
import { mergeReports, type HostRun } from "./merge-reports.ts";

/** What one connected host runs on. */
export interface HostParts {
  docker: DockerClient;
  engine: UpdateEngine;
  lock: WriterLock;
}

export interface FleetDeps {
  /** In the order given; the first is the host Bosun runs on (its only self-update host). */
  hosts: readonly string[];
  /** Connects to one host (throws when it is down or refuses) and builds its engine and lock. */
  connect: (host: string, options: { home: boolean; log: Logger }) => Promise<HostParts>;
  /** Starts a fleet session: the shared registry memo is renewed. */
  beginSession: () => void;
  log: Logger;
  shutdown: AbortSignal;
  now: () => number;
}

/** The notice of a host whose session failed: logged when it fails, notified with the report. */
export function hostFailedNotice(reason: string): NoticeBody {
  return {
    type: "notice",
    code: "host-failed",
    level: "error",
    message: "Docker host failed; its containers were not updated",
    fields: { err: reason },
  };
}

/** A host whose session did not run. */
export interface HostFailure {
  host: string;
  error: string;
  /** Why, without the sentence `error` wraps it in. */
  reason: string;
  /** Another Bosun held the host's lock for the whole --lock-wait. */
  busy: boolean;
}

export interface FleetSession {
  report: SessionReport;
  failures: HostFailure[];
}

export interface Fleet {
  readonly hosts: readonly string[];
  /** Connects every host it can; the ones that fail are logged and tried again later. */
  connectAll(): Promise<void>;
  /** The hosts connected so far, in the order given, each with its logger. */
  connected(): { host: string; parts: HostParts; log: Logger }[];
  runSession(images: readonly string[] | undefined): Promise<FleetSession>;
  close(): Promise<void>;
}

interface Member {
  host: string;
  home: boolean;
  log: Logger;
  parts?: HostParts;
  connecting?: Promise<HostParts>;
}

export function createFleet(deps: FleetDeps): Fleet {
  const members: Member[] = deps.hosts.map((host, index) => ({
    host,
    home: index === 0,
    log: deps.log.child({ host }),
  }));

  const connect = (member: Member): Promise<HostParts> => {
    if (member.parts !== undefined) return Promise.resolve(member.parts);
    member.connecting ??= deps.connect(member.host, { home: member.home, log: member.log }).then(
      (parts) => {
        member.parts = parts;
        return parts;
      },
      (error: unknown) => {
        delete member.connecting;
        throw error;
      },
    );
    return member.connecting;
  };

  const runHost = async (member: Member, images: readonly string[] | undefined): Promise<HostRun> => {
    try {
      const parts = await connect(member);
      const report = await parts.lock.run(
        (held) => parts.engine.runSession({ lock: held, ...(images !== undefined && { images }) }),
        deps.shutdown,
      );
      return { host: member.host, report };
    } catch (error) {
      const busy = error instanceof LockBusyError;
      const reason = errorMessage(error);
      if (busy) member.log.warn({ err: reason }, "Host skipped: another Bosun holds its lock");
      else logEvent(member.log, hostFailedNotice(reason));
      return { host: member.host, error: busy ? reason : `Docker host failed: ${reason}`, reason, busy };
    }
  };

  return {
    hosts: deps.hosts,
    async connectAll() {
      await Promise.all(
        members.map((member) =>
          connect(member).catch((error: unknown) => {
            member.log.error(
              { err: errorMessage(error) },
              "Cannot connect to this Docker host; it is tried again at every session",
            );
          }),
        ),
      );
    },
    connected() {
      return members.flatMap((member) =>
        member.parts === undefined ? [] : [{ host: member.host, parts: member.parts, log: member.log }],
      );
    },
    async runSession(images) {
      deps.beginSession();
      const runs = await Promise.all(members.map((member) => runHost(member, images)));
      const failures = runs.flatMap((run) =>
        "report" in run ? [] : [{ host: run.host, error: run.error, reason: run.reason, busy: run.busy }],
      );
      return { report: mergeReports(runs, deps.now()), failures };
    },
    async close() {
      await Promise.all(
        members.flatMap((member) =>
          member.parts === undefined ? [] : [member.parts.docker.close().catch(() => undefined)],
        ),
      );
    },
  };
}
