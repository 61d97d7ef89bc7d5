/**
 * @module The HTTP API on node:http: `/v1/update` (GET and POST, token) triggers a run through the
 * run coordinator and answers with its report, or 202 at once with `async=true`; `/v1/metrics`
 * (GET, token) serves Prometheus text; `/v1/health` (GET, no token) answers 200 for container
 * health checks; the dashboard's `/v1/containers`, `/v1/history` and `/v1/events` (token) come from
 * dashboard-routes.ts. Errors are JSON `{"error": "..."}`. Every request is logged at debug level with
 * its method, path (no query), status and duration; never a header or the token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics.ts";
import { CoordinatorStoppedError, type RunCoordinator } from "../scheduler/coordinator.ts";
import { BosunError, errorMessage } from "../util/errors.ts";
import { isAuthorized } from "./auth.ts";
import { BODY_TIMEOUT_MS, discardBody, MAX_BODY_BYTES } from "./body.ts";
import { registryHook, REGISTRY_HOOK_PATH } from "./registry-hook.ts";
import { dashboardPageRoutes } from "./dashboard/page-routes.ts";
import { dashboardRoutes, type DashboardSources } from "./dashboard-routes.ts";
import { parseUpdateQuery, QueryError } from "./update-query.ts";
import { updateResponse } from "./update-response.ts";

export class ApiError extends BosunError {}

export interface ApiServerOptions {
  /** Interface to bind; undefined = every interface (the original's `:8080`). */
  host: string | undefined;
  /** 0 picks a free port (tests). */
  port: number;
  /** Required when update or metrics is enabled; undefined = none (the API then serves health only). */
  token: string | undefined;
  updateEnabled: boolean;
  metricsEnabled: boolean;
  coordinator: Pick<RunCoordinator, "request">;
  metrics: Pick<Metrics, "render" | "webhookEvents">;
  logger: Logger;
  /**
   * Told of each update asked for through `/v1/update`, with the fields of its log line: the
   * composition root turns it into a notice, which notifications send as Watchtower does.
   */
  onUpdateTriggered?: (fields: { images: readonly string[] | "all"; async: boolean }) => void;
  /** Largest accepted request body; default 64 KiB. */
  maxBodyBytes?: number;
  /** How long a client may take to send its body; default 30 s. */
  bodyTimeoutMs?: number;
  /** How long close() lets requests in progress finish before dropping them; default 10 s. */
  closeGraceMs?: number;
  /** The dashboard's endpoints (`/v1/containers`, `/v1/history`, `/v1/events`), served with the token. */
  dashboard?: DashboardSources;
  /** Directory of the built dashboard page; default: dist/api/dashboard/ui/ (tests build their own). */
  dashboardDir?: string;
}

