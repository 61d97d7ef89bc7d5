/**
 * @module Composition root: builds the clients from the configuration and runs Bosun.
 * Placeholder until the update engine lands.
 */
export interface MainConfig {
  runOnce: boolean;
}

/** Runs Bosun with a parsed configuration; resolves with the process exit code. */
export function main(_config: MainConfig): Promise<number> {
  return Promise.resolve(0);
}
