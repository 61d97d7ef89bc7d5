#!/usr/bin/env node
/**
 * @module The `bosun` command: reads argv and the environment (the only place besides
 * `src/config/` that does), turns SIGTERM/SIGINT into a graceful shutdown, and exits with the
 * code `main` returns. Configuration errors exit 1 before anything is touched. Only the settings
 * parser is loaded up front: `--help` and `--version` must stay as light as a bare node process,
 * so the engine (zod, undici, pino, ...) is imported once a run needs it.
 */
import { hostname } from "node:os";
import { setFlagsFromString } from "node:v8";
import { ConfigError, HelpRequested } from "./config/errors.ts";
import { helpText } from "./config/help.ts";
import { parseConfig } from "./config/parse.ts";
import type { Config } from "./config/types.ts";
import { systemClock } from "./util/clock.ts";
import { errorMessage } from "./util/errors.ts";
import { bosunVersion } from "./util/version.ts";

function parse(): Config | number {
  try {
    const { config, warnings } = parseConfig(process.argv.slice(2), process.env);
    for (const warning of warnings) process.stderr.write(`bosun: warning: ${warning}\n`);
    return config;
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(error.what === "help" ? helpText() : `bosun ${bosunVersion()}\n`);
      return 0;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`bosun: ${error.message}\nRun "bosun --help" for the list of settings.\n`);
      return 1;
    }
    throw error;
  }
}

/** `--health-check`: asks the running instance's `/v1/health` when the API is on, as the image's HEALTHCHECK does. */
async function checkHealth(config: Config): Promise<number> {
  if (process.pid === 1) {
    // As the original: a container whose main command is the health check is a mistake.
    process.stderr.write("bosun: --health-check is meant for HEALTHCHECK, not as the main command\n");
    await systemClock.sleep(1000);
    return 1;
  }
  if (!config.httpApiUpdate && !config.httpApiMetrics) return 0;
  const { healthCheck } = await import("./api/health-check.ts");
  const healthy = await healthCheck({ host: config.httpApiHost, port: config.httpApiPort, timeoutMs: 5000 });
  return healthy ? 0 : 1;
}

async function run(): Promise<number> {
  const config = parse();
  if (typeof config === "number") return config;
  if (config.healthCheck) return checkHealth(config);

  const shutdown = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdown.signal.aborted) {
      process.stderr.write(`bosun: ${signal} again; still finishing the container swap in progress\n`);
      return;
    }
    shutdown.abort(new Error(`received ${signal}`));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  // A daemon idles between sessions: V8 would grow its young generation to 16 MiB during the
  // first session and keep those pages resident for good. Kept at its initial size, it costs a
  // few more (sub-millisecond) scavenges per session. See docs/performance.md.
  if (!config.runOnce) setFlagsFromString("--semi-space-growth-factor=1");
  const { main } = await import("./main.ts");
  return main(config, {
    stderr: process.stderr,
    stdout: (text) => process.stdout.write(text),
    clock: systemClock,
    hostname: hostname(),
    version: bosunVersion(),
    shutdown: shutdown.signal,
  });
}

// Exit explicitly: keep-alive sockets (registry, Redis) must not hold a finished process open.
// Writes to pipes and files are synchronous on Linux, so nothing printed is lost.
run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bosun: unexpected error: ${errorMessage(error)}\n`);
    process.exit(2);
  },
);
