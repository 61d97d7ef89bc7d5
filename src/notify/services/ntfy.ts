/**
 * @module `ntfy://[user:pass@]host[:port]/topic[?title=&priority=&tags=&scheme=http&…]`: publishes
 * the message as the request body, options as headers, as shoutrrr's ntfy service does
 * (`Priority` always sent by its name, `X-Icon`, `Cache: no`/`Firebase: no` when turned off).
 */
import { httpSend } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's ntfy Config keys and their aliases. */
export const NTFY_KEYS = {
  title: ["title"],
  scheme: ["scheme"],
  tags: ["tags"],
  priority: ["priority"],
  actions: ["actions"],
  click: ["click"],
  attach: ["attach"],
  filename: ["filename"],
  delay: ["delay", "at", "in"],
  email: ["email"],
  icon: ["icon"],
  cache: ["cache"],
  firebase: ["firebase"],
} as const satisfies KeyTable;

/** shoutrrr's ntfy priority enum: names (any case) and 1–5, `urgent` for 5; printed by name. */
const PRIORITIES: Readonly<Record<string, string>> = {
  min: "Min",
  low: "Low",
  default: "Default",
  high: "High",
  max: "Max",
  "1": "Min",
  "2": "Low",
  "3": "Default",
  "4": "High",
  "5": "Max",
  urgent: "Max",
};

/** Header name → key, in shoutrrr's order. */
const HEADERS: readonly (readonly [string, keyof typeof NTFY_KEYS])[] = [
  ["Tags", "tags"],
  ["Delay", "delay"],
  ["Actions", "actions"],
  ["Click", "click"],
  ["Attach", "attach"],
  ["X-Icon", "icon"],
  ["Filename", "filename"],
  ["Email", "email"],
];

export function createNtfyService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const topic = url.segments.join("/");
  if (topic === "") throw invalid(url, "expected ntfy://[user:pass@]host/topic");
  const scheme = (queryParam(url, NTFY_KEYS.scheme) ?? "https").toLowerCase();
  if (scheme !== "https" && scheme !== "http") throw invalid(url, "scheme must be http or https");
  const priorityText = queryParam(url, NTFY_KEYS.priority) ?? "default";
  const priority = PRIORITIES[priorityText.toLowerCase()];
  if (priority === undefined) throw invalid(url, `unknown priority "${priorityText}"`);
  const cache = queryBool(url, NTFY_KEYS.cache, true);
  const firebase = queryBool(url, NTFY_KEYS.firebase, true);
  const host = url.host === "" ? "ntfy.sh" : url.host;
  const port = url.port === undefined ? "" : `:${String(url.port)}`;
  const endpoint = new URL(`${scheme}://${host}${port}/${topic}`);
  const auth =
    url.username === "" && url.password === undefined
      ? undefined
      : url.username === ""
        ? `Bearer ${url.password ?? ""}`
        : `Basic ${Buffer.from(`${url.username}:${url.password ?? ""}`).toString("base64")}`;
  const titleParam = queryParam(url, NTFY_KEYS.title);

  return {
    scheme: "ntfy",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
      const title = message.title ?? titleParam;
      if (title !== undefined && title !== "") headers.Title = encodeHeader(title);
      headers.Priority = priority;
      for (const [header, key] of HEADERS) {
        const v = queryParam(url, NTFY_KEYS[key]);
        if (v !== undefined && v !== "") headers[header] = encodeHeader(v);
      }
      if (!cache) headers.Cache = "no";
      if (!firebase) headers.Firebase = "no";
      if (auth !== undefined) headers.authorization = auth;
      await httpSend(deps, { method: "POST", url: endpoint, headers, body: message.body, signal });
    },
  };
}

/** Header values must be Latin-1; ntfy decodes RFC 2047 for anything else. */
function encodeHeader(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}
