import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createService } from "./service-registry.ts";
import { normalizedHeaderKey } from "./services/generic.ts";
import {
  startReceiver,
  type ReceivedRequest,
  type Receiver,
  type Reply,
} from "../../test/support/receiver.ts";
import { receiverDeps } from "../../test/support/service-deps.ts";
import { systemClock } from "../util/clock.ts";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function sendVia(
  url: string,
  responder?: (req: ReceivedRequest) => Reply,
  /** null: no title (--notification-skip-title). */
  title: string | null = "Watchtower updates on h1",
) {
  receiver = await startReceiver(responder);
  await createService(url, receiverDeps(receiver)).send(
    { title: title ?? undefined, body: "line one\nline two" },
    AbortSignal.timeout(5000),
  );
  return { requests: receiver.requests, targets: receiver.targets.map((t) => t.origin) };
}

function json(req: ReceivedRequest | undefined): unknown {
  return JSON.parse(req?.body ?? "null");
}

describe("notification services", () => {
  it("slack webhook", async () => {
    const { requests, targets } = await sendVia(
      "slack://hook:AAAAAAAAA/BBBBBBBBB/123456789123456789123456@webhook?color=good&botname=bot&icon=:ship:",
    );
    expect(targets).toEqual(["https://hooks.slack.com"]);
    expect(requests[0]?.method).toBe("POST");
    expect(requests[0]?.path).toBe("/services/AAAAAAAAA/BBBBBBBBB/123456789123456789123456");
    expect(requests[0]?.headers["content-type"]).toBe("application/json");
    expect(json(requests[0])).toEqual({
      text: "Watchtower updates on h1",
      username: "bot",
      icon_emoji: ":ship:",
      attachments: [
        { text: "line one", color: "good" },
        { text: "line two", color: "good" },
      ],
    });
  });

  it("slack bot token posts to chat.postMessage with the channel", async () => {
    const { requests, targets } = await sendVia(
      "slack://xoxb:123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N@C001CH4NN3L",
      () => ({ body: '{"ok":true}' }),
    );
    expect(targets).toEqual(["https://slack.com"]);
    expect(requests[0]?.path).toBe("/api/chat.postMessage");
    expect(requests[0]?.headers.authorization).toBe(
      "Bearer xoxb-123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N",
    );
    expect(json(requests[0])).toMatchObject({ channel: "C001CH4NN3L", text: "Watchtower updates on h1" });
  });

  it("slack bot token fails when the API says ok=false", async () => {
    await expect(
      sendVia("slack://xoxb:123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N@C001", () => ({
        body: '{"ok":false}',
      })),
    ).rejects.toThrow("ok=false: unknown");
  });

  it("slack bot token: ok=false with an error code, ratelimited is retryable", async () => {
    await expect(
      sendVia("slack://xoxb:123456789012-1234567890123-4mt0t4l1YL3g1T5L4cK70k3N@C001", () => ({
        body: '{"ok": false, "error": "ratelimited"}',
      })),
    ).rejects.toMatchObject({ message: "slack API answered ok=false: ratelimited", retryable: true });
  });

  it("discord", async () => {
    const { requests, targets } = await sendVia("discord://tok-en_1@123456789?username=wt&color=0x406170");
    expect(targets).toEqual(["https://discord.com"]);
    expect(requests[0]?.path).toBe("/api/webhooks/123456789/tok-en_1");
    expect(json(requests[0])).toEqual({
      username: "wt",
      embeds: [
        { title: "Watchtower updates on h1", description: "line one", color: 0x406170 },
        { description: "line two", color: 0x406170 },
      ],
    });
  });

  it("teams with the newer webhook's extra ID segment", async () => {
    const { requests } = await sendVia("teams://g-1@t-2/alt3/owner4/V2extra5?host=org.webhook.office.com");
    expect(requests[0]?.path).toBe("/webhookb2/g-1@t-2/IncomingWebhook/alt3/owner4/V2extra5");
  });

  it("slack legacy form slack://botname@T/B/X posts to the webhook with the bot name", async () => {
    const { requests, targets } = await sendVia("slack://wtbot@AAAAAAAAA/BBBBBBBBB/123456789123456789123456");
    expect(targets).toEqual(["https://hooks.slack.com"]);
    expect(requests[0]?.path).toBe("/services/AAAAAAAAA/BBBBBBBBB/123456789123456789123456");
    expect(json(requests[0])).toMatchObject({ username: "wtbot", text: "Watchtower updates on h1" });
  });

  it("discord keeps within 10 embeds and 6000 characters, noting what it omitted", async () => {
    receiver = await startReceiver();
    const body = Array.from({ length: 12 }, (_, i) => `${String(i).padStart(2, "0")}${"x".repeat(998)}`).join(
      "\n",
    );
    await createService("discord://tok@123456789", receiverDeps(receiver)).send(
      { title: "T", body },
      AbortSignal.timeout(5000),
    );
    const sent = json(receiver.requests[0]) as { embeds: { description?: string; footer?: unknown }[] };
    expect(sent.embeds).toHaveLength(6);
    expect(sent.embeds.map((e) => e.description?.length ?? 0).reduce((a, b) => a + b, 0)).toBe(5999);
    expect(sent.embeds[0]?.footer).toEqual({ text: "... (6001 character(s) were omitted)" });
  });

  it("discord with splitlines=no sends one embed", async () => {
    const { requests } = await sendVia("discord://tok@123456789?splitlines=no", undefined, null);
    expect(json(requests[0])).toEqual({ embeds: [{ description: "line one\nline two", color: 0x50d9ff }] });
  });

  it("ntfy with only a password sends it as a bearer token, to ntfy.sh by default port", async () => {
    const { requests, targets } = await sendVia("ntfy://:tk_secret@ntfy.sh/updates?scheme=http");
    expect(targets).toEqual(["http://ntfy.sh"]);
    expect(requests[0]?.headers.authorization).toBe("Bearer tk_secret");
    expect(requests[0]?.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("matrix with an access token and no rooms sends to every joined room", async () => {
    const { requests } = await sendVia("matrix://:syt_token@matrix.example.com/?disabletls=yes", (req) =>
      req.path.endsWith("/joined_rooms")
        ? { body: '{"joined_rooms":["!a:x"]}' }
        : { body: '{"event_id":"$e"}' },
    );
    expect(requests.map((r) => `${r.method} ${r.path.replace(/bosun-\d+-\d+$/, "TXN")}`)).toEqual([
      "GET /_matrix/client/v3/joined_rooms",
      "PUT /_matrix/client/v3/rooms/!a%3Ax/send/m.room.message/TXN",
    ]);
    expect(requests[1]?.headers.authorization).toBe("Bearer syt_token");
  });

  it("teams", async () => {
    const { requests, targets } = await sendVia("teams://g-1@t-2/alt3/owner4?host=org.webhook.office.com");
    expect(targets).toEqual(["https://org.webhook.office.com"]);
    expect(requests[0]?.path).toBe("/webhookb2/g-1@t-2/IncomingWebhook/alt3/owner4");
    expect(json(requests[0])).toMatchObject({
      "@type": "MessageCard",
      title: "Watchtower updates on h1",
      sections: [{ text: "line one" }, { text: "line two" }],
    });
  });

  it("gotify", async () => {
    const { requests, targets } = await sendVia(
      "gotify://gotify.example.com:8443/sub/Atoken123456789?priority=5",
    );
    expect(targets).toEqual(["https://gotify.example.com:8443"]);
    expect(requests[0]?.path).toBe("/sub/message");
    expect(requests[0]?.headers["x-gotify-key"]).toBe("Atoken123456789");
    expect(json(requests[0])).toEqual({
      title: "Watchtower updates on h1",
      message: "line one\nline two",
      priority: 5,
    });
  });

  it("gotify with disabletls uses http", async () => {
    const { targets } = await sendVia("gotify://gotify.local/Atoken?disabletls=yes");
    expect(targets).toEqual(["http://gotify.local"]);
  });

  it("telegram sends once per chat", async () => {
    const { requests, targets } = await sendVia(
      "telegram://123456:ABC-def@telegram?chats=@chan,42&preview=no",
    );
    expect(targets).toEqual(["https://api.telegram.org", "https://api.telegram.org"]);
    expect(requests.map((r) => r.path)).toEqual([
      "/bot123456:ABC-def/sendMessage",
      "/bot123456:ABC-def/sendMessage",
    ]);
    expect(requests.map((r) => (json(r) as { chat_id: string }).chat_id)).toEqual(["@chan", "42"]);
    expect(json(requests[0])).toEqual({
      chat_id: "@chan",
      text: "<b>Watchtower updates on h1</b>\nline one\nline two",
      parse_mode: "HTML",
      disable_web_page_preview: true,
      disable_notification: false,
      reply_to_message_id: 0,
    });
  });

  it("telegram escapes the message as HTML under a title, and sends plain text without one", async () => {
    const url = "telegram://123456:ABC-def@telegram?chats=42:7&notification=no";
    receiver = await startReceiver();
    const service = createService(url, receiverDeps(receiver));
    await service.send({ title: "a<b", body: "x & <y>" }, AbortSignal.timeout(5000));
    await service.send({ title: undefined, body: "x & <y>" }, AbortSignal.timeout(5000));
    expect(receiver.requests.map((r) => json(r))).toEqual([
      {
        chat_id: "42",
        message_thread_id: 7,
        text: "<b>a&lt;b</b>\nx &amp; &lt;y&gt;",
        parse_mode: "HTML",
        disable_web_page_preview: false,
        disable_notification: true,
        reply_to_message_id: 0,
      },
      {
        chat_id: "42",
        message_thread_id: 7,
        text: "x & <y>",
        disable_web_page_preview: false,
        disable_notification: true,
        reply_to_message_id: 0,
      },
    ]);
  });

  it("telegram with parsemode=MarkdownV2 keeps the text and drops the title", async () => {
    const { requests } = await sendVia("telegram://123456:ABC-def@telegram?chats=42&parsemode=MarkdownV2");
    expect(json(requests[0])).toMatchObject({ text: "line one\nline two", parse_mode: "MarkdownV2" });
  });

  it("ntfy with basic auth and headers", async () => {
    const { requests, targets } = await sendVia(
      "ntfy://user:pw@ntfy.example.com/alerts?priority=high&tags=warning",
    );
    expect(targets).toEqual(["https://ntfy.example.com"]);
    expect(requests[0]?.path).toBe("/alerts");
    expect(requests[0]?.body).toBe("line one\nline two");
    expect(requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("user:pw").toString("base64")}`);
    expect(requests[0]?.headers.title).toBe("Watchtower updates on h1");
    expect(requests[0]?.headers.priority).toBe("High");
    expect(requests[0]?.headers.tags).toBe("warning");
  });

  it("pushover", async () => {
    const { requests, targets } = await sendVia(
      "pushover://shoutrrr:apptoken@userkey/?devices=phone,tablet&priority=1",
    );
    expect(targets).toEqual(["https://api.pushover.net"]);
    expect(requests[0]?.path).toBe("/1/messages.json");
    expect(requests[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(requests[0]?.body))).toEqual({
      token: "apptoken",
      user: "userkey",
      message: "line one\nline two",
      device: "phone,tablet",
      title: "Watchtower updates on h1",
      priority: "1",
    });
  });

  it("matrix logs in, joins the alias and sends to each room", async () => {
    const { requests, targets } = await sendVia(
      "matrix://bot:secret@matrix.example.com:8448/?rooms=!abc:example.com,room:example.com",
      (req) => {
        if (req.path.endsWith("/login")) return { body: '{"access_token":"tok1"}' };
        if (req.path.includes("/join/")) return { body: '{"room_id":"!joined:example.com"}' };
        return { body: '{"event_id":"$e"}' };
      },
    );
    expect(new Set(targets)).toEqual(new Set(["https://matrix.example.com:8448"]));
    expect(requests.map((r) => `${r.method} ${r.path.replace(/bosun-\d+-\d+$/, "TXN")}`)).toEqual([
      "POST /_matrix/client/v3/login",
      "POST /_matrix/client/v3/join/%23room%3Aexample.com",
      "PUT /_matrix/client/v3/rooms/!abc%3Aexample.com/send/m.room.message/TXN",
      "PUT /_matrix/client/v3/rooms/!joined%3Aexample.com/send/m.room.message/TXN",
    ]);
    expect(json(requests[0])).toEqual({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: "bot" },
      password: "secret",
    });
    expect(requests[2]?.headers.authorization).toBe("Bearer tok1");
    expect(json(requests[2])).toEqual({
      msgtype: "m.text",
      body: "Watchtower updates on h1\n\nline one\nline two",
    });
  });

  it("generic with json template, headers, extra fields and passthrough params", async () => {
    const { requests, targets } = await sendVia(
      "generic://example.com/hook?template=json&@Authorization=Bearer%20x&$source=bosun&foo=bar",
    );
    expect(targets).toEqual(["https://example.com"]);
    expect(requests[0]?.path).toBe("/hook?foo=bar");
    expect(requests[0]?.headers.authorization).toBe("Bearer x");
    expect(requests[0]?.headers["content-type"]).toBe("application/json");
    expect(json(requests[0])).toEqual({
      source: "bosun",
      title: "Watchtower updates on h1",
      message: "line one\nline two",
    });
  });

  it("generic normalises header names as shoutrrr does, sends Accept, and forwards _reserved params", async () => {
    const { requests } = await sendVia(
      "generic://example.com/hook?@acceptLanguage=tlh-Piqd&@x-api-key=k1&_contenttype=text/plain&disabletls=yes",
    );
    expect(requests[0]?.path).toBe("/hook?contenttype=text%2Fplain");
    expect(requests[0]?.headers["accept-language"]).toBe("tlh-Piqd");
    expect(requests[0]?.headers["x-api-key"]).toBe("k1");
    expect(requests[0]?.headers.accept).toBe("application/json");
    expect(requests[0]?.headers["content-type"]).toBe("application/json");
    expect(requests[0]?.body).toBe("line one\nline two");
  });

  it.each([
    ["acceptLanguage", "Accept-Language"],
    ["Authorization", "Authorization"],
    ["x-api-key", "X-Api-Key"],
    ["xRequestID", "X-Request-I-D"],
  ])("header key %s is sent as %s", (key, expected) => {
    expect(normalizedHeaderKey(key)).toBe(expected);
  });

  it("generic sends the user info as basic auth and renames the json keys", async () => {
    const { requests } = await sendVia(
      "generic://bot:pw@example.com/hook?template=json&titlekey=subject&messagekey=content",
    );
    expect(requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("bot:pw").toString("base64")}`);
    expect(json(requests[0])).toEqual({ subject: "Watchtower updates on h1", content: "line one\nline two" });
  });

  it("the URL's title param is used only when the message has no title (skip-title)", async () => {
    const withTitle = await sendVia("gotify://g.example/Atoken123?title=Custom");
    expect(json(withTitle.requests[0])).toMatchObject({ title: "Watchtower updates on h1" });
    await receiver?.close();
    const skipped = await sendVia("gotify://g.example/Atoken123?title=Custom", undefined, null);
    expect(json(skipped.requests[0])).toMatchObject({ title: "Custom" });
    await receiver?.close();
    const none = await sendVia("gotify://g.example/Atoken123", undefined, null);
    expect(json(none.requests[0])).toMatchObject({ title: "Shoutrrr notification", priority: 0 });
  });

  it("generic with disabletls sends the plain message with PUT", async () => {
    const { requests, targets } = await sendVia(
      "generic://example.com:8080/in?method=PUT&contenttype=text/plain&disabletls=yes",
    );
    expect(targets).toEqual(["http://example.com:8080"]);
    expect(requests[0]?.method).toBe("PUT");
    expect(requests[0]?.headers["content-type"]).toBe("text/plain");
    expect(requests[0]?.body).toBe("line one\nline two");
  });

  it("generic+http forwards shoutrrr's own keys to the webhook, as shoutrrr v0.8 does", async () => {
    const { requests } = await sendVia("generic+http://example.com/in?method=PUT&template=json&@X-A=b");
    expect(requests[0]?.method).toBe("POST");
    expect(requests[0]?.path).toBe("/in?method=PUT&template=json");
    expect(requests[0]?.headers["x-a"]).toBe("b");
    expect(requests[0]?.body).toBe("line one\nline two");
  });

  it("a non-2xx answer is a SendError with the status", async () => {
    await expect(sendVia("discord://t@1", () => ({ status: 404 }))).rejects.toMatchObject({
      status: 404,
      retryable: false,
    });
    await receiver?.close();
    receiver = undefined;
    await expect(
      sendVia("discord://t@1", () => ({ status: 429, headers: { "retry-after": "7" } })),
    ).rejects.toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 7000,
    });
  });
});

describe("logger service", () => {
  it("writes to stdout with notificationLogStdout, else to the logger", async () => {
    const out: string[] = [];
    const lines: string[] = [];
    const base = {
      clock: systemClock,
      createMailTransport: () => ({ sendMail: () => Promise.reject(new Error("x")), close: () => undefined }),
    };
    const logger = pino({}, { write: (l: string) => lines.push(l) });
    await createService("logger://", { ...base, logger, logStdout: true, stdout: (t) => out.push(t) }).send(
      { title: "t", body: "hello" },
      AbortSignal.timeout(1000),
    );
    expect(out).toEqual(["hello\n"]);
    expect(lines).toEqual([]);
    await createService("logger://", { ...base, logger, logStdout: false, stdout: (t) => out.push(t) }).send(
      { title: "t", body: "hello" },
      AbortSignal.timeout(1000),
    );
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      notification: "hello",
      msg: "Notification",
    });
  });
});
