/**
 * @module The registry layer's factory: digest checks without pulls, tag lists and engine credentials,
 * over one keep-alive dispatcher, a shared token cache and a bounded pool; `session()` memoises
 * one check per image reference and one tag list per repository for an update session (the
 * fleet's, across its hosts).
 */
import { spawn as nodeSpawn } from "node:child_process";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { outboundDispatcher, type ProxySettings } from "../util/http-proxy.ts";
import type { Clock } from "../util/clock.ts";
import { errorMessage } from "../util/errors.ts";
import { createAuthorizer } from "./auth.ts";
import type { SpawnFn } from "./cred-helper.ts";
import { createCredentialResolver, encodeRegistryAuth } from "./credentials.ts";
import { helperServerAddress } from "./docker-config.ts";
import { createRegistryHttp, type RegistryMetrics } from "./http.ts";
import { createLimiter } from "../util/limiter.ts";
import { digestMatches, remoteDigest, type RemoteDigest } from "./manifest-digest.ts";
import { listTags } from "./tags-list.ts";
import { lazyTokenCache } from "./lazy-token-cache.ts";
import { parseRedisUrl } from "./redis-url.ts";
import {
  canonicalReference,
  isImageId,
  isLoopbackHost,
  parseImageReference,
  type ImageReference,
} from "./reference.ts";
import { registryTlsOptions, type RegistryTlsOptions } from "./tls.ts";
import { createMemoryTokenCache, createTokenStore, type TokenCache } from "./token-cache.ts";
import type { DigestCheck, HeadFallback, RegistryService, TagList } from "./types.ts";

export type WarnOnHeadFailure = "always" | "auto" | "never";

export interface RegistryServiceOptions {
  /** `$DOCKER_CONFIG`, `/` by default (the caller decides). */
  dockerConfigDir: string;
  repoUser?: string | undefined;
  repoPass?: string | undefined;
  registryCaPath?: string | undefined;
  insecure: boolean;
  warnOnHeadFailure: WarnOnHeadFailure;
  /** `redis://host:port/db`: tokens shared between instances; memory when absent. */
  tokenCacheUrl?: string | undefined;
  /** Checks running at once (default 8). */
  concurrency: number;
  /** Per request (default 15 s). */
  timeoutMs?: number;
  clock: Clock;
  logger: Logger;
  metrics?: RegistryMetrics | undefined;
  spawn?: SpawnFn;
  dispatcherFactory?: (tls: RegistryTlsOptions) => Dispatcher;
  /** HTTP_PROXY / HTTPS_PROXY / NO_PROXY, from the configuration. */
  proxy?: ProxySettings;
  /** A custom token cache (tests); overrides tokenCacheUrl. */
  tokenCache?: TokenCache;
  userAgent?: string;
}

export interface RegistryClient extends RegistryService {
  /**
   * A checker for one update session: each normalised reference is asked once and each repository's
   * tags listed once, shared by its containers (on every host of a fleet).
   */
  session(): RegistryService;
  close(): Promise<void>;
}

const WARN_HOSTS = new Set(["docker.io", "ghcr.io", "lscr.io"]);

/** A HEAD's answer; a failed one says how loud its fallback is to be told. */
type Fetched = RemoteDigest & { fallback?: HeadFallback };

