/**
 * @module Credentials for a registry: REPO_USER/REPO_PASS when both are set (for every registry, as
 * Watchtower's `EncodedAuth`), else `credHelpers[registry]`, then `credsStore`, then `auths` of
 * config.json; and their encodings for the engine and the registry.
 */
import type { Clock } from "../util/clock.ts";
import { runCredentialHelper, type SpawnFn } from "./cred-helper.ts";
import { helperServerAddress, loadDockerConfig, lookupByDomain, type AuthEntry } from "./docker-config.ts";
import { CredentialsError } from "./errors.ts";

export interface Credentials {
  username?: string;
  password?: string;
  identityToken?: string;
  /** Where they came from, for logs: never the secret. */
  source: "config" | "credsStore" | "credHelper" | "env";
}

export interface CredentialOptions {
  dockerConfigDir: string;
  repoUser?: string | undefined;
  repoPass?: string | undefined;
  spawn: SpawnFn;
  clock: Clock;
  helperTimeoutMs?: number;
  /** How long a resolved answer is reused, so a session reads config.json once. */
  cacheTtlMs?: number;
}

export interface CredentialResolver {
  /** Credentials for registry `domain` (e.g. `docker.io`, `localhost:5000`), undefined = anonymous. */
  resolve(domain: string): Promise<Credentials | undefined>;
}

export function createCredentialResolver(options: CredentialOptions): CredentialResolver {
  const cache = new Map<string, { at: number; value: Promise<Credentials | undefined> }>();
  const ttl = options.cacheTtlMs ?? 60_000;
  return {
    resolve(domain) {
      const hit = cache.get(domain);
      if (hit !== undefined && options.clock.now() - hit.at < ttl) return hit.value;
      const value = lookup(options, domain);
      cache.set(domain, { at: options.clock.now(), value });
      // A failure is not remembered: the next check tries again.
      value.catch(() => cache.delete(domain));
      return value;
    },
  };
}

async function lookup(options: CredentialOptions, domain: string): Promise<Credentials | undefined> {
  // Watchtower (pkg/registry/trust.go EncodedAuth) reads the environment first and config.json
  // only when REPO_USER or REPO_PASS is empty.
  const { repoUser, repoPass } = options;
  if (repoUser !== undefined && repoUser !== "" && repoPass !== undefined && repoPass !== "") {
    return { username: repoUser, password: repoPass, source: "env" };
  }
  const config = await loadDockerConfig(options.dockerConfigDir);
  const timeout = options.helperTimeoutMs ?? 10_000;
  const helper = lookupByDomain(config.credHelpers, domain);
  if (helper !== undefined && helper !== "") {
    const found = await runCredentialHelper(options.spawn, helper, helperServerAddress(domain), timeout);
    if (found !== undefined) return { ...found, source: "credHelper" };
  } else if (config.credsStore !== undefined && config.credsStore !== "") {
    const found = await runCredentialHelper(
      options.spawn,
      config.credsStore,
      helperServerAddress(domain),
      timeout,
    );
    if (found !== undefined) return { ...found, source: "credsStore" };
  }
  const entry = lookupByDomain(config.auths, domain);
  const fromConfig = entry === undefined ? undefined : fromAuthEntry(entry, domain);
  return fromConfig;
}

function fromAuthEntry(entry: AuthEntry, domain: string): Credentials | undefined {
  if (entry.identitytoken !== undefined && entry.identitytoken !== "") {
    const username = entry.username ?? decodeAuth(entry.auth, domain)?.username;
    return {
      identityToken: entry.identitytoken,
      ...(username === undefined ? {} : { username }),
      source: "config",
    };
  }
  if (entry.username !== undefined && entry.password !== undefined && entry.password !== "") {
    return { username: entry.username, password: entry.password, source: "config" };
  }
  const decoded = decodeAuth(entry.auth, domain);
  return decoded === undefined ? undefined : { ...decoded, source: "config" };
}

function decodeAuth(
  auth: string | undefined,
  domain: string,
): { username: string; password: string } | undefined {
  if (auth === undefined || auth === "") return undefined;
  const text = Buffer.from(auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0) {
    throw new CredentialsError(
      "DOCKER_CONFIG_INVALID",
      `the auths entry for ${domain} has a malformed "auth"`,
    );
  }
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

const SOURCE_LABEL: Record<Credentials["source"], string> = {
  config: "config.json",
  credsStore: "the credsStore helper",
  credHelper: "the credential helper",
  env: "REPO_USER/REPO_PASS",
};

/** Where credentials came from, for errors and logs (never the secret). */
export function credentialSource(credentials: Credentials): string {
  return SOURCE_LABEL[credentials.source];
}

/** The `X-Registry-Auth` header value: base64url JSON, as the engine decodes it (padded). */
export function encodeRegistryAuth(credentials: Credentials, serverAddress: string): string {
  const body =
    credentials.identityToken === undefined
      ? {
          username: credentials.username ?? "",
          password: credentials.password ?? "",
          serveraddress: serverAddress,
        }
      : { identitytoken: credentials.identityToken, serveraddress: serverAddress };
  return Buffer.from(JSON.stringify(body)).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** `Basic <base64(user:pass)>` for a registry or token server; an identity token acts as password. */
export function basicAuthorization(credentials: Credentials): string | undefined {
  const password = credentials.password ?? credentials.identityToken;
  if (password === undefined) return undefined;
  const username =
    credentials.identityToken !== undefined && credentials.password === undefined
      ? (credentials.username ?? "<token>")
      : (credentials.username ?? "");
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}
