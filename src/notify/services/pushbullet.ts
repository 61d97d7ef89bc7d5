/**
 * @module `pushbullet://<34-character token>[/device][/#channel][/email][?title=]`: shoutrrr's
 * Pushbullet service, one note push per target (all devices when none is given) with the
 * token in the `Access-Token` header.
 */
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's pushbullet Config keys. */
export const PUSHBULLET_KEYS = {
  title: ["title"],
} as const satisfies KeyTable;

const EMAIL = /.*@.*\..*/;

/** shoutrrr's SetTarget: an email, a `#channel` tag, or a device ID. */
function targetFields(target: string): Record<string, string> {
  if (EMAIL.test(target)) return { email: target, channel_tag: "", device_iden: "" };
  if (target.startsWith("#")) return { email: "", channel_tag: target.slice(1), device_iden: "" };
  return { email: "", channel_tag: "", device_iden: target };
}

export function createPushbulletService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const token = url.host;
  if (token.length !== 34) throw invalid(url, "token has incorrect size");
  const targets = [...url.segments, ...(url.fragment === undefined ? [] : [`#${url.fragment}`])];
  // Deliberate: shoutrrr also pushes to all devices when a path has an empty part (`/dev/#ch`).
  if (targets.length === 0) targets.push("");
  // shoutrrr's default title ("Shoutrrr notification") is never applied: no title is empty.
  const titleParam = queryParam(url, PUSHBULLET_KEYS.title) ?? "";

  return {
    scheme: "pushbullet",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const title = message.title ?? titleParam;
      for (const target of targets) {
        await postJson(
          deps,
          new URL("https://api.pushbullet.com/v2/pushes"),
          { type: "note", title, body: message.body, ...targetFields(target) },
          signal,
          { "access-token": token },
        );
      }
    },
  };
}
