/**
 * @module Errors of the configuration layer: a bad flag, env var or combination (`ConfigError`),
 * and the `--help` / `--version` request, which `parseConfig` throws instead of printing.
 */
import { BosunError } from "../util/errors.ts";

/** A setting that cannot be used; the message names the flag or env var, the value and what is expected. */
export class ConfigError extends BosunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CONFIG", message, options);
  }
}

/**
 * Thrown by `parseConfig` for `--help`/`-h` (`what: "help"`) and `--version` (`what: "version"`).
 * The caller prints `helpText()` or its version to stdout and exits 0.
 */
export class HelpRequested extends BosunError {
  readonly what: "help" | "version";

  constructor(what: "help" | "version") {
    super("HELP", what === "help" ? "help requested" : "version requested");
    this.what = what;
  }
}
