/**
 * @module `generic://host/path` (HTTPS unless `disabletls=yes`) and `generic+https://` /
 * `generic+http://`: shoutrrr's generic webhook. `@Name=value` query params become headers,
 * `$key=value` extra JSON fields; `template=json` sends `{title, message}` (keys renamable with
 * `titlekey`/`messagekey`), otherwise the message is the body. Other params pass through.
 */
import { httpSend } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

const CONFIG_KEYS = new Set([
  "template",
  "contenttype",
  "method",
  "disabletls",
  "titlekey",
  "messagekey",
  "title",
]);

export function createGenericService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  if (url.host === "") throw invalid(url, "missing host");
  const forced = url.scheme.startsWith("generic+") ? url.scheme.slice("generic+".length) : undefined;
  if (forced !== undefined && forced !== "http" && forced !== "https")
    throw invalid(url, "expected generic+http or generic+https");
  const scheme = forced ?? (queryBool(url, "disabletls", false) ? "http" : "https");
  const method = (url.query.get("method") ?? "POST").toUpperCase();
  if (method !== "POST" && method !== "PUT") throw invalid(url, "method must be POST or PUT");
  const template = url.query.get("template") ?? "";
  if (template !== "" && template.toLowerCase() !== "json")
    throw invalid(url, `unknown template "${template}"`);
  const contentType = url.query.get("contenttype") ?? "application/json";
  const titleKey = url.query.get("titlekey") ?? "title";
  const messageKey = url.query.get("messagekey") ?? "message";
  const titleParam = url.query.get("title");
  const headers: Record<string, string> = { "content-type": contentType };
  const extras: Record<string, string> = {};
  const passthrough = new URLSearchParams();
  for (const [key, value] of url.rawQuery) {
    if (key.startsWith("@")) headers[key.slice(1).toLowerCase()] = value;
    else if (key.startsWith("$")) extras[key.slice(1)] = value;
    else if (!CONFIG_KEYS.has(key.toLowerCase())) passthrough.append(key, value);
  }
  const port = url.port === undefined ? "" : `:${String(url.port)}`;
  const query = passthrough.toString();
  const endpoint = new URL(`${scheme}://${url.host}${port}${url.path}${query === "" ? "" : `?${query}`}`);
  const auth =
    url.username === ""
      ? undefined
      : `Basic ${Buffer.from(`${url.username}:${url.password ?? ""}`).toString("base64")}`;
  if (auth !== undefined && headers.authorization === undefined) headers.authorization = auth;

  return {
    scheme: forced === undefined ? "generic" : url.scheme,
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      let body = message.body;
      if (template !== "") {
        const payload: Record<string, string> = { ...extras };
        const title = titleParam ?? message.title;
        if (title !== undefined) payload[titleKey] = title;
        payload[messageKey] = message.body;
        body = JSON.stringify(payload);
      }
      await httpSend(deps, {
        method: method === "PUT" ? "PUT" : "POST",
        url: endpoint,
        headers,
        body,
        signal,
      });
    },
  };
}
