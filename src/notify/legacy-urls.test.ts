import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { legacyUrls } from "./legacy-urls.ts";
import type { NotifyOptions } from "../config/notify-options.ts";
import { DEFAULT_NOTIFY_OPTIONS } from "../../test/support/notify-options.ts";
import type { ServiceDeps } from "./service.ts";
import { createService } from "./service-registry.ts";
import { parseServiceUrl } from "./service-url.ts";
import { systemClock } from "../util/clock.ts";

const o = (extra: Partial<NotifyOptions>): NotifyOptions => ({ ...DEFAULT_NOTIFY_OPTIONS, ...extra });
const deps: ServiceDeps = {
  logger: pino({ level: "silent" }),
  clock: systemClock,
  logStdout: false,
  stdout: () => undefined,
  createMailTransport: () => {
    throw new Error("unused");
  },
};

const SLACK_HOOK = "https://hooks.slack.com/services/T01234567/B01234567/abcdefghijklmnopqrstuvwx";

describe("legacy notification flags become shoutrrr URLs", () => {
  it.each<[string, Partial<NotifyOptions>, string]>([
    [
      "email with auth",
      {
        notifications: ["email"],
        notificationEmailFrom: "wt@example.com",
        notificationEmailTo: "ops@example.com",
        notificationEmailServer: "mail.example.com",
        notificationEmailServerPort: 587,
        notificationEmailServerUser: "wt",
        notificationEmailServerPassword: "p@ss",
      },
      "smtp://wt:p%40ss@mail.example.com:587/?fromAddress=wt%40example.com&fromName=Watchtower&toAddresses=ops%40example.com&auth=Plain&encryption=Auto&useStartTLS=Yes&clientHost=localhost",
    ],
    [
      "email without auth, TLS skip-verify",
      {
        notifications: ["email"],
        notificationEmailFrom: "wt@example.com",
        notificationEmailTo: "ops@example.com",
        notificationEmailServer: "mail.example.com",
        notificationEmailServerTlsSkipVerify: true,
      },
      "smtp://mail.example.com:25/?fromAddress=wt%40example.com&fromName=Watchtower&toAddresses=ops%40example.com&auth=None&encryption=None&useStartTLS=No&clientHost=localhost",
    ],
    [
      "email with beatkind's --notification-email-from-name",
      {
        notifications: ["email"],
        notificationEmailFrom: "wt@example.com",
        notificationEmailTo: "ops@example.com",
        notificationEmailServer: "mail.example.com",
        notificationEmailFromName: "Bosun on prod",
      },
      "smtp://mail.example.com:25/?fromAddress=wt%40example.com&fromName=Bosun+on+prod&toAddresses=ops%40example.com&auth=None&encryption=Auto&useStartTLS=Yes&clientHost=localhost",
    ],
    [
      "slack",
      {
        notifications: ["slack"],
        notificationSlackHookUrl: SLACK_HOOK,
        notificationSlackIconEmoji: ":whale:",
      },
      "slack://hook:T01234567-B01234567-abcdefghijklmnopqrstuvwx@webhook?botname=watchtower&color=%23406170&icon=%3Awhale%3A",
    ],
    [
      "slack hook URL pointing at discord",
      {
        notifications: ["slack"],
        notificationSlackHookUrl: "https://discord.com/api/webhooks/123456789/t0k-en/slack",
        notificationSlackIdentifier: "bot",
      },
      "discord://t0k-en@123456789?color=0x406170&username=bot",
    ],
    [
      "msteams",
      {
        notifications: ["msteams"],
        notificationMsteamsHook:
          "https://org.webhook.office.com/webhookb2/11111111-2222@33333333-4444/IncomingWebhook/abcdef/55555555-6666",
      },
      "teams://11111111-2222@33333333-4444/abcdef/55555555-6666?host=org.webhook.office.com&color=%23406170",
    ],
    [
      "msteams, the old connector URL of Watchtower's docs",
      {
        notifications: ["msteams"],
        notificationMsteamsHook:
          "https://outlook.office.com/webhook/11111111-2222@33333333-4444/IncomingWebhook/abcdef/55555555-6666",
      },
      "teams://11111111-2222@33333333-4444/abcdef/55555555-6666?host=outlook.office.com&color=%23406170",
    ],
    [
      "gotify over http",
      {
        notifications: ["gotify"],
        notificationGotifyUrl: "http://gotify.local:8080/sub/",
        notificationGotifyToken: "Atoken",
      },
      "gotify://gotify.local:8080/sub/Atoken?disabletls=Yes",
    ],
    [
      "shoutrrr (ignored) and several types in one value",
      {
        notifications: ["shoutrrr gotify"],
        notificationGotifyUrl: "https://g.example",
        notificationGotifyToken: "Atoken",
      },
      "gotify://g.example/Atoken",
    ],
  ])("%s", (_name, options, expected) => {
    const urls = legacyUrls(o(options));
    expect(urls).toEqual([expected]);
    // The result must be a URL our own services accept.
    for (const url of urls) expect(() => createService(url, deps)).not.toThrow();
  });

  it("the slack URL keeps the webhook token", () => {
    const [url = ""] = legacyUrls(o({ notifications: ["slack"], notificationSlackHookUrl: SLACK_HOOK }));
    expect(parseServiceUrl(url).username).toBe("hook");
  });

  it.each<[Partial<NotifyOptions>, string]>([
    [{ notifications: ["carrier-pigeon"] }, 'unknown notification type "carrier-pigeon"'],
    [{ notifications: ["email"] }, "--notification-email-server is required"],
    [
      { notifications: ["slack"], notificationSlackHookUrl: "https://example.com/x" },
      "not a Slack webhook URL",
    ],
    [
      { notifications: ["msteams"], notificationMsteamsHook: "https://example.com/x" },
      "not a Teams webhook URL",
    ],
    [
      { notifications: ["gotify"], notificationGotifyUrl: "gotify.local", notificationGotifyToken: "A" },
      "must start with http",
    ],
  ])("rejects %j", (options, message) => {
    expect(() => legacyUrls(o(options))).toThrow(message);
  });
});
