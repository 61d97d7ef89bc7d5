/**
 * @module `rocketchat://[username@]host[:port]/tokenA/tokenB[/channel|/@user]` (a `#channel`
 * fragment names the channel too): shoutrrr's Rocket.Chat service, a JSON post to
 * `https://host[:port]/hooks/<tokenA>/<tokenB>`. Titles are not sent, as in shoutrrr.
 */
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { hostWithPort, invalid, maskUrl, type ServiceUrl } from "../service-url.ts";

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

  return {
    scheme: "rocketchat",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const payload = {
        text: message.body,
        ...(url.username === "" ? {} : { username: url.username }),
        ...(channel === "" ? {} : { channel }),
      };
      await postJson(deps, endpoint, payload, signal);
    },
  };
}
