/**
 * @module `telegram://token@telegram?chats=@chan,12345[&preview=no&notification=no&parsemode=…]`:
 * Bot API `sendMessage`, once per chat.
 */
import { httpSend, jsonHeaders } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

export function createTelegramService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const token = `${url.username}:${url.password ?? ""}`;
  if (!/^\d+:[\w-]+$/.test(token))
    throw invalid(url, "expected telegram://<bot id>:<token>@telegram?chats=…");
  const chats = (url.query.get("chats") ?? url.query.get("channels") ?? "")
    .split(",")
    .filter((c) => c !== "");
  if (chats.length === 0) throw invalid(url, "no chats given (?chats=…)");
  const preview = queryBool(url, "preview", true);
  const notification = queryBool(url, "notification", true);
  const parseMode = url.query.get("parsemode") ?? "";
  const titleParam = url.query.get("title");

  return {
    scheme: "telegram",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const title = titleParam ?? message.title ?? "";
      const text = title === "" ? message.body : `${title}\n${message.body}`;
      for (const chat of chats) {
        const [chatId = chat, threadId] = chat.split(":");
        const payload: Record<string, unknown> = {
          chat_id: chatId,
          text,
          disable_web_page_preview: !preview,
          disable_notification: !notification,
        };
        if (threadId !== undefined) payload.message_thread_id = Number(threadId);
        if (parseMode !== "" && parseMode.toLowerCase() !== "none") payload.parse_mode = parseMode;
        await httpSend(deps, {
          method: "POST",
          url: new URL(`https://api.telegram.org/bot${token}/sendMessage`),
          headers: jsonHeaders(),
          body: JSON.stringify(payload),
          signal,
        });
      }
    },
  };
}
