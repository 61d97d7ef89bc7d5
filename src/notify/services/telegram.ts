/**
 * @module `telegram://token@telegram?chats=@chan,12345[&preview=no&notification=no&parsemode=…]`:
 * Bot API `sendMessage`, once per chat (`chat:thread` targets a forum topic). With a title and no
 * parse mode the message is sent as escaped HTML under a bold title, as shoutrrr does.
 */
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

const PARSE_MODES: Readonly<Record<string, string | undefined>> = {
  none: "",
  markdown: "Markdown",
  html: "HTML",
  markdownv2: "MarkdownV2",
};

/** Go's html.EscapeString. */
function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/'/g, "&#39;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&#34;");
}

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
  const parseModeText = (url.query.get("parsemode") ?? "none").toLowerCase();
  const parseMode = PARSE_MODES[parseModeText];
  if (parseMode === undefined) throw invalid(url, `unknown parsemode "${parseModeText}"`);
  const titleParam = url.query.get("title");

  return {
    scheme: "telegram",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      // As shoutrrr: a title switches plain messages to HTML (escaped) with the title in bold.
      const title = message.title ?? titleParam ?? "";
      let mode = parseMode;
      let text = message.body;
      if (mode === "" && title !== "") {
        mode = "HTML";
        text = escapeHtml(text);
      }
      if (mode === "HTML") text = `<b>${escapeHtml(title)}</b>\n${text}`;
      for (const chat of chats) {
        const [chatId = chat, threadId] = chat.split(":");
        const payload: Record<string, unknown> = {
          chat_id: chatId,
          text,
          disable_web_page_preview: !preview,
          disable_notification: !notification,
          // shoutrrr always sends it (0: not a reply).
          reply_to_message_id: 0,
        };
        if (threadId !== undefined && /^\d+$/.test(threadId)) payload.message_thread_id = Number(threadId);
        if (mode !== "") payload.parse_mode = mode;
        await postJson(deps, new URL(`https://api.telegram.org/bot${token}/sendMessage`), payload, signal);
      }
    },
  };
}
