/**
 * Conformance with shoutrrr v0.8.0 (Watchtower's notification library): every row of
 * test/conformance/shoutrrr-urls.json is a URL from shoutrrr's service docs (or a config struct's
 * key tags), each citing its source. The golden file holds the requests the real shoutrrr made
 * for it (recorded once by running shoutrrr beside the project; no copy of it is kept); Bosun's requests, captured by a loopback receiver,
 * must match them: method, URL, shoutrrr's headers, and the body (JSON compared as data, forms
 * as key/value pairs, anything else byte for byte).
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createService } from "../../../src/notify/service-registry.ts";
import { startReceiver, type ReceivedRequest, type Receiver } from "../../support/receiver.ts";
import { receiverDeps } from "../../support/service-deps.ts";

const Row = z.object({
  id: z.string(),
  source: z.string(),
  url: z.string(),
  title: z.string().nullable().optional(),
  message: z.string().optional(),
  /** Why Bosun deliberately sends something else; the row then checks Bosun's own request. */
  difference: z.string().optional(),
});
const Golden = z.record(
  z.string(),
  z.object({
    error: z.string().optional(),
    requests: z.array(
      z.object({
        method: z.string(),
        url: z.string(),
        headers: z.record(z.string(), z.string()),
        body: z.string(),
      }),
    ),
  }),
);

const dir = new URL("../../conformance/", import.meta.url);
const rows = z.array(Row).parse(JSON.parse(readFileSync(new URL("shoutrrr-urls.json", dir), "utf8")));
const golden = Golden.parse(JSON.parse(readFileSync(new URL("golden/shoutrrr-requests.json", dir), "utf8")));

const TITLE = "Watchtower updates on h1";
const MESSAGE = "line one\nline two";

/** What Bosun sends where it deliberately differs (see each row's `difference`). */
const DIFFERENCES: Record<string, (requests: ReceivedRequest[], targets: URL[]) => void> = {
  "bark-overview": (requests) => {
    expect(JSON.parse(requests[0]?.body ?? "{}")).toMatchObject({ device_key: "devicekey" });
  },
  "pushbullet-targets": (requests) => {
    expect(requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      expect.objectContaining({ device_iden: "device", email: "", channel_tag: "" }),
      expect.objectContaining({ email: "a@b.example", device_iden: "" }),
      expect.objectContaining({ channel_tag: "channel", device_iden: "" }),
    ]);
  },
};

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function formPairs(body: string): string[] {
  return [...new URLSearchParams(body).entries()].map(([k, v]) => `${k}=${v}`).sort();
}

describe("shoutrrr conformance: documented URLs make the requests shoutrrr makes", () => {
  it.each(rows.map((r) => [r.id, r] as const))("%s", async (_id, row) => {
    const expected = golden[row.id];
    expect(expected, `golden entry for ${row.id} (${row.source})`).toBeDefined();
    receiver = await startReceiver((req) =>
      req.path.endsWith("/push") ? { body: '{"code":200}' } : { status: 200, body: '{"ok":true}' },
    );
    const service = createService(row.url, receiverDeps(receiver));
    await service.send(
      { title: row.title === null ? undefined : (row.title ?? TITLE), body: row.message ?? MESSAGE },
      AbortSignal.timeout(5000),
    );
    const { requests, targets } = receiver;
    const check = DIFFERENCES[row.id];
    if (row.difference !== undefined) {
      expect(check, `a check of Bosun's own request for ${row.id}`).toBeDefined();
      check?.(requests, targets);
      return;
    }
    const want = expected?.requests ?? [];
    expect(requests).toHaveLength(want.length);
    want.forEach((w, i) => {
      const got = requests[i];
      expect(got?.method, row.source).toBe(w.method);
      expect(targets[i]?.href, row.source).toBe(new URL(w.url).href);
      for (const [name, value] of Object.entries(w.headers)) {
        expect(got?.headers[name.toLowerCase()], `${row.source}: header ${name}`).toBe(value);
      }
      const type = w.headers["Content-Type"] ?? "";
      const wantJson = parseJson(w.body);
      if (type.includes("json") && wantJson !== undefined) {
        expect(parseJson(got?.body ?? ""), row.source).toEqual(wantJson);
      } else if (type.includes("x-www-form-urlencoded")) {
        expect(formPairs(got?.body ?? ""), row.source).toEqual(formPairs(w.body));
      } else {
        expect(got?.body, row.source).toBe(w.body);
      }
    });
  });
});

/** Documented URLs of services whose requests are checked elsewhere (see docs/notifications.md). */
const PARSE_ONLY: readonly (readonly [string, string])[] = [
  [
    "shoutrrr docs/services/gotify.md:12",
    "gotify://gotify.example.com:443/AzyoeNS.D4iJLVa/?title=Great+News&priority=1",
  ],
  [
    "shoutrrr docs/services/gotify.md:17",
    "gotify://example.com:443/path/to/gotify/AzyoeNS.D4iJLVa/?title=Great+News&priority=1",
  ],
  [
    "shoutrrr docs/services/matrix.md:9",
    "matrix://user:password@matrix.example.com:8448/?rooms=!roomID1,roomAlias2&disableTLS=yes",
  ],
  [
    "shoutrrr docs/services/email.md:6",
    "smtp://username:password@mail.example.com:587/?from=wt@example.com&to=ops@example.com,dev@example.com",
  ],
  ["shoutrrr docs/services/logger.md", "logger://"],
];

describe("shoutrrr conformance: documented URLs of the other services parse", () => {
  it.each(PARSE_ONLY)("%s", async (_source, url) => {
    receiver = await startReceiver();
    expect(() => createService(url, receiverDeps(receiver as Receiver))).not.toThrow();
  });
});
