/**
 * @module `discord://token@webhookid[?color=&username=&avatarurl=&splitlines=&json=]`: posts embeds
 * to the Discord webhook, as shoutrrr does; `json=yes` posts the message itself as the payload.
 * `colorError`/`colorWarn`/`colorInfo`/`colorDebug` are read (and checked) but, as in shoutrrr,
 * only colour items with a level, which plain notification text never has.
 */
import { httpSend, jsonHeaders, postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's discord Config keys and their aliases. */
export const DISCORD_KEYS = {
  title: ["title"],
  username: ["username"],
  avatar: ["avatar", "avatarurl"],
  color: ["color"],
  colorError: ["colorerror"],
  colorWarn: ["colorwarn"],
  colorInfo: ["colorinfo"],
  colorDebug: ["colordebug"],
  splitLines: ["splitlines"],
  json: ["json"],
} as const satisfies KeyTable;

/** shoutrrr's hex colour fields (`base:"16"`): `0x50D9ff`, `#50D9ff` or bare hex digits. */
function hexColor(url: ServiceUrl, names: readonly string[], fallback: number): number {
  const text = queryParam(url, names);
  if (text === undefined) return fallback;
  const digits = text.replace(/^(0x|#)/i, "");
  if (!/^[0-9a-f]+$/i.test(digits)) throw invalid(url, `${names[0] ?? ""} must be a hex colour`);
  return Number.parseInt(digits, 16);
}

/** shoutrrr's Discord limits: characters per embed, embeds per message, characters in all. */
const CHUNK = 2000;
const MAX_EMBEDS = 10;
const TOTAL = 6000;

export function createDiscordService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const token = url.password === undefined ? url.username : `${url.username}:${url.password}`;
  const webhookId = url.host;
  if (token === "") throw invalid(url, "missing discord token (discord://token@webhookid)");
  if (!/^\d+$/.test(webhookId)) throw invalid(url, "missing or bad discord webhook id");
  const color = hexColor(url, DISCORD_KEYS.color, 0x50d9ff);
  for (const key of ["colorError", "colorWarn", "colorInfo", "colorDebug"] as const)
    hexColor(url, DISCORD_KEYS[key], 0);
  const username = queryParam(url, DISCORD_KEYS.username) ?? "";
  const avatar = queryParam(url, DISCORD_KEYS.avatar) ?? "";
  const splitLines = queryBool(url, DISCORD_KEYS.splitLines, true);
  const json = queryBool(url, DISCORD_KEYS.json, false);
  const titleParam = queryParam(url, DISCORD_KEYS.title);
  const endpoint = new URL(`https://discord.com/api/webhooks/${webhookId}/${encodeURIComponent(token)}`);

  return {
    scheme: "discord",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      if (json) {
        await httpSend(deps, {
          method: "POST",
          url: endpoint,
          headers: jsonHeaders(),
          body: message.body,
          signal,
        });
        return;
      }
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
        color,
        ...(i === 0 && omitted > 0
          ? { footer: { text: `... (${String(omitted)} character(s) were omitted)` } }
          : {}),
      }));
      const payload: Record<string, unknown> = { embeds };
      if (username !== "") payload.username = username;
      if (avatar !== "") payload.avatar_url = avatar;
      await postJson(deps, endpoint, payload, signal);
    },
  };
}

function chunk(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length === 0 ? [""] : out;
}
