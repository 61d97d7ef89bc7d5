/**
 * @module One registry request for a repository with authorization: the host's challenge (told by
 * a first anonymous request's answer, see FirstContact, or by `/v2/`), then Basic or a cached
 * Bearer token (scope `pull`); a token the registry rejects is dropped and one new token tried,
 * and a repository that asks for auth although `/v2/` did not gets its own challenge followed once.
 */
import { parseWwwAuthenticate, type Challenge } from "./challenge.ts";
import type { Authorization, Authorizer, FirstContact } from "./auth.ts";
import type { Credentials } from "./credentials.ts";
import { header, type HttpRequest, type HttpResponse, type RegistryHttp } from "./http.ts";
import type { TokenStore } from "./token-cache.ts";

export interface AuthorizedDeps {
  http: RegistryHttp;
  authorizer: Authorizer & Partial<FirstContact>;
  tokens: TokenStore;
}

export interface AuthorizedResponse {
  response: HttpResponse;
  /** The headers the final request was sent with (Authorization included), for a follow-up. */
  headers: Record<string, string>;
  auth: Authorization;
}

/** Sends `init` to `host` + `path` for the repository `repoPath`; throws only for transport or auth setup trouble. */
export async function authorizedRequest(
  deps: AuthorizedDeps,
  host: string,
  repoPath: string,
  path: string,
  credentials: Credentials | undefined,
  init: Omit<HttpRequest, "headers"> & { headers: Record<string, string> },
  /** Without credentials, the request itself may be the host's first contact (no `/v2/` probe first). */
  options: { probe?: boolean } = {},
): Promise<AuthorizedResponse> {
  if (options.probe === true && credentials === undefined) {
    const first = deps.authorizer.firstContact?.(
      host,
      () => deps.http.registry(host, path, init),
      init.signal,
    );
    const response = await first;
    // A 401 told the challenge: the loop below authorizes with it and asks again.
    if (response !== undefined && response.status !== 401) {
      return { response, headers: { ...init.headers }, auth: { header: undefined } };
    }
  }
  let challenges: Challenge[] | undefined;
  for (let attempt = 1; ; attempt++) {
    const auth = await deps.authorizer.authorize(host, repoPath, credentials, init.signal, challenges);
    const headers: Record<string, string> = { ...init.headers };
    if (auth.header !== undefined) headers.authorization = auth.header;
    const response = await deps.http.registry(host, path, { ...init, headers });
    if (response.status === 401 && auth.tokenKey !== undefined) {
      // A token the registry does not accept (revoked, clock skew) is never served again;
      // the first time, a new one is fetched and tried.
      await deps.tokens.invalidate(auth.tokenKey);
      if (attempt === 1) continue;
    }
    const asked = header(response, "www-authenticate");
    if (response.status === 401 && auth.header === undefined && asked !== undefined && attempt === 1) {
      // `/v2/` answered 200 but this repository wants auth (a registry with anonymous access
      // to some repositories): follow the repository's own challenge once.
      challenges = parseWwwAuthenticate(asked);
      if (challenges.length > 0) continue;
    }
    return { response, headers, auth };
  }
}
