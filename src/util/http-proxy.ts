/**
 * @module Bosun's own outbound HTTP (registries, token servers, notification services) through
 * the proxy of HTTP_PROXY / HTTPS_PROXY / NO_PROXY, as Go's ProxyFromEnvironment does for
 * Watchtower: a URL without a scheme means `http://`, and localhost and 127.0.0.1 are never
 * proxied. The engine's pulls follow the daemon's own proxy settings, not these.
 */
import type { Dispatcher } from "undici";
import { Agent, envHttpProxyAgent } from "./undici.ts";
import { proxyUrl } from "./proxy-url.ts";

export interface ProxySettings {
  /** Undefined means no proxy. */
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
}

export interface OutboundTls {
  ca?: string[] | undefined;
  rejectUnauthorized?: boolean;
}

/** Loopback names Go never sends through a proxy; always added to NO_PROXY. */
const LOOPBACK = ["localhost", "127.0.0.1"];

export function usesProxy(proxy: ProxySettings | undefined): proxy is ProxySettings {
  return proxy !== undefined && (proxy.httpProxy !== undefined || proxy.httpsProxy !== undefined);
}

/**
 * One keep-alive dispatcher for outbound requests: a plain Agent without a proxy, else undici's
 * EnvHttpProxyAgent with the settings given (never the environment directly: config/ reads it).
 */
export function outboundDispatcher(proxy: ProxySettings | undefined, tls: OutboundTls = {}): Dispatcher {
  const connect = {
    ...(tls.ca !== undefined && { ca: tls.ca }),
    ...(tls.rejectUnauthorized !== undefined && { rejectUnauthorized: tls.rejectUnauthorized }),
  };
  const keepAliveTimeout = 30_000;
  if (!usesProxy(proxy)) return new Agent({ connect, keepAliveTimeout });
  const noProxy =
    proxy.noProxy === undefined ? [] : proxy.noProxy.split(/[,\s]+/).filter((entry) => entry !== "");
  return envHttpProxyAgent({
    keepAliveTimeout,
    // "" (not undefined) keeps undici from reading process.env itself.
    httpProxy: proxy.httpProxy === undefined ? "" : proxyUrl(proxy.httpProxy),
    httpsProxy: proxy.httpsProxy === undefined ? "" : proxyUrl(proxy.httpsProxy),
    noProxy: [...LOOPBACK, ...noProxy].join(","),
    connect,
    requestTls: connect,
  });
}
