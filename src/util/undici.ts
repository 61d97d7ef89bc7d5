/**
 * @module The parts of undici Bosun uses (its Agent, its EnvHttpProxyAgent, `request`), loaded
 * without undici's index. The index also loads fetch, WebSocket, EventSource, the mock agents,
 * the cache stores and SQLite: ~9 MiB of resident memory a daemon would hold for nothing
 * (docs/performance.md). The modules are undici's own, so behaviour is the package's; the types
 * are those of its public entry point.
 */
import { createRequire } from "node:module";
import type * as Undici from "undici";

const load = createRequire(import.meta.url);

type RequestFn = (
  this: Undici.Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
) => Promise<Undici.Dispatcher.ResponseData>;

export const Agent = load("undici/lib/dispatcher/agent.js") as typeof Undici.Agent;

/**
 * undici's EnvHttpProxyAgent, from its index, loaded with the first proxy: the proxy tunnels with
 * `Dispatcher.prototype.connect`, which only the index installs.
 */
export function envHttpProxyAgent(options: Undici.EnvHttpProxyAgent.Options): Undici.Dispatcher {
  const { EnvHttpProxyAgent } = load("undici") as typeof Undici;
  return new EnvHttpProxyAgent(options);
}

const apiRequest = load("undici/lib/api/api-request.js") as RequestFn;
const globalDispatcher = load("undici/lib/global.js") as { getGlobalDispatcher: () => Undici.Dispatcher };

export interface RequestOptions extends Omit<Undici.Dispatcher.RequestOptions, "origin" | "path" | "method"> {
  method?: Undici.Dispatcher.HttpMethod;
  /** undici's global Agent when absent, as undici's `request`. */
  dispatcher?: Undici.Dispatcher | undefined;
}

/** undici's `request(url, options)`: the URL split into origin and path; without a method, PUT with a body, else GET. */
export function request(url: string | URL, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher = globalDispatcher.getGlobalDispatcher(), method, ...rest } = options;
  const target = typeof url === "string" ? new URL(url) : url;
  return apiRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: method ?? (rest.body == null ? "GET" : "PUT"),
  });
}
