/**
 * @module The pino destination: formats each JSON line for the output stream (logrus-shaped json,
 * logfmt or pretty by our own formatters, synchronously) and passes the pino JSON line to the
 * extra sinks.
 */
import type { LogFormat } from "./log-options.ts";
import { formatLogfmt } from "./logfmt.ts";
import { formatLogrusJson } from "./logrus-json.ts";
import { formatPretty } from "./pretty.ts";
import { readRecord } from "./record.ts";

/** Anything with a synchronous `write` of one line of text. */
export interface LineSink {
  write(line: string): unknown;
}

export interface OutputStream extends LineSink {
  isTTY?: boolean;
}

/** The concrete format for `auto`: pretty on a terminal, logfmt otherwise. */
export function resolveFormat(format: LogFormat, stream: OutputStream): Exclude<LogFormat, "auto"> {
  if (format !== "auto") return format;
  return stream.isTTY === true ? "pretty" : "logfmt";
}

export function createDestination(
  format: Exclude<LogFormat, "auto">,
  stream: OutputStream,
  color: boolean,
  extra: readonly LineSink[],
): { write(line: string): void } {
  const render = (line: string): string => {
    const record = readRecord(line);
    if (record === undefined) return line;
    if (format === "json") return formatLogrusJson(record);
    return format === "pretty" ? formatPretty(record, color) : formatLogfmt(record);
  };
  return {
    write(line: string): void {
      stream.write(render(line));
      for (const sink of extra) {
        try {
          sink.write(line);
        } catch {
          // A failing consumer (the notifier) must never break logging.
        }
      }
    },
  };
}
