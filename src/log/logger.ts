/**
 * @module `createLogger`: a pino logger without worker threads. Lines are formatted by our own
 * logfmt/pretty formatters (or left as pino JSON) and written synchronously to the stream
 * (stderr by default); extra sinks (the notifier) receive every pino JSON line. Secret keys are
 * redacted by path, and secrets inside strings (URL passwords, Bearer/Basic credentials) masked.
 */
import { pino, type Logger } from "pino";
import type { LogFormat, LogLevel } from "./log-options.ts";
import { createDestination, resolveFormat, type LineSink, type OutputStream } from "./destination.ts";
import { pinoLevel } from "./levels.ts";
import { REDACT_CENSOR, REDACT_PATHS, redactSecrets, redactValue } from "./redact.ts";

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  noColor: boolean;
  /** Where the formatted lines go; process.stderr by default. `isTTY` decides the `auto` format. */
  stream?: OutputStream;
}

export function createLogger(options: LoggerOptions, extraStreams: readonly LineSink[] = []): Logger {
  const stream = options.stream ?? process.stderr;
  const format = resolveFormat(options.format, stream);
  const destination = createDestination(format, stream, !options.noColor, extraStreams);
  return pino(
    {
      level: pinoLevel(options.level),
      base: null,
      redact: { paths: [...REDACT_PATHS], censor: REDACT_CENSOR },
      formatters: {
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg: unknown) => (typeof arg === "string" ? redactSecrets(arg) : arg));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
