/**
 * @module The incoming-webhook services of Mattermost and Rocket.Chat, as shoutrrr sends them:
 * `{"text": message}` plus the URL's user name, channel and (Mattermost) icon, posted as JSON.
 */
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { maskUrl, type ServiceUrl } from "../service-url.ts";

export function chatHookService(
  url: ServiceUrl,
  deps: ServiceDeps,
  endpoint: URL,
  options: { channel: string; extra?: Record<string, string> },
): NotificationService {
  const fields = {
    ...(url.username === "" ? {} : { username: url.username }),
    ...(options.channel === "" ? {} : { channel: options.channel }),
    ...options.extra,
  };
  return {
    scheme: url.scheme,
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      await postJson(deps, endpoint, { text: message.body, ...fields }, signal);
    },
  };
}
