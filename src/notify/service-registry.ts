/**
 * @module Builds the notification service for a shoutrrr URL, by scheme.
 */
import { NotifyConfigError } from "./errors.ts";
import type { NotificationService, ServiceDeps } from "./service.ts";
import { maskUrl, parseServiceUrl, type ServiceUrl } from "./service-url.ts";
import { createBarkService } from "./services/bark.ts";
import { createDiscordService } from "./services/discord.ts";
import { createGenericService } from "./services/generic.ts";
import { createGoogleChatService } from "./services/googlechat.ts";
import { createGotifyService } from "./services/gotify.ts";
import { createIftttService } from "./services/ifttt.ts";
import { createJoinService } from "./services/join.ts";
import { createLoggerService } from "./services/logger.ts";
import { createMatrixService } from "./services/matrix.ts";
import { createMattermostService } from "./services/mattermost.ts";
import { createNtfyService } from "./services/ntfy.ts";
import { createOpsgenieService } from "./services/opsgenie.ts";
import { createPushbulletService } from "./services/pushbullet.ts";
import { createPushoverService } from "./services/pushover.ts";
import { createRocketChatService } from "./services/rocketchat.ts";
import { createSlackService } from "./services/slack.ts";
import { createSmtpService } from "./services/smtp.ts";
import { createTeamsService } from "./services/teams.ts";
import { createTelegramService } from "./services/telegram.ts";
import { createZulipService } from "./services/zulip.ts";

type Factory = (url: ServiceUrl, deps: ServiceDeps) => NotificationService;

/** shoutrrr v0.8's service map (pkg/router/servicemap.go), plus the custom-URL schemes. */
const FACTORIES: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ["bark", createBarkService],
  ["discord", createDiscordService],
  ["generic", createGenericService],
  ["generic+http", createGenericService],
  ["generic+https", createGenericService],
  ["gotify", createGotifyService],
  ["googlechat", createGoogleChatService],
  ["hangouts", createGoogleChatService],
  ["ifttt", createIftttService],
  ["join", createJoinService],
  ["logger", createLoggerService],
  ["matrix", createMatrixService],
  ["mattermost", createMattermostService],
  ["ntfy", createNtfyService],
  ["opsgenie", createOpsgenieService],
  ["pushbullet", createPushbulletService],
  ["pushover", createPushoverService],
  ["rocketchat", createRocketChatService],
  ["slack", createSlackService],
  ["smtp", createSmtpService],
  ["teams", createTeamsService],
  ["teams+https", createTeamsService],
  ["telegram", createTelegramService],
  ["zulip", createZulipService],
]);

export const SUPPORTED_SCHEMES: readonly string[] = [...FACTORIES.keys()];

/** Throws NotifyConfigError naming the (masked) URL when the scheme is unknown or the URL bad. */
export function createService(raw: string, deps: ServiceDeps): NotificationService {
  const url = parseServiceUrl(raw);
  const factory = FACTORIES.get(url.scheme);
  if (factory === undefined) {
    throw new NotifyConfigError(
      `unknown notification service "${url.scheme}" in ${maskUrl(raw)} (supported: ${SUPPORTED_SCHEMES.join(", ")})`,
    );
  }
  return factory(url, deps);
}
