import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "./errors.ts";
import { parseConfig } from "./parse.ts";
import { secretFromFile, urlsFromFiles, type FileDeps } from "./secrets.ts";

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bosun-secrets-"));
  writeFileSync(join(dir, "token"), "  s3cret-token\n");
  writeFileSync(join(dir, "password"), "pa55\n");
  writeFileSync(join(dir, "urls"), "# comment\n\ngeneric://a/\n  slack://t@c  \n#other\n");
  mkdirSync(join(dir, "a-directory"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("secrets from files (real files)", () => {
  it.each([
    ["--http-api-token", "token", "httpApiToken", "s3cret-token"],
    ["--notification-email-server-password", "password", "notificationEmailServerPassword", "pa55"],
    ["--notification-slack-hook-url", "token", "notificationSlackHookUrl", "s3cret-token"],
    ["--notification-msteams-hook", "token", "notificationMsteamsHook", "s3cret-token"],
    ["--notification-gotify-token", "token", "notificationGotifyToken", "s3cret-token"],
  ] as const)("%s <file> reads the trimmed file", (flag, file, key, expected) => {
    const { config } = parseConfig([flag, join(dir, file)], {});
    expect(config[key]).toBe(expected);
  });

  it("reads the secret file named by an env var too", () => {
    const { config } = parseConfig([], { WATCHTOWER_HTTP_API_TOKEN: join(dir, "token") });
    expect(config.httpApiToken).toBe("s3cret-token");
  });

  it("a notification URL file gives one URL a line, comments skipped", () => {
    const { config } = parseConfig(
      ["--notification-url", join(dir, "urls"), "--notification-url", "logger://"],
      {},
    );
    expect(config.notificationUrl).toEqual(["generic://a/", "slack://t@c", "logger://"]);
  });

  it("a value that is not an existing path is kept", () => {
    const missing = join(dir, "missing");
    const { config } = parseConfig(["--http-api-token", missing, "--notification-url", "generic://x/"], {});
    expect(config.httpApiToken).toBe(missing);
    expect(config.notificationUrl).toEqual(["generic://x/"]);
  });

  it("a path that cannot be read is a ConfigError naming the flag", () => {
    expect(() => parseConfig(["--http-api-token", join(dir, "a-directory")], {})).toThrow(ConfigError);
    expect(() => parseConfig(["--http-api-token", join(dir, "a-directory")], {})).toThrow(/--http-api-token/);
  });

  it("non-secret settings are never read from files", () => {
    const { config } = parseConfig(["--scope", join(dir, "token")], {});
    expect(config.scope).toBe(join(dir, "token"));
  });
});

describe("the path test", () => {
  const calls: string[] = [];
  const deps: FileDeps = {
    fileExists: (path) => {
      calls.push(path);
      return true;
    },
    readFile: () => "content\n",
  };
  it.each([
    ["https://example.com/hook", "https://example.com/hook"],
    ["C:/secrets/token", "content"],
    ["/run/secrets/token", "content"],
    ["", ""],
  ])("%j gives %j", (value, expected) => {
    expect(secretFromFile(value, "--x", deps)).toBe(expected);
  });
  it("URLs with a scheme are not looked up as files", () => {
    calls.length = 0;
    expect(urlsFromFiles(["slack://a:b@c", "generic+https://h/"], "--notification-url", deps)).toEqual([
      "slack://a:b@c",
      "generic+https://h/",
    ]);
    expect(calls).toEqual([]);
  });
});
