/**
 * @module The log settings the logger understands, owned here so `log/` stays a leaf: the
 * configuration layer names them, the logger does not reach back into it.
 */

export type LogFormat = "auto" | "logfmt" | "pretty" | "json";
export type LogLevel = "panic" | "fatal" | "error" | "warn" | "info" | "debug" | "trace";
