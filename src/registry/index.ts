/**
 * @module The registry layer's public surface.
 */
export {
  createRegistryService,
  type RegistryClient,
  type RegistryServiceOptions,
  type WarnOnHeadFailure,
} from "./service.ts";
export type { DigestCheck, HeadFallback, RegistryService, TagList } from "./types.ts";
export type { RegistryMetrics } from "./http.ts";
export type { TokenCache } from "./token-cache.ts";
export type { SpawnFn } from "./cred-helper.ts";
export type { RegistryTlsOptions } from "./tls.ts";
export { validateCaBundle } from "./tls.ts";
export { parseImageReference, canonicalReference, apiHost, type ImageReference } from "./reference.ts";
export { CaBundleError, CredentialsError, ReferenceError } from "./errors.ts";
