/**
 * @module `zulip://<bot mail>:<bot key>@host[:port]/?stream=&topic=`: shoutrrr's Zulip service, a
 * form post to `https://host/api/v1/messages` with the bot's basic auth. Titles are not sent
 * (shoutrrr reads only `topic`); topics over 60 characters and messages over 10000 bytes are
 * refused, as there. Deliberate difference: a port in the URL is kept (shoutrrr drops it).
 */
import { SendError } from "../errors.ts";
import { goFormEncode } from "../go-form.ts";
import { httpSend } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import {
  hostWithPort,
  invalid,
  maskUrl,
  queryParam,
  type KeyTable,
  type ServiceUrl,
} from "../service-url.ts";

/** shoutrrr's zulip Config keys (the `title` alias of topic is not read from the URL there). */
export const ZULIP_KEYS = {
  stream: ["stream"],
  topic: ["topic"],
} as const satisfies KeyTable;

const TOPIC_MAX = 60;
const CONTENT_MAX = 10_000;

export function createZulipService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  if (url.username === "") throw invalid(url, "missing Bot mail address");
  if (url.password === undefined) throw invalid(url, "missing API key");
  if (url.host === "") throw invalid(url, "missing Zulip host");
  const stream = queryParam(url, ZULIP_KEYS.stream) ?? "";
  const topic = queryParam(url, ZULIP_KEYS.topic) ?? "";
  const auth = `Basic ${Buffer.from(`${url.username}:${url.password}`).toString("base64")}`;
  const endpoint = new URL(`https://${hostWithPort(url)}/api/v1/messages`);

  return {
    scheme: "zulip",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const topicLength = Array.from(topic).length;
      if (topicLength > TOPIC_MAX)
        throw new SendError(
          `topic exceeds max length (${String(TOPIC_MAX)} characters): was ${String(topicLength)} characters`,
          {
            retryable: false,
          },
        );
      const size = Buffer.byteLength(message.body, "utf8");
      if (size > CONTENT_MAX)
        throw new SendError(
          `message exceeds max size (${String(CONTENT_MAX)} bytes): was ${String(size)} bytes`,
          {
            retryable: false,
          },
        );
      const form: Record<string, string> = { type: "stream", to: stream, content: message.body };
      if (topic !== "") form.topic = topic;
      await httpSend(deps, {
        method: "POST",
        url: endpoint,
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
        body: goFormEncode(form),
        signal,
      });
    },
  };
}
