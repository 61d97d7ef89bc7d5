/**
 * @module Authorization for a repository: the host's challenge (once per host: from the first
 * anonymous request's answer, else a `/v2/` probe), then Basic, or a Bearer token from the realm
 * (cached and single-flight through the TokenStore), or nothing.
 */
import { z } from "zod";
import type { Clock } from "../util/clock.ts";
import { BosunError } from "../util/errors.ts";
import { parseWwwAuthenticate, type Challenge } from "./challenge.ts";
import { basicAuthorization, credentialSource, type Credentials } from "./credentials.ts";
import { header, type HttpResponse, type RegistryHttp } from "./http.ts";
import { isLoopbackHost } from "./hosts.ts";
import { tokenTtlMs, type TokenKey, type TokenStore } from "./token-cache.ts";

export class RegistryAuthError extends BosunError {}

/**
 * A token server's answer. Lenient where servers differ: an empty `token` next to an
 * `access_token`, or an odd `expires_in` (0, negative, a string), never loses the token; a missing
 * or unusable `expires_in` means the default lifetime.
 */
export const TokenResponse = z.object({
  token: z.string().optional().catch(undefined),
  access_token: z.string().optional().catch(undefined),
  expires_in: z.coerce.number().positive().optional().catch(undefined),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export interface Authorization {
  /** The `Authorization` header value, undefined when the registry needs none. */
  header: string | undefined;
  /** Set for Bearer tokens, so a rejected token can be dropped from the cache. */
  tokenKey?: TokenKey;
}

export interface Authorizer {
  authorize(
    host: string,
    repoPath: string,
    credentials: Credentials | undefined,
    signal?: AbortSignal,
    /** A repository's own challenge (from a 401), used instead of the host's `/v2/` one. */
    challenges?: Challenge[],
  ): Promise<Authorization>;
}

/** Hands out the host's challenge from the first anonymous answer, in place of a `/v2/` probe. */
export interface FirstContact {
  /**
   * Sends `send` (a request without credentials) as the host's first contact when its challenge
   * is neither known nor being asked; its answer is the challenge (a 401's WWW-Authenticate, or
   * none when it was served anonymously). Undefined when the challenge is known or in flight:
   * then `authorize` waits for it.
   */
  firstContact(
    host: string,
    send: () => Promise<HttpResponse>,
    signal?: AbortSignal,
  ): Promise<HttpResponse> | undefined;
}

export interface AuthorizerOptions {
  http: RegistryHttp;
  tokens: TokenStore;
  clock: Clock;
  insecure: boolean;
  challengeTtlMs?: number;
}

export function createAuthorizer(options: AuthorizerOptions): Authorizer & FirstContact {
  const challenges = new Map<string, { at: number; value: Promise<Challenge[]> }>();
  const ttl = options.challengeTtlMs ?? 10 * 60_000;

  const known = (host: string): Promise<Challenge[]> | undefined => {
    const hit = challenges.get(host);
    return hit !== undefined && options.clock.now() - hit.at < ttl ? hit.value : undefined;
  };
  const remember = (host: string, value: Promise<Challenge[]>): Promise<Challenge[]> => {
    challenges.set(host, { at: options.clock.now(), value });
    value.catch(() => challenges.delete(host));
    return value;
  };
  const challengeOf = (host: string, signal?: AbortSignal): Promise<Challenge[]> =>
    known(host) ?? remember(host, fetchChallenge(options.http, host, signal));

  return {
    firstContact(host, send, signal) {
      if (known(host) !== undefined) return undefined;
      const response = send();
      // An answer that does not tell (a 401 without a challenge, 403, 429, 5xx) leaves it to the
      // `/v2/` probe, asked once for every request waiting on this host.
      void remember(
        host,
        response.then((answer) => challengeFromAnswer(answer) ?? fetchChallenge(options.http, host, signal)),
      );
      return response;
    },
    async authorize(host, repoPath, credentials, signal, challenges) {
      const found = challenges ?? (await challengeOf(host, signal));
      const bearer = found.find((c) => c.scheme === "bearer");
      if (bearer !== undefined) {
        const key = bearerKey(bearer, repoPath, credentials);
        const token = await options.tokens.get(key, () => fetchToken(options, key, credentials, signal));
        return { header: `Bearer ${token}`, tokenKey: key };
      }
      if (found.some((c) => c.scheme === "basic")) {
        const basic = credentials === undefined ? undefined : basicAuthorization(credentials);
        if (basic === undefined) {
          throw new RegistryAuthError(
            "REGISTRY_NO_CREDENTIALS",
            `${host} requires credentials and none are configured`,
          );
        }
        return { header: basic };
      }
      if (found.length > 0) {
        const schemes = found.map((c) => c.scheme).join(", ");
        throw new RegistryAuthError(
          "REGISTRY_CHALLENGE",
          `${host} asks for an unsupported auth scheme (${schemes})`,
        );
      }
      return { header: undefined };
    },
  };
}

/** The challenge an anonymous request's answer tells, or undefined when it tells none. */
function challengeFromAnswer(response: HttpResponse): Challenge[] | undefined {
  if (response.status === 401) {
    const value = header(response, "www-authenticate");
    const parsed = value === undefined ? [] : parseWwwAuthenticate(value);
    return parsed.length > 0 ? parsed : undefined;
  }
  // Served (or known missing) without credentials: the host asks for none.
  return ANONYMOUS_ANSWERS.has(response.status) ? [] : undefined;
}

const ANONYMOUS_ANSWERS = new Set([200, 404, 405]);

async function fetchChallenge(http: RegistryHttp, host: string, signal?: AbortSignal): Promise<Challenge[]> {
  const response = await http.registry(host, "/v2/", { method: "GET", headers: { accept: "*/*" }, signal });
  if (response.status === 200) return [];
  const value = header(response, "www-authenticate");
  if (response.status === 401 && value !== undefined) return parseWwwAuthenticate(value);
  throw new RegistryAuthError("REGISTRY_CHALLENGE", `${host} answered GET /v2/ with ${response.status}`);
}

function bearerKey(challenge: Challenge, repoPath: string, credentials: Credentials | undefined): TokenKey {
  const realm = challenge.params.realm;
  if (realm === undefined || realm === "") {
    throw new RegistryAuthError("REGISTRY_CHALLENGE", "the Bearer challenge has no realm");
  }
  let service = challenge.params.service ?? "";
  if (service === "") {
    try {
      service = new URL(realm).host;
    } catch {
      throw new RegistryAuthError("REGISTRY_CHALLENGE", "the Bearer challenge has an invalid realm");
    }
  }
  return {
    realm,
    service,
    scope: `repository:${repoPath}:pull`,
    account: credentials?.username ?? (credentials === undefined ? "" : "<token>"),
  };
}

async function fetchToken(
  options: AuthorizerOptions,
  key: TokenKey,
  credentials: Credentials | undefined,
  signal?: AbortSignal,
): Promise<{ token: string; ttlMs: number }> {
  let url: URL;
  try {
    url = new URL(key.realm);
  } catch {
    throw new RegistryAuthError("REGISTRY_CHALLENGE", "the Bearer challenge has an invalid realm");
  }
  url.searchParams.set("service", key.service);
  url.searchParams.set("scope", key.scope);
  const headers: Record<string, string> = {};
  const basic = credentials === undefined ? undefined : basicAuthorization(credentials);
  if (basic !== undefined) {
    // Credentials travel in clear over http: only to loopback or with --insecure-registry.
    if (url.protocol !== "https:" && !isLoopbackHost(url.host) && !options.insecure) {
      throw new RegistryAuthError(
        "REGISTRY_INSECURE_REALM",
        `refusing to send credentials to the http realm of ${url.host}`,
      );
    }
    headers.authorization = basic;
  }
  const response = await options.http.url(url.toString(), { method: "GET", headers, signal });
  if (response.status === 401 || response.status === 403) {
    const who =
      basic === undefined || credentials === undefined
        ? "anonymous access"
        : `the credentials from ${credentialSource(credentials)}`;
    throw new RegistryAuthError(
      "REGISTRY_TOKEN_DENIED",
      `token server ${url.host} rejected ${who} (${response.status})`,
    );
  }
  if (response.status !== 200) {
    throw new RegistryAuthError(
      "REGISTRY_TOKEN_FAILED",
      `token server ${url.host} answered ${response.status}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new RegistryAuthError("REGISTRY_TOKEN_INVALID", `token server ${url.host} did not answer JSON`);
  }
  const parsed = TokenResponse.safeParse(json);
  const token = parsed.success
    ? [parsed.data.token, parsed.data.access_token].find((value) => value !== undefined && value !== "")
    : undefined;
  if (!parsed.success || token === undefined) {
    throw new RegistryAuthError("REGISTRY_TOKEN_INVALID", `token server ${url.host} sent no token`);
  }
  return { token, ttlMs: tokenTtlMs(parsed.data.expires_in) };
}
