/**
 * @module `gotify://host[:port][/path]/token[?priority=&title=&disabletls=yes]`: POST
 * `/message` with the app token in the `X-Gotify-Key` header.
 */
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

export function createGotifyService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const token = url.segments.at(-1);
  if (url.host === "" || token === undefined)
    throw invalid(url, "expected gotify://host[:port][/path]/token");
  const prefix = url.segments.slice(0, -1).map(encodeURIComponent).join("/");
  const tls = !queryBool(url, "disabletls", false);
  const priority = Number(url.query.get("priority") ?? "0");
  if (!Number.isInteger(priority)) throw invalid(url, "priority must be a number");
  const titleParam = url.query.get("title");
  const port = url.port === undefined ? "" : `:${String(url.port)}`;
  const endpoint = new URL(
    `${tls ? "https" : "http"}://${url.host}${port}/${prefix === "" ? "" : `${prefix}/`}message`,
  );

  return {
    scheme: "gotify",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const body = {
        title: message.title ?? titleParam ?? "Shoutrrr notification",
        message: message.body,
        priority,
      };
      await postJson(deps, endpoint, body, signal, { "x-gotify-key": token });
    },
  };
}
