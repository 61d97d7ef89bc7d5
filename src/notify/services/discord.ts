/**
 * @module `discord://token@webhookid[?color=&username=&avatarurl=&splitlines=]`: posts embeds to
 * the Discord webhook, as shoutrrr does.
 */
import { httpSend, jsonHeaders } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

/** Discord's limit for an embed description. */
const CHUNK = 2000;

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
      const descriptions = items.flatMap((item) => chunk(item, CHUNK));
      const title = titleParam ?? message.title;
      const embeds = descriptions.slice(0, 10).map((description, i) => ({
        ...(i === 0 && title !== undefined && title !== "" ? { title } : {}),
        description,
        ...(Number.isFinite(color) ? { color } : {}),
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
