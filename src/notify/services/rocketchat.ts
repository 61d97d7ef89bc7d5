/**
 * @module `rocketchat://[username@]host[:port]/tokenA/tokenB[/channel|/@user]` (a `#channel`
 * fragment names the channel too): shoutrrr's Rocket.Chat service, a JSON post to
 * `https://host[:port]/hooks/<tokenA>/<tokenB>`. Titles are not sent, as in shoutrrr.
 */
import type { NotificationService, ServiceDeps } from "../service.ts";
import { hostWithPort, invalid, type ServiceUrl } from "../service-url.ts";
import { chatHookService } from "./chat-hook.ts";

export function createRocketChatService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  // shoutrrr splits the raw path: `/a/b` gives ["", "a", "b"]; a fourth part names the channel.
  const path = url.path.split("/").map(decodeURIComponent);
  if (path.length < 3) throw invalid(url, "the apiURL does not include enough arguments");
  const [, tokenA = "", tokenB = "", target] = path;
  let channel = "";
  if (target !== undefined) {
    if (url.fragment !== undefined && url.fragment !== "") channel = `#${url.fragment}`;
    else channel = target.startsWith("@") ? target : `#${target}`;
  }
  const endpoint = new URL(
    `https://${hostWithPort(url)}/hooks/${encodeURIComponent(tokenA)}/${encodeURIComponent(tokenB)}`,
  );

  return chatHookService(url, deps, endpoint, { channel });
}
