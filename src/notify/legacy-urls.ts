/**
 * @module The legacy `--notifications email|slack|msteams|gotify` flags turned into shoutrrr
 * URLs, as Watchtower's AppendLegacyUrls does. `shoutrrr` is ignored; other types are errors.
 */
import { NotifyConfigError } from "./errors.ts";
import type { NotifyOptions } from "../config/notify-options.ts";
import { teamsUrlFromWebhook } from "./services/teams.ts";

/** Watchtower's notification colour. */
const COLOR_HEX = "#406170";
const COLOR_INT = 0x406170;

const enc = encodeURIComponent;

export function legacyUrls(o: NotifyOptions): string[] {
  const urls: string[] = [];
  for (const type of o.notifications.flatMap((t) => t.split(/[ ,]+/)).filter((t) => t !== "")) {
    switch (type) {
      case "email":
        urls.push(emailUrl(o));
        break;
      case "slack":
        urls.push(slackUrl(o));
        break;
      case "msteams": {
        const hook = o.notificationMsteamsHook;
        const url = hook === undefined ? undefined : teamsUrlFromWebhook(hook, COLOR_HEX);
        if (url === undefined)
          throw new NotifyConfigError("--notification-msteams-hook is not a Teams webhook URL");
        urls.push(url);
        break;
      }
      case "gotify":
        urls.push(gotifyUrl(o));
        break;
      case "shoutrrr":
        break;
      default:
        throw new NotifyConfigError(
          `unknown notification type "${type}" (expected email, slack, msteams, gotify or shoutrrr)`,
        );
    }
  }
  return urls;
}

function emailUrl(o: NotifyOptions): string {
  const server = o.notificationEmailServer;
  if (server === undefined)
    throw new NotifyConfigError("--notification-email-server is required for email notifications");
  const user = o.notificationEmailServerUser;
  // The URL spells out every field: an unset password or address is an empty one there.
  const password = o.notificationEmailServerPassword ?? "";
  const userinfo = user === undefined ? "" : `${enc(user)}:${enc(password)}@`;
  const skip = o.notificationEmailServerTlsSkipVerify;
  const query = new URLSearchParams({
    fromAddress: o.notificationEmailFrom ?? "",
    fromName: o.notificationEmailFromName ?? "Watchtower",
    toAddresses: o.notificationEmailTo ?? "",
    auth: user === undefined ? "None" : "Plain",
    encryption: skip ? "None" : "Auto",
    useStartTLS: skip ? "No" : "Yes",
    clientHost: "localhost",
  });
  return `smtp://${userinfo}${server}:${String(o.notificationEmailServerPort)}/?${query.toString()}`;
}

function slackUrl(o: NotifyOptions): string {
  if (o.notificationSlackHookUrl === undefined)
    throw new NotifyConfigError("--notification-slack-hook-url is not a Slack webhook URL");
  const hook = o.notificationSlackHookUrl.replace(/\/+$/, "");
  const parts = hook.replace(/^https:\/\//, "").split("/");
  if (parts[0] === "discord.com" || parts[0] === "discordapp.com") {
    const webhookId = parts.at(-3) ?? "";
    const token = parts.at(-2) ?? "";
    const query = new URLSearchParams({
      color: `0x${COLOR_INT.toString(16)}`,
      username: o.notificationSlackIdentifier,
    });
    if (o.notificationSlackIconUrl !== undefined) query.set("avatarurl", o.notificationSlackIconUrl);
    return `discord://${enc(token)}@${webhookId}?${query.toString()}`;
  }
  const token = hook.replace("https://hooks.slack.com/services/", "");
  if (!/^[^/]+\/[^/]+\/[^/]+$/.test(token))
    throw new NotifyConfigError("--notification-slack-hook-url is not a Slack webhook URL");
  const query = new URLSearchParams({ botname: o.notificationSlackIdentifier, color: COLOR_HEX });
  const icon = o.notificationSlackIconUrl ?? o.notificationSlackIconEmoji;
  if (icon !== undefined) query.set("icon", icon);
  return `slack://hook:${token.replace(/\//g, "-")}@webhook?${query.toString()}`;
}

function gotifyUrl(o: NotifyOptions): string {
  const server = o.notificationGotifyUrl;
  const m = server === undefined ? null : /^(https?):\/\/([^/]+)(\/.*)?$/.exec(server.replace(/\/+$/, ""));
  if (m === null)
    throw new NotifyConfigError("--notification-gotify-url must start with http:// or https://");
  const token = o.notificationGotifyToken;
  if (token === undefined)
    throw new NotifyConfigError("--notification-gotify-token is required for gotify notifications");
  const [, scheme, host = "", path = ""] = m;
  const url = `gotify://${host}${path}/${enc(token)}`;
  return scheme === "http" ? `${url}?disabletls=Yes` : url;
}