export interface ApiServer {
  /** The configured host as messages show it ("" = every interface, as `:8080`) and the port bound. */
  address: { host: string; port: number };
  /** Stops accepting connections, closes idle ones and waits for requests in progress (bounded). */
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

interface Route {
  methods: readonly string[];
  handler: Handler;
}

const JSON_TYPE = "application/json; charset=utf-8";

function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  // A body we did not read must not be taken for the next request on this connection.
  if (!req.complete) res.setHeader("Connection", "close");
  res.writeHead(status, {
    ...headers,
    "Content-Type": JSON_TYPE,
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers?: Record<string, string>,
): void {
  sendJson(req, res, status, { error: message }, headers);
}

/** Starts the API server; rejects when the port cannot be bound or a protected endpoint has no token. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { coordinator, metrics, logger, token } = options;
  if ((options.updateEnabled || options.metricsEnabled) && token === undefined) {
    throw new ApiError(
      "API_TOKEN",
      "The HTTP API needs a token: set --http-api-token (WATCHTOWER_HTTP_API_TOKEN)",
    );
  }
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const bodyTimeout = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;

  /** True when authorized; otherwise answers 401. */
  function authorize(req: IncomingMessage, res: ServerResponse): boolean {
    if (isAuthorized(req.headers, token)) return true;
    const presented = req.headers.authorization !== undefined || req.headers.token !== undefined;
    sendError(req, res, 401, presented ? "invalid API token" : "missing API token", {
      "WWW-Authenticate": 'Bearer realm="bosun"',
    });
    return false;
  }

  /** Reads and discards the body; false (after answering) when it is too large, too slow or gone. */
  async function consumeBody(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const outcome = await discardBody(req, maxBody, bodyTimeout);
    if (outcome === "ok") return true;
    if (outcome === "too-large")
      sendError(req, res, 413, `request body larger than ${String(maxBody)} bytes`);
    else if (outcome === "timeout") sendError(req, res, 408, "request body not received in time");
    else res.destroy();
    return false;
  }

  const update: Handler = async (req, res, url) => {
    if (!authorize(req, res)) return;
    let query;
    try {
      query = parseUpdateQuery(url.searchParams);
    } catch (error) {
      if (error instanceof QueryError) {
        sendError(req, res, 400, error.message);
        return;
      }
      throw error;
    }
    if (!(await consumeBody(req, res))) return;
    const { images } = query;
    const triggered = { images: images ?? ("all" as const), async: query.async };
    logger.info(triggered, "Updates triggered by HTTP API request");
    options.onUpdateTriggered?.(triggered);
    const report = coordinator.request(images);
    if (query.async) {
      report.catch((error: unknown) => {
        logger.debug({ err: errorMessage(error) }, "Update requested through the HTTP API did not complete");
      });
      sendJson(req, res, 202, { status: "queued" });
      return;
    }
    try {
      sendJson(req, res, 200, updateResponse(await report));
    } catch (error) {
      if (error instanceof CoordinatorStoppedError) sendError(req, res, 503, error.message);
      else sendError(req, res, 500, `update session failed: ${errorMessage(error)}`);
    }
  };

  const metricsHandler: Handler = async (req, res) => {
    if (!authorize(req, res)) return;
    const rendered = await metrics.render();
    if (res.destroyed) return;
    res.writeHead(200, {
      "Content-Type": rendered.contentType,
      "Content-Length": String(Buffer.byteLength(rendered.body)),
      "Cache-Control": "no-store",
    });
    res.end(rendered.body);
  };

  const health: Handler = (req, res) => {
    sendJson(req, res, 200, { status: "ok" });
    return Promise.resolve();
  };

  const routes = new Map<string, Route>([["/v1/health", { methods: ["GET", "HEAD"], handler: health }]]);
  if (options.updateEnabled) routes.set("/v1/update", { methods: ["GET", "POST"], handler: update });
  if (options.metricsEnabled)
    routes.set("/v1/metrics", { methods: ["GET", "HEAD"], handler: metricsHandler });
  // Registry push webhooks: part of the update API, with the same token.
  if (options.updateEnabled) {
    const hook = { token, coordinator, metrics, logger, maxBodyBytes: maxBody, bodyTimeoutMs: bodyTimeout };
    routes.set(REGISTRY_HOOK_PATH, { methods: ["POST"], handler: registryHook({ ...hook, sendJson }) });
  }
  // The dashboard's endpoints: with the server, whichever endpoint started it (the token is required).
  const dashboard =
    options.dashboard === undefined
      ? undefined
      : dashboardRoutes(options.dashboard, { authorize, sendJson, logger });
  for (const [path, route] of dashboard?.routes ?? []) routes.set(path, route);
  // The dashboard page (src/api/dashboard/): public at `/`, its files, and what it asks first.
  const pageRoutes = await dashboardPageRoutes({
    dir: options.dashboardDir,
    tokenSet: token !== undefined,
    updateEnabled: options.updateEnabled,
    logger,
  });
  for (const [path, route] of pageRoutes) routes.set(path, route);

  const inFlight = new Set<ServerResponse>();
  let closing = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://bosun.invalid");
    } catch {
      sendError(req, res, 400, "malformed request URL");
      return;
    }
    const method = req.method ?? "GET";
    const path = url.pathname.length > 200 ? `${url.pathname.slice(0, 200)}…` : url.pathname;
    const started = performance.now();
    res.on("close", () => {
      logger.debug(
        {
          method,
          path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        "HTTP request",
      );
    });
    const route = routes.get(url.pathname);
    if (route === undefined) {
      sendError(req, res, 404, "not found");
      return;
    }
    if (!route.methods.includes(method)) {
      sendError(req, res, 405, `method ${method} not allowed`, { Allow: route.methods.join(", ") });
      return;
    }
    await route.handler(req, res, url);
  }

  const server = createServer(
    // A synchronous update holds the request open for the whole run: no request timeout.
    { requestTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 5_000 },
    (req, res) => {
      inFlight.add(res);
      res.on("close", () => {
        inFlight.delete(res);
        if (closing) server.closeIdleConnections();
      });
      handle(req, res).catch((error: unknown) => {
        logger.error({ err: errorMessage(error) }, "HTTP API request failed");
        sendError(req, res, 500, "internal error");
      });
    },
  );

  // As the original shows its address: `:8080` (nothing before the colon) for every interface.
  const shownHost = options.host ?? "";
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(
        new ApiError(
          "API_LISTEN",
          `Cannot listen on ${shownHost}:${String(options.port)}: ${error.message}`,
          {
            cause: error,
          },
        ),
      );
    };
    server.once("error", onError);
    server.listen(
      { port: options.port, ...(options.host === undefined ? {} : { host: options.host }) },
      () => {
        server.off("error", onError);
        resolve();
      },
    );
  });
  server.on("error", (error) => {
    logger.error({ err: errorMessage(error) }, "HTTP API server error");
  });
  const bound = server.address() as AddressInfo;
  logger.debug({ host: shownHost, port: bound.port }, "HTTP API listening");

  let closed: Promise<void> | undefined;
  return {
    address: { host: shownHost, port: bound.port },
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        // Event streams never end on their own: end them, and their connections go idle.
        dashboard?.close();
        const grace = setTimeout(() => {
          logger.warn({ requests: inFlight.size }, "Dropping HTTP API requests still in progress");
          server.closeAllConnections();
        }, options.closeGraceMs ?? 10_000);
        grace.unref();
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
