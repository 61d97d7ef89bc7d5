/**
 * @module Reading `$DOCKER_CONFIG/config.json`: `auths`, `credsStore` and `credHelpers`, with the
 * registry keys matched as the docker CLI does (legacy `https://index.docker.io/v1/`, with or
 * without a scheme).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { CredentialsError } from "./errors.ts";
import { DOCKER_HUB } from "../util/image-reference.ts";

export const AuthEntry = z.looseObject({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});
export type AuthEntry = z.infer<typeof AuthEntry>;

export const DockerConfig = z.looseObject({
  auths: z.record(z.string(), AuthEntry).optional(),
  credsStore: z.string().optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
});
export type DockerConfig = z.infer<typeof DockerConfig>;

/** Reads `<dir>/config.json`; a missing file is an empty config, a malformed one an error. */
export async function loadDockerConfig(dir: string): Promise<DockerConfig> {
  const path = join(dir, "config.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CredentialsError("DOCKER_CONFIG_UNREADABLE", `cannot read ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parse error quotes the file content, which may hold secrets: keep it out.
    throw new CredentialsError("DOCKER_CONFIG_INVALID", `${path} is not valid JSON`);
  }
  const parsed = DockerConfig.safeParse(json);
  if (!parsed.success) {
    throw new CredentialsError("DOCKER_CONFIG_INVALID", `${path} does not have the config.json shape`);
  }
  return parsed.data;
}

/** `https://host/v1/` → `host`, as docker's `ConvertToHostname`; Docker Hub's aliases → docker.io. */
export function configKeyToDomain(key: string): string {
  let host = key.trim().replace(/^[a-z]+:\/\//i, "");
  const slash = host.indexOf("/");
  if (slash !== -1) host = host.slice(0, slash);
  host = host.toLowerCase();
  return host === "index.docker.io" || host === "registry-1.docker.io" ? DOCKER_HUB : host;
}

/** The value of `map` whose key names `domain`, preferring an exact key. */
export function lookupByDomain<T>(map: Record<string, T> | undefined, domain: string): T | undefined {
  if (map === undefined) return undefined;
  const exact = map[domain];
  if (exact !== undefined) return exact;
  for (const [key, value] of Object.entries(map)) {
    if (configKeyToDomain(key) === domain) return value;
  }
  return undefined;
}

/** The server address a credential helper is asked for: Docker Hub's legacy key, else the host. */
export function helperServerAddress(domain: string): string {
  return domain === DOCKER_HUB ? "https://index.docker.io/v1/" : domain;
}
