/**
 * @module The dashboard's endpoints, token-protected like `/v1/update` and served whenever the API
 * is: `/v1/containers` (the live container view, the session in progress, the next scheduled run),
 * `/v1/history` (past sessions, newest first, paged) and `/v1/events` (the session events as
 * Server-Sent Events).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ContainerView, ViewContainer } from "../history/container-view.ts";
import type { HistoryStore } from "../history/history-store.ts";
import type { SessionRecord } from "../history/session-record.ts";
import type { SessionEvent } from "../update/events/session-events.ts";
import type { EventBus } from "../util/event-bus.ts";
import { createEventStream } from "./event-stream.ts";
import { parseHistoryQuery } from "./history-query.ts";
import { QueryError } from "./update-query.ts";

/** What the dashboard's endpoints read. */
export interface DashboardSources {
  view: Pick<ContainerView, "containers" | "session">;
  history: Pick<HistoryStore, "page">;
  events: Pick<EventBus<SessionEvent>, "subscribe">;
  /** When the schedule runs next; undefined without periodic runs. */
  nextRun: () => Date | undefined;
  /** The Docker hosts, with several only. */
  hosts: readonly string[];
}

/** What the routes take from the server. */
export interface DashboardServerParts {
  /** True when the request carries the token; otherwise it has answered 401. */
  authorize: (req: IncomingMessage, res: ServerResponse) => boolean;
  sendJson: (req: IncomingMessage, res: ServerResponse, status: number, body: unknown) => void;
  logger: Logger;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface DashboardRoutes {
  routes: [string, { methods: readonly string[]; handler: Handler }][];
  /** Ends the event streams, so the server's close is not held up by them. */
  close(): void;
}

export interface ContainersResponse {
  containers: ViewContainer[];
  session: { id: string; startedAt: string; host?: string } | null;
  nextRun: string | null;
  hosts: string[];
}

/** A history record as `/v1/history` shows it: ISO times and the duration. */
export function sessionJson(record: SessionRecord) {
  const { v: _format, id, startedAt, finishedAt, ...rest } = record;
  return {
    id,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    durationMs: Math.max(0, finishedAt - startedAt),
    ...rest,
  };
}

export function dashboardRoutes(sources: DashboardSources, server: DashboardServerParts): DashboardRoutes {
  const { authorize, sendJson } = server;
  const stream = createEventStream({ events: sources.events, logger: server.logger });

  const containers: Handler = (req, res) => {
    if (!authorize(req, res)) return Promise.resolve();
    const session = sources.view.session();
    const body: ContainersResponse = {
      containers: sources.view.containers(),
      session:
        session === undefined
          ? null
          : {
              id: session.id,
              startedAt: new Date(session.startedAt).toISOString(),
              ...(session.host === undefined ? {} : { host: session.host }),
            },
      nextRun: sources.nextRun()?.toISOString() ?? null,
      hosts: [...sources.hosts],
    };
    sendJson(req, res, 200, body);
    return Promise.resolve();
  };

  const history: Handler = (req, res, url) => {
    if (!authorize(req, res)) return Promise.resolve();
    try {
      const query = parseHistoryQuery(url.searchParams);
      const page = sources.history.page(query.limit, query.before);
      sendJson(req, res, 200, { sessions: page.sessions.map(sessionJson), next: page.next ?? null });
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      sendJson(req, res, 400, { error: error.message });
    }
    return Promise.resolve();
  };

  const events: Handler = (req, res) => {
    if (!authorize(req, res)) return Promise.resolve();
    if (!stream.open(req, res)) sendJson(req, res, 503, { error: "too many event-stream clients" });
    return Promise.resolve();
  };

  return {
    routes: [
      ["/v1/containers", { methods: ["GET"], handler: containers }],
      ["/v1/history", { methods: ["GET"], handler: history }],
      ["/v1/events", { methods: ["GET"], handler: events }],
    ],
    close() {
      stream.close();
    },
  };
}
