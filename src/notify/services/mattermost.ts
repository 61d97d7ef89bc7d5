/**
 * @module `mattermost://[username@]host[:port]/token[/channel][?icon=]`: shoutrrr's Mattermost
 * service, a JSON post to the incoming webhook `https://host/hooks/<token>`. The icon is a URL
 * when it contains `http(s)://`, else an emoji. Titles are not sent, as in shoutrrr. Deliberate
 * difference: a port in the URL is kept (shoutrrr drops it, so such URLs never worked there).
 */
import type { NotificationService, ServiceDeps } from "../service.ts";
import { chatHookService } from "./chat-hook.ts";
import { iconFields } from "./icon-fields.ts";
import { hostWithPort, invalid, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's mattermost Config keys and their aliases. */
export const MATTERMOST_KEYS = {
  icon: ["icon", "icon_emoji", "icon_url"],
  title: ["title"],
} as const satisfies KeyTable;

export function createMattermostService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  if (url.path === "" || url.path === "/")
    throw invalid(url, "the apiURL does not include enough arguments, either provide 1 or 3 arguments");
  const [token = "", channel = ""] = url.path.slice(1).split("/").map(decodeURIComponent);
  const icon = queryParam(url, MATTERMOST_KEYS.icon) ?? "";
  const endpoint = new URL(`https://${hostWithPort(url)}/hooks/${encodeURIComponent(token)}`);

  return chatHookService(url, deps, endpoint, { channel, extra: iconFields(icon) });
}
