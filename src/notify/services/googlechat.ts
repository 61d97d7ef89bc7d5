/**
 * @module `googlechat://chat.googleapis.com/v1/spaces/<space>/messages?key=<key>&token=<token>`
 * (and the `hangouts://` alias): shoutrrr's Google Chat service, `{"text": message}` to the
 * webhook over HTTPS. Titles are not sent, as in shoutrrr.
 */
import { goFormEncode } from "../go-form.ts";
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import {
  hostWithPort,
  invalid,
  maskUrl,
  queryParam,
  type KeyTable,
  type ServiceUrl,
} from "../service-url.ts";

/** shoutrrr's googlechat Config keys. */
export const GOOGLECHAT_KEYS = {
  key: ["key"],
  token: ["token"],
} as const satisfies KeyTable;

export function createGoogleChatService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const key = queryParam(url, GOOGLECHAT_KEYS.key) ?? "";
  if (key === "") throw invalid(url, "missing field 'key'");
  const token = queryParam(url, GOOGLECHAT_KEYS.token) ?? "";
  const endpoint = new URL(`https://${hostWithPort(url)}${url.path}?${goFormEncode({ key, token })}`);

  return {
    scheme: url.scheme,
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      await postJson(deps, endpoint, { text: message.body }, signal);
    },
  };
}
