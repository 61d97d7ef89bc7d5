/**
 * @module Secrets from files (Watchtower's `GetSecretsFromFiles`): when the value of a secret
 * setting is the path of an existing file, the file's trimmed content replaces it. For the
 * notification URL list every non-empty, non-`#` line of the file is one URL.
 */
import { readFileSync, statSync } from "node:fs";
import { ConfigError } from "./errors.ts";

export interface FileDeps {
  readFile(path: string): string;
  /** True when the path exists (as Go's `os.Stat` succeeding). */
  fileExists(path: string): boolean;
}

export const nodeFileDeps: FileDeps = {
  readFile: (path) => readFileSync(path, "utf8"),
  fileExists: (path) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  },
};

/** Watchtower's path test: a `:` may only be a drive letter's (2nd character), and the path exists. */
function isFilePath(value: string, deps: FileDeps): boolean {
  if (value === "") return false;
  const colon = value.indexOf(":");
  if (colon !== -1 && colon !== 1) return false;
  return deps.fileExists(value);
}

/** The content of a file a setting names; a ConfigError naming the setting when it cannot be read. */
export function readSettingFile(path: string, setting: string, deps: FileDeps): string {
  try {
    return deps.readFile(path);
  } catch (error) {
    throw new ConfigError(`Cannot read the file "${path}" given for ${setting}`, { cause: error });
  }
}

/** The secret itself: the trimmed file content when `value` is a file path, else `value`. */
export function secretFromFile(value: string, setting: string, deps: FileDeps): string {
  return isFilePath(value, deps) ? readSettingFile(value, setting, deps).trim() : value;
}

/** Each URL, with file paths replaced by the URLs the file holds (one a line, `#` comments skipped). */
export function urlsFromFiles(values: readonly string[], setting: string, deps: FileDeps): string[] {
  return values.flatMap((value) => {
    if (!isFilePath(value, deps)) return [value];
    return readSettingFile(value, setting, deps)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
  });
}
