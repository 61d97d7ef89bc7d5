/**
 * @module `slack://`: webhook (`slack://hook:T-B-X@webhook`) and bot token
 * (`slack://xoxb:…@channel`) forms, plus the legacy `slack://[botname@]T/B/X`; shoutrrr's payload.
 */
import { z } from "zod";
import { SendError } from "../errors.ts";
import { parseJson, postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { iconFields } from "./icon-fields.ts";
import { invalid, maskUrl, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's slack Config keys and their aliases (`threadts` is Bosun's older spelling). */
export const SLACK_KEYS = {
  botName: ["botname", "username"],
  icon: ["icon", "icon_emoji", "icon_url"],
  color: ["color"],
  title: ["title"],
  threadTs: ["thread_ts", "threadts"],
} as const satisfies KeyTable;

const ApiAnswer = z.object({ ok: z.boolean(), error: z.string().optional() });

const TOKEN = /^(?:(xox.|hook)[-:]|:?)([A-Z0-9]{9,})[-/,]([A-Z0-9]{9,})[-/,]([A-Za-z0-9]{24,})$/;

export function createSlackService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  let tokenText: string;
  let channel: string;
  let botName = queryParam(url, SLACK_KEYS.botName) ?? "";
  if (url.segments.length > 0) {
    tokenText = [url.host, ...url.segments].join("/");
    channel = "webhook";
    if (url.username !== "") botName = url.username;
  } else {
    tokenText = url.password === undefined ? url.username : `${url.username}:${url.password}`;
    channel = url.host;
  }
  const m = TOKEN.exec(tokenText);
  if (m === null) throw invalid(url, "invalid slack token");
  const [, type = "hook", p1 = "", p2 = "", p3 = ""] = m;
  const isHook = type === "hook" || type === "";
  const color = queryParam(url, SLACK_KEYS.color) ?? "";
  const icon = queryParam(url, SLACK_KEYS.icon) ?? "";
  const threadTs = queryParam(url, SLACK_KEYS.threadTs) ?? "";
  const titleParam = queryParam(url, SLACK_KEYS.title);

  return {
    scheme: "slack",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const payload: Record<string, unknown> = {
        text: message.title ?? titleParam ?? "",
        attachments: attachmentLines(message.body).map((line) => ({
          text: line,
          ...(color === "" ? {} : { color }),
        })),
      };
      if (botName !== "") payload.username = botName;
      if (threadTs !== "") payload.thread_ts = threadTs;
      Object.assign(payload, iconFields(icon));
      if (channel !== "webhook") payload.channel = channel;
      if (isHook) {
        await postJson(deps, new URL(`https://hooks.slack.com/services/${p1}/${p2}/${p3}`), payload, signal);
        return;
      }
      const answer = await postJson(
        deps,
        new URL("https://slack.com/api/chat.postMessage"),
        payload,
        signal,
        { authorization: `Bearer ${type}-${p1}-${p2}-${p3}` },
      );
      // The Web API answers 200 with `ok: false` (and an error code) on errors.
      const parsed = ApiAnswer.safeParse(parseJson(answer));
      if (!parsed.success || !parsed.data.ok) {
        const code = parsed.success ? (parsed.data.error ?? "unknown") : "unreadable answer";
        throw new SendError(`slack API answered ok=false: ${code}`, {
          retryable: parsed.success && parsed.data.error === "ratelimited",
        });
      }
    },
  };
}

/** shoutrrr's CreateJSONPayload: one attachment per line, at most 100, without a last empty one. */
function attachmentLines(body: string): string[] {
  const lines = body.split("\n");
  const out = lines.slice(0, 100);
  if (lines.length > 100) out[99] = [out[99] ?? "", ...lines.slice(100)].join("\n");
  if (out.at(-1) === "") out.pop();
  return out;
}
