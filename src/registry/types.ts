/**
 * @module What the update engine needs from the registry layer: is the image behind a reference
 * different in its registry, which tags its repository has, and which credentials go with a pull.
 */

/** The outcome of comparing a registry's manifest digest with the local image's RepoDigests. */
export type DigestCheck =
  /** The registry's digest is one of the local RepoDigests: no pull needed. */
  | { kind: "match"; remoteDigest: string }
  /** The registry has another digest: pull. */
  | { kind: "differs"; remoteDigest: string }
  /** The HEAD could not answer (no header, auth failure, network): fall back to a pull. */
  | { kind: "unknown"; reason: string; fallback?: HeadFallback }
  /** Pinned to a digest or created from a bare image ID: never updated, reported, not an error. */
  | { kind: "pinned"; reason: string };

/**
 * A failed manifest HEAD, for the session to tell (Watchtower's "Could not do a head request"):
 * `warn` when `--warn-on-head-failure` asks for a warning for this registry, else a debug line.
 */
export interface HeadFallback {
  /** The canonical reference: `docker.io/library/nginx:latest`. */
  image: string;
  warn: boolean;
}

/** A repository's tags, or why the registry did not list them. */
export type TagList = { ok: true; tags: string[] } | { ok: false; reason: string };

export interface RegistryService {
  /**
   * Compares the manifest digest of `imageRef` (as the container names it, e.g. `nginx` or
   * `localhost:5000/app:1`) with `repoDigests` of the local image. Never throws for registry
   * trouble: that is `unknown`, so the caller falls back to a pull.
   */
  checkDigest(imageRef: string, repoDigests: readonly string[], signal?: AbortSignal): Promise<DigestCheck>;
  /**
   * Every tag of the repository of `imageRef` (its tag or digest ignored). Never throws for
   * registry trouble: a refusal or an error is a reason.
   */
  listTags(imageRef: string, signal?: AbortSignal): Promise<TagList>;
  /** The `X-Registry-Auth` value for an engine pull of `imageRef`, or undefined for anonymous. */
  registryAuth(imageRef: string): Promise<string | undefined>;
}
