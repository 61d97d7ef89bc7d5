/**
 * @module `pushover://shoutrrr:apiToken@userKey/?devices=a,b[&priority=&title=]`: a form POST to
 * Pushover's messages API.
 */
import { httpSend } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, type ServiceUrl } from "../service-url.ts";

export function createPushoverService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const token = url.password ?? "";
  const user = url.host;
  if (token === "" || user === "") throw invalid(url, "expected pushover://shoutrrr:token@userkey/");
  const devices = url.query.get("devices") ?? "";
  const priority = url.query.get("priority") ?? "";
  const titleParam = url.query.get("title");

  return {
    scheme: "pushover",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const form = new URLSearchParams({ token, user, message: message.body });
      if (devices !== "") form.set("device", devices);
      const title = message.title ?? titleParam;
      if (title !== undefined && title !== "") form.set("title", title);
      if (priority !== "") form.set("priority", priority);
      await httpSend(deps, {
        method: "POST",
        url: new URL("https://api.pushover.net/1/messages.json"),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
        signal,
      });
    },
  };
}
