/**
 * @module `generic://host/path` (HTTPS unless `disabletls=yes`) and the custom form
 * `generic+https://` / `generic+http://`: shoutrrr's generic webhook. `@Name=value` query params
 * become headers, `$key=value` extra JSON fields. In the `generic://` form, `template=json` sends
 * `{title, message}` (keys renamable with `titlekey`/`messagekey`), otherwise the message is the
 * body; other params pass through to the webhook (`_name` passes a reserved name). In the custom
 * form shoutrrr v0.8 (Watchtower's) applies none of its own keys: every param other than `@`/`$`
 * ones goes to the webhook as written, and the message is the body (conformance golden
 * `generic-contenttype`, `generic-escaped`). Header names are normalised as shoutrrr does:
 * `@acceptLanguage` and `@Accept-Language` both send `Accept-Language`.
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
  const custom = forced !== undefined;
  // The custom form reads none of shoutrrr's keys (they go to the webhook instead).
  const config = (key: string): string | undefined => (custom ? undefined : url.query.get(key));
  const scheme = forced ?? (queryBool(url, "disabletls", false) ? "http" : "https");
  const method = (config("method") ?? "POST").toUpperCase();
  if (method !== "POST" && method !== "PUT") throw invalid(url, "method must be POST or PUT");
  const template = config("template") ?? "";
  if (template !== "" && template.toLowerCase() !== "json")
    throw invalid(url, `unknown template "${template}"`);
  const contentType = config("contenttype") ?? "application/json";
  const titleKey = config("titlekey") ?? "title";
  const messageKey = config("messagekey") ?? "message";
  const titleParam = config("title");
  const headers: Record<string, string> = { "Content-Type": contentType, Accept: contentType };
  const extras: Record<string, string> = {};
  const passthrough = new URLSearchParams();
  for (const [key, value] of url.rawQuery) {
    if (key.startsWith("@") && key.length > 1) headers[normalizedHeaderKey(key.slice(1))] = value;
    else if (key.startsWith("$") && key.length > 1) extras[key.slice(1)] = value;
    else if (custom) passthrough.append(key, value);
    // `_contenttype=x` forwards a reserved name to the webhook as `contenttype=x`.
    else if (key.startsWith("_")) passthrough.append(key.slice(1), value);
    else if (!CONFIG_KEYS.has(key.toLowerCase())) passthrough.append(key, value);
  }
  const port = url.port === undefined ? "" : `:${String(url.port)}`;
  const query = passthrough.toString();
  const endpoint = new URL(`${scheme}://${url.host}${port}${url.path}${query === "" ? "" : `?${query}`}`);
  const auth =
    url.username === ""
      ? undefined
      : `Basic ${Buffer.from(`${url.username}:${url.password ?? ""}`).toString("base64")}`;
  if (auth !== undefined && headers.Authorization === undefined) headers.Authorization = auth;

  return {
    scheme: forced === undefined ? "generic" : url.scheme,
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      let body = message.body;
      if (template !== "") {
        const payload: Record<string, string> = { ...extras };
        const title = message.title ?? titleParam;
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

/** shoutrrr's normalizedHeaderKey: camelCase to Dashed-Words, first letter of each word upper. */
export function normalizedHeaderKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i++) {
    const c = key.charAt(i);
    const prev = i > 0 ? key.charAt(i - 1) : "";
    if (c >= "A" && c <= "Z") {
      if (i > 0 && prev !== "-") out += "-";
      out += c;
    } else if ((i === 0 || prev === "-") && c >= "a" && c <= "z") out += c.toUpperCase();
    else out += c;
  }
  return out;
}
