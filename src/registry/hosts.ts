/**
 * @module Registry hosts: Docker Hub's API host, and which hosts Docker allows over plain HTTP.
 * References themselves are parsed by `src/util/image-reference.ts`.
 */
import { DOCKER_HUB } from "../util/image-reference.ts";

export const DOCKER_HUB_API_HOST = "registry-1.docker.io";

/** The host serving the v2 API: Docker Hub's is `registry-1.docker.io`. */
export function apiHost(domain: string): string {
  return domain === DOCKER_HUB ? DOCKER_HUB_API_HOST : domain;
}

/** The hostname part of `host[:port]` or `[v6]:port`, lowercased, without brackets. */
export function hostname(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]")).toLowerCase();
  const colon = host.lastIndexOf(":");
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/** localhost, 127.0.0.0/8 and ::1: registries Docker allows over plain HTTP. */
export function isLoopbackHost(host: string): boolean {
  const name = hostname(host);
  return name === "localhost" || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}
