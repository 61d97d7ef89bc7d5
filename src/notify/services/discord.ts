/**
 * @module `discord://token@webhookid[?color=&username=&avatarurl=&splitlines=]`: posts embeds to
 * the Discord webhook, as shoutrrr does.
 */
import { httpSend, jsonHeaders } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's Discord limits: characters per embed, embeds per message, characters in all. */
const CHUNK = 2000;
const MAX_EMBEDS = 10;
const TOTAL = 6000;

export function createDiscordService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const token = url.password === undefined ? url.username : `${url.username}:${url.password}`;
  const webhookId = url.host;
  if (token === "") throw invalid(url, "missing discord token (discord://token@webhookid)");
  if (!/^\d+$/.test(webhookId)) throw invalid(url, "missing or bad discord webhook id");
  const colorText = url.query.get("color") ?? "0x50D9ff";
  const color = Number(colorText.startsWith("#") ? `0x${colorText.slice(1)}` : colorText);
  const username = url.query.get("username") ?? "";
  const avatar = url.query.get("avatarurl") ?? url.query.get("avatar") ?? "";
  const splitLines = queryBool(url, "splitlines", true);
  const titleParam = url.query.get("title");

  return {
    scheme: "discord",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const items = splitLines ? message.body.split("\n").filter((l) => l !== "") : [message.body];
      const title = message.title ?? titleParam;
      // Discord's limits, as shoutrrr applies them: 10 embeds, 2000 characters each, 6000 in all.
      let budget = TOTAL - (title ?? "").length;
      let omitted = 0;
      const descriptions: string[] = [];
      for (const piece of items.flatMap((item) => chunk(item, CHUNK))) {
        const kept = descriptions.length < MAX_EMBEDS ? piece.slice(0, Math.max(0, budget)) : "";
        if (kept !== "") descriptions.push(kept);
        budget -= kept.length;
        omitted += piece.length - kept.length;
      }
      if (descriptions.length === 0) descriptions.push("");
      const embeds = descriptions.map((description, i) => ({
        ...(i === 0 && title !== undefined && title !== "" ? { title } : {}),
        ...(description === "" ? {} : { description }),
        ...(Number.isFinite(color) ? { color } : {}),
        ...(i === 0 && omitted > 0
          ? { footer: { text: `... (${String(omitted)} character(s) were omitted)` } }
          : {}),
      }));
      const payload: Record<string, unknown> = { embeds };
      if (username !== "") payload.username = username;
      if (avatar !== "") payload.avatar_url = avatar;
      await httpSend(deps, {
        method: "POST",
        url: new URL(`https://discord.com/api/webhooks/${webhookId}/${encodeURIComponent(token)}`),
        headers: jsonHeaders(),
        body: JSON.stringify(payload),
        signal,
      });
    },
  };
}

function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length === 0 ? [""] : out;
}
