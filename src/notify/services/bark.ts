/**
 * @module `bark://:deviceKey@host[:port][/path][?title=&scheme=https&sound=&badge=&icon=&group=
 * &url=&category=&copy=]`: shoutrrr's bark service, a JSON push to `<scheme>://host/path/push`;
 * the server answers `{"code":200}` when it took the message.
 */
import { z } from "zod";
import { SendError } from "../errors.ts";
import { parseJson, postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import {
  hostWithPort,
  invalid,
  maskUrl,
  queryParam,
  type KeyTable,
  type ServiceUrl,
} from "../service-url.ts";

/** shoutrrr's bark Config keys. */
export const BARK_KEYS = {
  title: ["title"],
  scheme: ["scheme"],
  sound: ["sound"],
  badge: ["badge"],
  icon: ["icon"],
  group: ["group"],
  url: ["url"],
  category: ["category"],
  copy: ["copy"],
} as const satisfies KeyTable;

/** Sent when set; `url` is read but, as in shoutrrr v0.8.0, not sent. */
const OPTIONAL = ["sound", "icon", "group", "category", "copy"] as const;

const Answer = z.looseObject({ code: z.number(), message: z.string().optional() });

export function createBarkService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  // Deliberate: shoutrrr reads the key only from the password, so its overview's form
  // `bark://devicekey@host` sends no key there; here the user name serves when there is no password.
  const deviceKey = url.password ?? url.username;
  if (url.host === "" || deviceKey === "") throw invalid(url, "expected bark://:devicekey@host/path");
  const scheme = (queryParam(url, BARK_KEYS.scheme) ?? "https").toLowerCase();
  if (scheme !== "https" && scheme !== "http") throw invalid(url, "scheme must be http or https");
  const badgeText = queryParam(url, BARK_KEYS.badge) ?? "0";
  if (!/^[+-]?\d+$/.test(badgeText)) throw invalid(url, "badge must be a number");
  const badge = Number(badgeText);
  const path = url.path.endsWith("/") ? url.path : `${url.path}/`;
  const endpoint = new URL(`${scheme}://${hostWithPort(url)}${path.startsWith("/") ? "" : "/"}${path}push`);
  const titleParam = queryParam(url, BARK_KEYS.title) ?? "";

  return {
    scheme: "bark",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const payload: Record<string, unknown> = {
        body: message.body,
        device_key: deviceKey,
        title: message.title ?? titleParam,
        badge,
      };
      for (const key of OPTIONAL) {
        const value = queryParam(url, BARK_KEYS[key]) ?? "";
        if (value !== "") payload[key] = value;
      }
      const text = await postJson(deps, endpoint, payload, signal);
      const answer = Answer.safeParse(parseJson(text));
      if (!answer.success || answer.data.code !== 200)
        throw new SendError(
          `bark answered ${answer.success ? `code ${String(answer.data.code)}` : "unreadably"}`,
          {
            retryable: false,
          },
        );
    },
  };
}
