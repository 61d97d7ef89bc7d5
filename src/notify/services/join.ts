/**
 * @module `join://shoutrrr:<api key>@join/?devices=a,b[&title=&icon=]`: shoutrrr's Join service,
 * a POST without a body to Join's sendPush with everything in the query string.
 */
import { goFormEncode } from "../go-form.ts";
import { httpSend } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryList, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's join Config keys. */
export const JOIN_KEYS = {
  devices: ["devices"],
  title: ["title"],
  icon: ["icon"],
} as const satisfies KeyTable;

const HOOK = "https://joinjoaomgcd.appspot.com/_ah/api/messaging/v1/sendPush";

export function createJoinService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const devices = queryList(url, JOIN_KEYS.devices);
  const apiKey = url.password ?? "";
  if (devices.length === 0) throw invalid(url, "devices missing from config URL");
  if (apiKey === "") throw invalid(url, "API key missing from config URL");
  const titleParam = queryParam(url, JOIN_KEYS.title) ?? "";
  const icon = queryParam(url, JOIN_KEYS.icon) ?? "";

  return {
    scheme: "join",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const title = message.title ?? titleParam;
      const query = goFormEncode({
        deviceIds: devices.join(","),
        apikey: apiKey,
        text: message.body,
        ...(title === "" ? {} : { title }),
        ...(icon === "" ? {} : { icon }),
      });
      await httpSend(deps, {
        method: "POST",
        url: new URL(`${HOOK}?${query}`),
        headers: { "content-type": "text/plain" },
        signal,
      });
    },
  };
}
