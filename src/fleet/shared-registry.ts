/**
 * @module The registry checker the engines of a fleet share: one memo per fleet session, so each
 * image reference costs one manifest HEAD (and each repository one tag list) for all hosts
 * together. Tokens are shared already: the one registry client keeps one token cache.
 */
import type { RegistryClient, RegistrySessions } from "../registry/index.ts";

export interface SharedRegistry {
  /** Give this to every host's engine: each of its sessions gets the fleet session's memo. */
  readonly service: RegistrySessions;
  /** Starts the memo of a new fleet session (fleet sessions never overlap). */
  begin(): void;
}

export function sharedRegistry(client: RegistryClient): SharedRegistry {
  let current = client.session();
  return {
    service: { session: () => current },
    begin() {
      current = client.session();
    },
  };
}
