import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDashboard, DASHBOARD_SRC } from "../../../test/support/dashboard-build.ts";
import { tempDir } from "../../../test/support/temp-dir.ts";
import { createMetrics } from "../../metrics/metrics.ts";
import { startApiServer, type ApiServer, type ApiServerOptions } from "../server.ts";
import { DASHBOARD_CSP } from "./security-headers.ts";

const TOKEN = "dash-token";
/** The budget for the whole page. */
const MAX_TRANSFER_BYTES = 100 * 1024;

let built: string;
beforeAll(() => {
  built = tempDir("dashboard");
  buildDashboard(built);
});

let servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(overrides: Partial<ApiServerOptions> = {}): Promise<{ base: string; logs: string[] }> {
  const logs: string[] = [];
  const server = await startApiServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    updateEnabled: true,
    metricsEnabled: false,
    coordinator: { request: () => Promise.reject(new Error("not in these tests")) },
    metrics: createMetrics({ defaultMetrics: false }),
    logger: pino({ level: "debug" }, { write: (line: string) => logs.push(line) }),
    dashboardDir: built,
    ...overrides,
  });
  servers.push(server);
  return { base: `http://127.0.0.1:${String(server.address.port)}`, logs };
}

/** The page and every file it loads: its stylesheet and scripts, and the modules they import. */
async function crawl(base: string): Promise<Map<string, Response & { bytes: number; text: string }>> {
  const seen = new Map<string, Response & { bytes: number; text: string }>();
  const todo = ["/"];
  for (let next = todo.pop(); next !== undefined && seen.size < 100; next = todo.pop()) {
    if (seen.has(next)) continue;
    const res = await fetch(`${base}${next}`);
    const text = await res.text();
    seen.set(next, Object.assign(res, { bytes: Buffer.byteLength(text), text }));
    const refs = next === "/" ? [...text.matchAll(/(?:src|href)="(ui\/[^"]+)"/g)] : [];
    const imports = next.endsWith(".js") ? [...text.matchAll(/from\s*"\.\/([^"]+)"/g)] : [];
    for (const [, ref] of refs) if (ref !== undefined) todo.push(`/${ref}`);
    for (const [, ref] of imports) if (ref !== undefined) todo.push(`/ui/${ref}`);
  }
  return seen;
}

describe("dashboard page", () => {
  it("is served at / without a token, with the strict CSP and safe headers", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);
    expect(await res.text()).toContain('<script type="module" src="ui/app.js"></script>');
  });

  it("serves every file the page loads, each with its type and the same headers, under 100 KB in all", async () => {
    const { base } = await start();
    const files = await crawl(base);
    const types = new Map([...files].map(([file, res]) => [file, res.headers.get("content-type")]));
    expect(types.get("/ui/dashboard.css")).toBe("text/css; charset=utf-8");
    expect(types.get("/ui/app.js")).toBe("text/javascript; charset=utf-8");
    // Every compiled module is reached from the page, and every one the page reaches exists.
    const modules = readdirSync(DASHBOARD_SRC).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect([...files.keys()].filter((f) => f.endsWith(".js")).sort()).toEqual(
      modules.map((f) => `/ui/${f.replace(/\.ts$/, ".js")}`).sort(),
    );
    for (const [file, res] of files) {
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-security-policy"), file).toBe(DASHBOARD_CSP);
      expect(res.headers.get("x-content-type-options"), file).toBe("nosniff");
    }
    // Bodies plus a generous 600 bytes of headers per response.
    const total = [...files.values()].reduce((sum, res) => sum + res.bytes + 600, 0);
    expect(total).toBeLessThan(MAX_TRANSFER_BYTES);
  });

  it("answers a matching If-None-Match with 304, HEAD without a body", async () => {
    const { base } = await start();
    const first = await fetch(`${base}/ui/app.js`);
    const etag = first.headers.get("etag") ?? "";
    const again = await fetch(`${base}/ui/app.js`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const head = await fetch(`${base}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it.each([
    "/ui/",
    "/ui/nope.js",
    "/ui/../server.js",
    "/ui/%2e%2e/server.js",
    "/ui/tsconfig.json",
    "/index.html",
  ])("answers 404 for %s", async (file) => {
    const { base } = await start();
    expect((await fetch(`${base}${file}`)).status).toBe(404);
  });

  it("answers 405 to a POST on the page", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 503 naming the fix when the page was not built", async () => {
    const { base, logs } = await start({ dashboardDir: tempDir("empty") });
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "the dashboard is not built: run npm run build" });
    expect(logs.join("")).toContain("Dashboard files not found");
  });
});

describe("/v1/dashboard-info", () => {
  it.each([
    [
      "a token and /v1/update",
      { token: TOKEN, updateEnabled: true },
      { tokenSet: true, updateEnabled: true },
    ],
    [
      "a token, metrics only",
      { token: TOKEN, updateEnabled: false, metricsEnabled: true },
      { tokenSet: true, updateEnabled: false },
    ],
    [
      "no token (health only)",
      { token: undefined, updateEnabled: false },
      { tokenSet: false, updateEnabled: false },
    ],
  ])("with %s tells the page what it needs, no secret, without a token", async (_, options, expected) => {
    const { base } = await start(options);
    const res = await fetch(`${base}/v1/dashboard-info`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).not.toContain(TOKEN);
  });
});

describe("dashboard sources", () => {
  const sources = readdirSync(DASHBOARD_SRC)
    .filter((file) => /\.(ts|html)$/.test(file) && !file.endsWith(".test.ts"))
    .map((file) => [file, readFileSync(path.join(DASHBOARD_SRC, file), "utf8")] as const);

  it.each(sources)("%s never parses data as HTML", (_, text) => {
    expect(text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  it("the page has no inline script, style or handler (the CSP would block them)", () => {
    const html = readFileSync(path.join(DASHBOARD_SRC, "index.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
