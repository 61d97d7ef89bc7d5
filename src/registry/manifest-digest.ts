/**
 * @module The manifest digest of a tag without pulling: `HEAD /v2/<path>/manifests/<tag>` with
 * every manifest media type accepted, and the comparison with the local image's RepoDigests.
 */
import { errorMessage } from "../util/errors.ts";
import type { Authorizer } from "./auth.ts";
import type { Credentials } from "./credentials.ts";
import { header, type RegistryHttp } from "./http.ts";
import { apiHost, parseImageReference, repositoryName, type ImageReference } from "./reference.ts";
import type { TokenStore } from "./token-cache.ts";

export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export type RemoteDigest = { ok: true; digest: string } | { ok: false; reason: string };

export interface ManifestDeps {
  http: RegistryHttp;
  authorizer: Authorizer;
  tokens: TokenStore;
}

/** The registry's digest for `ref`'s tag; trouble is a reason, never an exception. */
export async function remoteDigest(
  deps: ManifestDeps,
  ref: ImageReference,
  credentials: Credentials | undefined,
  signal?: AbortSignal,
): Promise<RemoteDigest> {
  const host = apiHost(ref.domain);
  const path = `/v2/${ref.path}/manifests/${ref.tag ?? "latest"}`;
  try {
    for (let attempt = 1; ; attempt++) {
      const auth = await deps.authorizer.authorize(host, ref.path, credentials, signal);
      const headers: Record<string, string> = { accept: MANIFEST_ACCEPT };
      if (auth.header !== undefined) headers.authorization = auth.header;
      const response = await deps.http.registry(host, path, { method: "HEAD", headers, signal });
      if (response.status === 401 && auth.tokenKey !== undefined && attempt === 1) {
        // A cached token the registry no longer accepts (revoked, clock skew): fetch a new one once.
        await deps.tokens.invalidate(auth.tokenKey);
        continue;
      }
      if (response.status === 200) {
        const digest = header(response, "docker-content-digest");
        if (digest === undefined || digest === "") {
          return { ok: false, reason: `${host} sent no Docker-Content-Digest for ${ref.path}` };
        }
        return { ok: true, digest };
      }
      return { ok: false, reason: statusReason(host, ref, response.status) };
    }
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

function statusReason(host: string, ref: ImageReference, status: number): string {
  const tag = ref.tag ?? "latest";
  if (status === 404) return `${host} has no manifest for ${ref.path}:${tag}`;
  if (status === 401 || status === 403) return `${host} denied access to ${ref.path} (${status})`;
  if (status === 429) return `${host} rate limit exceeded (429)`;
  return `${host} answered the manifest HEAD with ${status}`;
}

/** True when one of `repoDigests` names the repository of `ref` with `digest`. */
export function digestMatches(ref: ImageReference, repoDigests: readonly string[], digest: string): boolean {
  const name = repositoryName(ref);
  return repoDigests.some((entry) => {
    try {
      const parsed = parseImageReference(entry);
      return parsed.digest === digest && repositoryName(parsed) === name;
    } catch {
      return false;
    }
  });
}
