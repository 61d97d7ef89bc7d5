/**
 * @module What the dashboard reads from Bosun's API, and the parsers that check each answer:
 * `/v1/dashboard-info` (public), `/v1/containers`, `/v1/history` and the report of `/v1/update`.
 */
import {
  array,
  DataError,
  object,
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalTime,
  string,
  time,
  type Json,
} from "./read-json.ts";
import { VIEW_STATES, type ViewState } from "./view-states.ts";

export interface DashboardInfo {
  tokenSet: boolean;
  updateEnabled: boolean;
}

export interface ContainerView {
  id: string;
  name: string;
  image: string;
  tag?: string | undefined;
  host?: string | undefined;
  kind?: string | undefined;
  currentImageId: string;
  state: ViewState;
  reason?: string | undefined;
  latestTag?: string | undefined;
  lastCheck?: number | undefined;
  phase?: string | undefined;
}

export interface ContainersView {
  containers: ContainerView[];
  session: { id: string; startedAt: number | undefined } | null;
  nextRun: number | null;
  hosts: string[];
}

export interface HistoryContainer {
  id: string;
  name: string;
  image: string;
  state: string;
  error?: string | undefined;
  rolledBack?: boolean | undefined;
  host?: string | undefined;
}

export interface HistorySession {
  session: string;
  startedAt: number;
  finishedAt: number | undefined;
  /** The Docker host of the session, with several hosts. */
  host?: string | undefined;
  /** The images a targeted run (`/v1/update?image=`) was limited to. */
  images?: readonly string[] | undefined;
  counts: ReadonlyMap<string, number>;
  containers: HistoryContainer[];
}

export interface HistoryPage {
  sessions: HistorySession[];
  next: string | null;
}

/** One container of a `/v1/update` answer. */
export interface UpdateEntry {
  id: string;
  name: string;
  state: string;
  error?: string | undefined;
  rolledBack?: boolean | undefined;
  latestTag?: string | undefined;
  host?: string | undefined;
}

export interface UpdateResult {
  containers: UpdateEntry[];
  summary: ReadonlyMap<string, number>;
}

/** Container names without Docker's leading slash. */
export function displayName(name: string): string {
  return name.startsWith("/") ? name.slice(1) : name;
}

export function parseDashboardInfo(value: unknown): DashboardInfo {
  const o = object(value, "dashboard info");
  return {
    tokenSet: optionalBoolean(o, "tokenSet", "dashboard info") ?? false,
    updateEnabled: optionalBoolean(o, "updateEnabled", "dashboard info") ?? false,
  };
}

function containerState(value: string): ViewState {
  const state = VIEW_STATES.find((known) => known === value.toLowerCase());
  return state ?? "unknown";
}

function parseContainer(value: unknown, index: number): ContainerView {
  const where = `containers[${index}]`;
  const o = object(value, where);
  return {
    id: string(o, "id", where),
    name: displayName(string(o, "name", where)),
    image: string(o, "image", where),
    tag: optionalString(o, "tag", where),
    host: optionalString(o, "host", where),
    kind: optionalString(o, "kind", where),
    currentImageId: optionalString(o, "currentImageId", where) ?? "",
    state: containerState(string(o, "state", where)),
    reason: optionalString(o, "reason", where),
    latestTag: optionalString(o, "latestTag", where),
    lastCheck: optionalTime(o, "lastCheck", where),
    phase: optionalString(o, "phase", where),
  };
}

export function parseContainers(value: unknown): ContainersView {
  const o = object(value, "containers answer");
  const session = o.session === null || o.session === undefined ? null : object(o.session, "session");
  const hosts = o.hosts === undefined ? [] : array(o.hosts, "hosts");
  return {
    containers: array(o.containers, "containers").map(parseContainer),
    session:
      session === null
        ? null
        : { id: string(session, "id", "session"), startedAt: optionalTime(session, "startedAt", "session") },
    nextRun: optionalTime(o, "nextRun", "containers answer") ?? null,
    hosts: hosts.map((host, index) => {
      if (typeof host === "string") return host;
      // A host may be described by an object naming it.
      return string(object(host, `hosts[${index}]`), "name", `hosts[${index}]`);
    }),
  };
}

function counts(value: unknown, where: string): Map<string, number> {
  const o = object(value, where);
  const result = new Map<string, number>();
  for (const key of Object.keys(o)) {
    const n = optionalNumber(o, key, where);
    if (n !== undefined) result.set(key, n);
  }
  return result;
}

function parseHistoryContainer(value: unknown, where: string): HistoryContainer {
  const o = object(value, where);
  return {
    id: string(o, "id", where),
    name: displayName(string(o, "name", where)),
    image: optionalString(o, "image", where) ?? optionalString(o, "imageName", where) ?? "",
    state: string(o, "state", where),
    error: optionalString(o, "error", where),
    rolledBack: optionalBoolean(o, "rolledBack", where),
    host: optionalString(o, "host", where),
  };
}

function parseSession(value: unknown, index: number): HistorySession {
  const where = `sessions[${index}]`;
  const o: Json = object(value, where);
  // The record's ID and counts, under either name: `id`/`summary` as stored, `session`/`counts`.
  const counted = o.summary ?? o.counts;
  return {
    session: optionalString(o, "session", where) ?? string(o, "id", where),
    startedAt: time(o, "startedAt", where),
    finishedAt: optionalTime(o, "finishedAt", where),
    host: optionalString(o, "host", where),
    images: o.images === undefined ? undefined : array(o.images, `${where}.images`).map(String),
    counts: counted === undefined ? new Map() : counts(counted, `${where}.counts`),
    containers: array(o.containers, `${where}.containers`).map((c, i) =>
      parseHistoryContainer(c, `${where}.containers[${i}]`),
    ),
  };
}

export function parseHistory(value: unknown): HistoryPage {
  const o = object(value, "history answer");
  const next = o.next;
  if (next !== null && next !== undefined && typeof next !== "string" && typeof next !== "number") {
    throw new DataError("history answer.next is not a cursor");
  }
  return {
    sessions: array(o.sessions, "sessions").map(parseSession),
    next: next === null || next === undefined ? null : String(next),
  };
}

export function parseUpdateResult(value: unknown): UpdateResult {
  const o = object(value, "update answer");
  return {
    summary: o.summary === undefined ? new Map() : counts(o.summary, "summary"),
    containers: array(o.containers, "containers").map((entry, index) => {
      const where = `containers[${index}]`;
      const c = object(entry, where);
      return {
        id: string(c, "id", where),
        name: displayName(string(c, "name", where)),
        state: string(c, "state", where),
        error: optionalString(c, "error", where),
        rolledBack: optionalBoolean(c, "rolledBack", where),
        latestTag: optionalString(c, "latestTag", where),
        host: optionalString(c, "host", where),
      };
    }),
  };
}
