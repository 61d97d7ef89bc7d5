/**
 * @module Builds the notification service for a shoutrrr URL, by scheme.
 */
import { NotifyConfigError } from "./errors.ts";
import type { NotificationService, ServiceDeps } from "./service.ts";
import { maskUrl, parseServiceUrl, type ServiceUrl } from "./service-url.ts";
import { createDiscordService } from "./services/discord.ts";
import { createGenericService } from "./services/generic.ts";
import { createGotifyService } from "./services/gotify.ts";
import { createLoggerService } from "./services/logger.ts";
import { createMatrixService } from "./services/matrix.ts";
import { createNtfyService } from "./services/ntfy.ts";
import { createPushoverService } from "./services/pushover.ts";
import { createSlackService } from "./services/slack.ts";
import { createSmtpService } from "./services/smtp.ts";
import { createTeamsService } from "./services/teams.ts";
import { createTelegramService } from "./services/telegram.ts";

type Factory = (url: ServiceUrl, deps: ServiceDeps) => NotificationService;

const FACTORIES: ReadonlyMap<string, Factory> = new Map<string, Factory>([
  ["smtp", createSmtpService],
  ["slack", createSlackService],
  ["discord", createDiscordService],
  ["teams", createTeamsService],
  ["gotify", createGotifyService],
  ["telegram", createTelegramService],
  ["ntfy", createNtfyService],
  ["pushover", createPushoverService],
  ["matrix", createMatrixService],
  ["generic", createGenericService],
  ["generic+http", createGenericService],
  ["generic+https", createGenericService],
  ["logger", createLoggerService],
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
