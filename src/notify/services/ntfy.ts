/**
 * @module `ntfy://[user:pass@]host[:port]/topic[?title=&priority=&tags=&scheme=http]`: publishes
 * the message as the request body, options as headers (ntfy's HTTP publish API).
 */
import { httpSend } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, type ServiceUrl } from "../service-url.ts";

const HEADER_PARAMS = ["priority", "tags", "click", "icon", "attach", "delay", "email", "actions"] as const;

export function createNtfyService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const topic = url.segments.join("/");
  if (topic === "") throw invalid(url, "expected ntfy://[user:pass@]host/topic");
  const scheme = (url.query.get("scheme") ?? "https").toLowerCase();
  if (scheme !== "https" && scheme !== "http") throw invalid(url, "scheme must be http or https");
  const host = url.host === "" ? "ntfy.sh" : url.host;
  const port = url.port === undefined ? "" : `:${String(url.port)}`;
  const endpoint = new URL(`${scheme}://${host}${port}/${topic}`);
  const auth =
    url.username === "" && url.password === undefined
      ? undefined
      : url.username === ""
        ? `Bearer ${url.password ?? ""}`
        : `Basic ${Buffer.from(`${url.username}:${url.password ?? ""}`).toString("base64")}`;
  const titleParam = url.query.get("title");

  return {
    scheme: "ntfy",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
      const title = message.title ?? titleParam;
      if (title !== undefined && title !== "") headers.title = encodeHeader(title);
      for (const key of HEADER_PARAMS) {
        const v = url.query.get(key);
        if (v !== undefined && v !== "") headers[key] = encodeHeader(v);
      }
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
