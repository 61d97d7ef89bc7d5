/**
 * @module The manifest digest of a tag without pulling: `HEAD /v2/<path>/manifests/<tag>` with
 * every manifest media type accepted (one GET of the manifest when the registry does not answer
 * HEAD with a digest), and the comparison with the local image's RepoDigests.
 */
import { createHash } from "node:crypto";
import { errorMessage } from "../util/errors.ts";
import { authorizedRequest, type AuthorizedDeps } from "./authorized-request.ts";
import { credentialSource, type Credentials } from "./credentials.ts";
import { header, type RegistryHttp } from "./http.ts";
import { ImageReference } from "../util/image-reference.ts";
import { apiHost } from "./hosts.ts";

export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export type RemoteDigest = { ok: true; digest: string } | { ok: false; reason: string };

export type ManifestDeps = AuthorizedDeps;

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
    const { response, headers, auth } = await authorizedRequest(
      deps,
      host,
      ref.path,
      path,
      credentials,
      { method: "HEAD", headers: { accept: MANIFEST_ACCEPT }, signal },
      // Anonymous: the HEAD goes out at once and its answer tells the host's challenge.
      { probe: true },
    );
    const digest = response.status === 200 ? header(response, "docker-content-digest") : undefined;
    if (digest !== undefined && digest !== "") return { ok: true, digest };
    if (GET_FALLBACK.has(response.status)) {
      // Some registries do not answer HEAD (405, 404) or leave the digest out of it: one GET of
      // the manifest (a few KB) still spares the pull when nothing changed.
      const viaGet = await manifestGet(deps.http, host, path, headers, signal);
      if (viaGet !== undefined) return { ok: true, digest: viaGet };
      if (response.status === 200) {
        return { ok: false, reason: `${host} sent no Docker-Content-Digest for ${ref.path}` };
      }
    }
    const sentCredentials = auth.tokenKey === undefined && auth.header !== undefined;
    return {
      ok: false,
      reason: statusReason(host, ref, response.status, sentCredentials ? credentials : undefined),
    };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

/** HEAD answers after which the manifest is fetched with GET instead. */
const GET_FALLBACK = new Set([200, 404, 405]);

/** The digest of the manifest from a GET: its Docker-Content-Digest, else the SHA-256 of its bytes. */
async function manifestGet(
  http: RegistryHttp,
  host: string,
  path: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const response = await http.registry(host, path, { method: "GET", headers, signal });
  if (response.status !== 200) return undefined;
  const digest = header(response, "docker-content-digest");
  if (digest !== undefined && digest !== "") return digest;
  return `sha256:${createHash("sha256").update(response.body, "utf8").digest("hex")}`;
}

/** Why a HEAD gave no digest; `basic` is set when Basic credentials were sent (named by source, never shown). */
function statusReason(
  host: string,
  ref: ImageReference,
  status: number,
  basic: Credentials | undefined,
): string {
  const tag = ref.tag ?? "latest";
  if (status === 404) return `${host} has no manifest for ${ref.path}:${tag}`;
  if (status === 401 && basic !== undefined) {
    return `${host} rejected the credentials from ${credentialSource(basic)} for ${ref.path} (401)`;
  }
  if (status === 401 || status === 403) return `${host} denied access to ${ref.path} (${status})`;
  if (status === 429) return `${host} rate limit exceeded (429)`;
  return `${host} answered the manifest HEAD with ${status}`;
}

/** True when one of `repoDigests` names the repository of `ref` with `digest`. */
export function digestMatches(ref: ImageReference, repoDigests: readonly string[], digest: string): boolean {
  return repoDigests.some((entry) => {
    const parsed = ImageReference.tryParse(entry);
    return parsed?.digest === digest && parsed.repository === ref.repository;
  });
}
