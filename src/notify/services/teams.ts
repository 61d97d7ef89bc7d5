/**
 * @module `teams://group@tenant/altId/groupOwner?host=org.webhook.office.com`: a MessageCard to
 * the incoming webhook `https://<host>/webhookb2/<group>@<tenant>/IncomingWebhook/<altId>/<owner>`.
 */
import { httpSend, jsonHeaders } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, type ServiceUrl } from "../service-url.ts";

export function createTeamsService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const group = url.username;
  const tenant = url.host;
  const [altId, groupOwner, extraId, ...more] = url.segments;
  if (group === "" || tenant === "" || altId === undefined || groupOwner === undefined || more.length > 0) {
    throw invalid(url, "expected teams://group@tenant/altId/groupOwner[/extraId]?host=…");
  }
  const host = url.query.get("host") ?? "outlook.office.com";
  const color = url.query.get("color") ?? "";
  const titleParam = url.query.get("title");
  const webhook = new URL(
    `https://${host}/webhookb2/${encodeURIComponent(group)}@${encodeURIComponent(tenant)}/IncomingWebhook/${encodeURIComponent(altId)}/${encodeURIComponent(groupOwner)}${extraId === undefined ? "" : `/${encodeURIComponent(extraId)}`}`,
  );

  return {
    scheme: "teams",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const title = message.title ?? titleParam ?? "";
      const lines = message.body.split("\n").filter((l) => l !== "");
      const payload = {
        "@type": "MessageCard",
        "@context": "http://schema.org/extensions",
        markdown: true,
        title,
        ...(color === "" ? {} : { themeColor: color }),
        summary: title !== "" ? title : (lines[0] ?? ""),
        sections: lines.map((text) => ({ text })),
      };
      await httpSend(deps, {
        method: "POST",
        url: webhook,
        headers: jsonHeaders(),
        body: JSON.stringify(payload),
        signal,
      });
    },
  };
}

/**
 * shoutrrr's ConfigFromWebhookURL: a Teams webhook URL as a `teams://` URL (newer webhook URLs
 * carry a fifth, extra ID segment, which is kept), with Watchtower's colour.
 */
export function teamsUrlFromWebhook(webhook: string, color = ""): string | undefined {
  const m =
    /^https:\/\/([^/]+)\/webhookb2\/([^/@]+)@([^/]+)\/IncomingWebhook\/([^/]+)\/([^/?]+)(?:\/([^/?]+))?\/?(?:\?.*)?$/.exec(
      webhook.trim(),
    );
  if (m === null) return undefined;
  const [, host = "", group = "", tenant = "", altId = "", owner = "", extra] = m;
  const query = new URLSearchParams({ host });
  if (color !== "") query.set("color", color);
  return `teams://${group}@${tenant}/${altId}/${owner}${extra === undefined ? "" : `/${extra}`}?${query.toString()}`;
}
