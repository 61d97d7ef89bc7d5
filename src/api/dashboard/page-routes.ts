/**
 * @module The dashboard's public routes on the API server: the page at `/`, its files under `/ui/`,
 * and `/v1/dashboard-info`, which tells the page (before any token is entered) whether a token is
 * configured and whether `/v1/update` exists. None of them needs the token, and none reveals a
 * secret or a container: every data call of the page goes to the token-protected endpoints.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { DEFAULT_DASHBOARD_DIR, loadDashboardAssets, type DashboardAsset } from "./dashboard-assets.ts";
import { DASHBOARD_HEADERS } from "./security-headers.ts";

export interface DashboardRoute {
  methods: readonly string[];
  handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
}

export interface DashboardRouteOptions {
  /** Directory of the built page; default: next to this module (dist/api/dashboard/ui/). */
  dir?: string | undefined;
  tokenSet: boolean;
  updateEnabled: boolean;
  logger: Logger;
}

/** What `/v1/dashboard-info` answers. */
export interface DashboardInfo {
  tokenSet: boolean;
  updateEnabled: boolean;
}

const READ = ["GET", "HEAD"] as const;

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: DashboardAsset): void {
  if (res.headersSent || res.destroyed) return;
  const headers = { ...DASHBOARD_HEADERS, "Content-Type": asset.contentType, ETag: asset.etag };
  if (req.headers["if-none-match"]?.split(",").some((tag) => tag.trim() === asset.etag) === true) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": String(asset.body.length) });
  res.end(asset.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...DASHBOARD_HEADERS,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** The routes to add to the API server, by path; reads the page's files once. */
export async function dashboardPageRoutes(
  options: DashboardRouteOptions,
): Promise<Map<string, DashboardRoute>> {
  const info: DashboardInfo = { tokenSet: options.tokenSet, updateEnabled: options.updateEnabled };
  const routes = new Map<string, DashboardRoute>([
    [
      "/v1/dashboard-info",
      {
        methods: READ,
        handler: (_req, res) => {
          sendJson(res, 200, info);
          return Promise.resolve();
        },
      },
    ],
  ]);
  const dir = options.dir ?? DEFAULT_DASHBOARD_DIR;
  const assets = await loadDashboardAssets(dir);
  if (assets === undefined) {
    options.logger.warn({ dir }, "Dashboard files not found; run npm run build");
    routes.set("/", {
      methods: READ,
      handler: (_req, res) => {
        sendJson(res, 503, { error: "the dashboard is not built: run npm run build" });
        return Promise.resolve();
      },
    });
    return routes;
  }
  const route = (asset: DashboardAsset): DashboardRoute => ({
    methods: READ,
    handler: (req, res) => {
      sendAsset(req, res, asset);
      return Promise.resolve();
    },
  });
  routes.set("/", route(assets.page));
  for (const [name, asset] of assets.files) routes.set(`/ui/${name}`, route(asset));
  return routes;
}
