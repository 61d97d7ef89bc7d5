/**
 * @module `ifttt://<webhook id>/?events=a,b[&value1=&value2=&value3=&messagevalue=2&titlevalue=0]`:
 * shoutrrr's IFTTT service, one Maker webhook trigger per event with `{value1, value2, value3}`,
 * the message in the value `messagevalue` names. shoutrrr v0.8 checks `titlevalue` but sends no
 * title, and so does Bosun.
 */
import { httpSend, jsonHeaders } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryList, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's ifttt Config keys. */
export const IFTTT_KEYS = {
  events: ["events"],
  value1: ["value1"],
  value2: ["value2"],
  value3: ["value3"],
  messageValue: ["messagevalue"],
  titleValue: ["titlevalue"],
  title: ["title"],
} as const satisfies KeyTable;

function smallNumber(url: ServiceUrl, names: readonly string[], fallback: number): number {
  const text = queryParam(url, names);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw invalid(url, `${names[0] ?? ""} must be a number`);
  return Number(text);
}

export function createIftttService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const events = queryList(url, IFTTT_KEYS.events);
  const messageValue = smallNumber(url, IFTTT_KEYS.messageValue, 2) || 2;
  const titleValue = smallNumber(url, IFTTT_KEYS.titleValue, 0);
  if (messageValue > 3) throw invalid(url, "invalid value for messagevalue: only values 1-3 are supported");
  if (titleValue > 3)
    throw invalid(url, "invalid value for titlevalue: only values 1-3 or 0 (for disabling) are supported");
  if (titleValue === messageValue)
    throw invalid(url, "titlevalue cannot use the same number as messagevalue");
  if (events.length === 0) throw invalid(url, "events missing from config URL");
  if (url.host === "") throw invalid(url, "webhook ID missing from config URL");
  const values = [IFTTT_KEYS.value1, IFTTT_KEYS.value2, IFTTT_KEYS.value3].map(
    (names) => queryParam(url, names) ?? "",
  );

  return {
    scheme: "ifttt",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      const [value1 = "", value2 = "", value3 = ""] = values.map((v, i) =>
        i + 1 === messageValue ? message.body : v,
      );
      const body = JSON.stringify({ value1, value2, value3 });
      for (const event of events) {
        await httpSend(deps, {
          method: "POST",
          url: new URL(
            `https://maker.ifttt.com/trigger/${encodeURIComponent(event)}/with/key/${encodeURIComponent(url.host)}`,
          ),
          headers: jsonHeaders(),
          body,
          signal,
        });
      }
    },
  };
}
