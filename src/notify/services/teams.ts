/**
 * @module `teams://group@tenant/altId/groupOwner[/extraId]?host=org.webhook.office.com` (also
 * shoutrrr's older `teams://group@tenant:altId@groupOwner`) and the custom form
 * `teams+https://<the webhook URL>`: a MessageCard to the incoming webhook, as shoutrrr sends it:
 * `https://<host>/webhookb2/<group>@<tenant>/IncomingWebhook/<altId>/<owner>`, or `/webhook/`
 * on the legacy host outlook.office.com (the default).
 */
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's teams Config keys. */
export const TEAMS_KEYS = {
  title: ["title"],
  color: ["color"],
  host: ["host"],
} as const satisfies KeyTable;

const LEGACY_HOST = "outlook.office.com";

interface WebhookParts {
  host: string;
  group: string;
  tenant: string;
  altId: string;
  owner: string;
  /** Newer webhook URLs carry a fifth ID; shoutrrr drops it, Bosun keeps it so they still work. */
  extra: string | undefined;
}

/**
 * shoutrrr's parseAndVerifyWebhookURL, for both webhook shapes: the old connector URL
 * (`outlook.office.com/webhook/…`) and the newer `*.webhook.office.com/webhookb2/…`.
 */
export function parseTeamsWebhook(webhook: string): WebhookParts | undefined {
  const m =
    /^https:\/\/([^/]+)\/webhook(?:b2)?\/([^/@]+)@([^/]+)\/[^/]+\/([^/]+)\/([^/?]+)(?:\/([^/?]+))?\/?(?:\?.*)?$/.exec(
      webhook.trim(),
    );
  if (m === null) return undefined;
  const [, host = "", group = "", tenant = "", altId = "", owner = "", extra] = m;
  return { host, group, tenant, altId, owner, extra };
}

function partsFromUrl(url: ServiceUrl): WebhookParts {
  const host = queryParam(url, TEAMS_KEYS.host) ?? LEGACY_HOST;
  if (url.scheme === "teams+https") {
    const parts = parseTeamsWebhook(url.raw.trim().replace(/^teams\+/i, ""));
    if (parts === undefined) throw invalid(url, "not a Teams webhook URL");
    return { ...parts, host: queryParam(url, TEAMS_KEYS.host) ?? parts.host };
  }
  const legacy = /^([^@]+)@([^@]+)$/.exec(url.username);
  if (legacy !== null && url.password !== undefined) {
    return {
      host,
      group: legacy[1] ?? "",
      tenant: legacy[2] ?? "",
      altId: url.password,
      owner: url.host,
      extra: undefined,
    };
  }
  const [altId, owner, extra, ...more] = url.segments;
  if (
    url.username === "" ||
    url.host === "" ||
    altId === undefined ||
    owner === undefined ||
    more.length > 0
  ) {
    throw invalid(url, "expected teams://group@tenant/altId/groupOwner[/extraId]?host=…");
  }
  return { host, group: url.username, tenant: url.host, altId, owner, extra };
}

export function createTeamsService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const parts = partsFromUrl(url);
  const color = queryParam(url, TEAMS_KEYS.color) ?? "";
  const titleParam = queryParam(url, TEAMS_KEYS.title);
  const ids = [parts.group, parts.tenant, parts.altId, parts.owner, parts.extra].map((p) =>
    p === undefined ? undefined : encodeURIComponent(p),
  );
  const [group, tenant, altId, owner, extra] = ids;
  const path = parts.host === LEGACY_HOST ? "webhook" : "webhookb2";
  const webhook = new URL(
    `https://${parts.host}/${path}/${group ?? ""}@${tenant ?? ""}/IncomingWebhook/${altId ?? ""}/${owner ?? ""}${extra === undefined ? "" : `/${extra}`}`,
  );

  return {
    scheme: url.scheme,
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const title = message.title ?? titleParam ?? "";
      const lines = message.body.split("\n");
      // shoutrrr: the summary is the title, else the first line cut to 21 bytes.
      const first = Buffer.from(lines[0] ?? "");
      const summary = title !== "" ? title : first.length > 20 ? first.subarray(0, 21).toString() : lines[0];
      const payload = {
        "@type": "MessageCard",
        "@context": "http://schema.org/extensions",
        markdown: true,
        ...(title === "" ? {} : { title }),
        ...(summary === undefined || summary === "" ? {} : { summary }),
        sections: lines.map((text) => ({ ...(text === "" ? {} : { text }), startGroup: false })),
        ...(color === "" ? {} : { themeColor: color }),
      };
      await postJson(deps, webhook, payload, signal);
    },
  };
}

/**
 * shoutrrr's ConfigFromWebhookURL: a Teams webhook URL (old or new form) as a `teams://` URL,
 * with Watchtower's colour.
 */
export function teamsUrlFromWebhook(webhook: string, color = ""): string | undefined {
  const parts = parseTeamsWebhook(webhook);
  if (parts === undefined) return undefined;
  const query = new URLSearchParams({ host: parts.host });
  if (color !== "") query.set("color", color);
  const extra = parts.extra === undefined ? "" : `/${parts.extra}`;
  return `teams://${parts.group}@${parts.tenant}/${parts.altId}/${parts.owner}${extra}?${query.toString()}`;
}
