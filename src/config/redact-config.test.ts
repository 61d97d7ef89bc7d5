import { describe, expect, it } from "vitest";
import { parseConfig } from "./parse.ts";
import { redactConfig } from "./redact-config.ts";

const noFiles = { readFile: () => "", fileExists: () => false };

describe("redactConfig", () => {
  it("masks every secret and keeps the rest", () => {
    const { config } = parseConfig(
      [
        "--http-api-token=tok",
        "--notification-url=slack://hook-a/hook-b",
        "--notification-url=not a url",
        "--notification-gotify-token=gt",
        "--notification-email-server-password=pw",
        "--notification-slack-hook-url=https://hooks.slack.com/x",
        "--notification-msteams-hook=https://teams/y",
        "--scope=prod",
      ],
      { REPO_USER: "me", REPO_PASS: "rp" },
      noFiles,
    );
    const safe = redactConfig(config);
    const text = JSON.stringify(safe);
    for (const secret of ["tok", "hook-a", "gt", '"pw"', "hooks.slack.com", "teams/y", '"rp"']) {
      expect(text).not.toContain(secret);
    }
    expect(safe.notificationUrl).toEqual(["slack://[REDACTED]", "[REDACTED]"]);
    expect(safe).toMatchObject({
      scope: "prod",
      repoUser: "me",
      repoPass: "[REDACTED]",
      httpApiToken: "[REDACTED]",
    });
  });

  it("leaves empty secrets empty", () => {
    const safe = redactConfig(parseConfig([], {}, noFiles).config);
    expect(safe).toMatchObject({ httpApiToken: "", repoPass: "", notificationUrl: [] });
  });
});