export function createRegistryService(options: RegistryServiceOptions): RegistryClient {
  const { clock, logger } = options;
  const tls = registryTlsOptions(options.registryCaPath, options.insecure);
  const dispatcher = options.dispatcherFactory?.(tls) ?? outboundDispatcher(options.proxy, tls);
  const cache =
    options.tokenCache ??
    (options.tokenCacheUrl === undefined
      ? createMemoryTokenCache(clock)
      : redisTokenCache(options.tokenCacheUrl, clock, logger));
  const tokens = createTokenStore(cache);
  const http = createRegistryHttp({
    dispatcher,
    clock,
    logger,
    timeoutMs: options.timeoutMs ?? 15_000,
    metrics: options.metrics,
    userAgent: options.userAgent ?? "Bosun",
    allowPlainHttp: (host) => options.insecure || isLoopbackHost(host),
  });
  const authorizer = createAuthorizer({ http, tokens, clock, insecure: options.insecure });
  const credentials = createCredentialResolver({
    dockerConfigDir: options.dockerConfigDir,
    repoUser: options.repoUser,
    repoPass: options.repoPass,
    spawn: options.spawn ?? nodeSpawn,
    clock,
  });
  const limiter = createLimiter(options.concurrency);

  // The session tells a failed HEAD (a registry service has no session to tell it to).
  const fetchRemote = (ref: ImageReference, signal?: AbortSignal): Promise<Fetched> =>
    limiter.run(async () => {
      let creds;
      try {
        creds = await credentials.resolve(ref.domain);
      } catch (error) {
        return { ok: false, reason: errorMessage(error) };
      }
      const result = await remoteDigest({ http, authorizer, tokens }, ref, creds, signal);
      if (result.ok) return result;
      const warn =
        options.warnOnHeadFailure === "always" ||
        (options.warnOnHeadFailure === "auto" && WARN_HOSTS.has(ref.domain));
      return { ...result, fallback: { image: canonicalReference(ref), warn } };
    });

  const fetchTags = (imageRef: string, signal?: AbortSignal): Promise<TagList> =>
    limiter.run(async () => {
      let ref: ImageReference;
      let creds;
      try {
        ref = parseImageReference(imageRef);
        creds = await credentials.resolve(ref.domain);
      } catch (error) {
        return { ok: false, reason: errorMessage(error) };
      }
      return listTags({ http, authorizer, tokens }, ref, creds, signal);
    });

  const check = async (
    imageRef: string,
    repoDigests: readonly string[],
    signal: AbortSignal | undefined,
    remote: (ref: ImageReference) => Promise<Fetched>,
  ): Promise<DigestCheck> => {
    const parsed = classify(imageRef);
    if ("kind" in parsed) return parsed;
    if (signal?.aborted === true) return { kind: "unknown", reason: "aborted" };
    const result = await remote(parsed);
    if (!result.ok) {
      return {
        kind: "unknown",
        reason: result.reason,
        ...(result.fallback && { fallback: result.fallback }),
      };
    }
    return digestMatches(parsed, repoDigests, result.digest)
      ? { kind: "match", remoteDigest: result.digest }
      : { kind: "differs", remoteDigest: result.digest };
  };

  const registryAuth = async (imageRef: string): Promise<string | undefined> => {
    const ref = parseImageReference(imageRef);
    const creds = await credentials.resolve(ref.domain);
    return creds === undefined ? undefined : encodeRegistryAuth(creds, helperServerAddress(ref.domain));
  };

  return {
    checkDigest: (imageRef, repoDigests, signal) =>
      check(imageRef, repoDigests, signal, (ref) => fetchRemote(ref, signal)),
    listTags: fetchTags,
    registryAuth,
    session() {
      const memo = new Map<string, Promise<Fetched>>();
      const tagLists = new Map<string, Promise<TagList>>();
      return {
        checkDigest: (imageRef, repoDigests, signal) =>
          check(imageRef, repoDigests, signal, (ref) => {
            const key = canonicalReference(ref);
            let pending = memo.get(key);
            if (pending === undefined) {
              pending = fetchRemote(ref, signal);
              memo.set(key, pending);
            }
            return pending;
          }),
        listTags: (imageRef, signal) => {
          // By repository: the tag or digest of the reference does not change its list.
          let key = imageRef;
          try {
            const ref = parseImageReference(imageRef);
            key = `${ref.domain}/${ref.path}`;
          } catch {
            // fetchTags gives the reason.
          }
          let pending = tagLists.get(key);
          if (pending === undefined) {
            pending = fetchTags(imageRef, signal);
            tagLists.set(key, pending);
          }
          return pending;
        },
        registryAuth,
      };
    },
    async close() {
      await cache.close();
      await dispatcher.close();
    },
  };
}

function redisTokenCache(url: string, clock: Clock, logger: Logger): TokenCache {
  parseRedisUrl(url); // a bad URL is a startup error, before the client is ever loaded
  return lazyTokenCache(async () =>
    (await import("./redis-token-cache.ts")).createRedisTokenCache({ url, clock, logger }),
  );
}

function classify(imageRef: string): ImageReference | DigestCheck {
  if (isImageId(imageRef) || /^[0-9a-f]{12,63}$/.test(imageRef)) {
    return { kind: "pinned", reason: "created from a bare image ID: never updated" };
  }
  let ref: ImageReference;
  try {
    ref = parseImageReference(imageRef);
  } catch (error) {
    return { kind: "unknown", reason: errorMessage(error) };
  }
  if (ref.digest !== undefined) return { kind: "pinned", reason: "pinned to a digest: never updated" };
  return ref;
}
