/**
 * @module `opsgenie://host[:port]/<api key>[?alias=&description=&responders=team:ops,user:bob
 * &visibleTo=&actions=&tags=&details=k:v,k2:v2&entity=&source=&priority=P1&note=&user=&title=]`:
 * shoutrrr's OpsGenie service, an alert created at `https://host:port/v2/alerts` with a
 * `GenieKey` authorization. The title is the alert's message and the text its description;
 * without a title, the text is the message (its first 130 bytes when longer).
 */
import { postJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryList, queryParam, type KeyTable, type ServiceUrl } from "../service-url.ts";

/** shoutrrr's opsgenie Config keys. */
export const OPSGENIE_KEYS = {
  alias: ["alias"],
  description: ["description"],
  responders: ["responders"],
  visibleTo: ["visibleto"],
  actions: ["actions"],
  tags: ["tags"],
  details: ["details"],
  entity: ["entity"],
  source: ["source"],
  priority: ["priority"],
  note: ["note"],
  user: ["user"],
  title: ["title"],
} as const satisfies KeyTable;

const OPSGENIE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MESSAGE_MAX = 130;

interface Entity {
  type: string;
  id?: string;
  name?: string;
  username?: string;
}

/** shoutrrr's Entity.SetFromProp: `type:id` (an OpsGenie ID), `team:name` or `user:username`. */
function entities(url: ServiceUrl, names: readonly string[]): Entity[] {
  return queryList(url, names).map((prop) => {
    const parts = prop.split(":");
    const [type = "", identifier = ""] = parts;
    if (parts.length !== 2)
      throw invalid(url, `invalid entity, should have two elements separated by colon: "${prop}"`);
    if (OPSGENIE_ID.test(identifier)) return { type, id: identifier };
    if (type === "team") return { type, name: identifier };
    if (type === "user") return { type, username: identifier };
    throw invalid(url, `invalid entity, unexpected entity type: "${type}"`);
  });
}

function details(url: ServiceUrl): Record<string, string> | undefined {
  const text = queryParam(url, OPSGENIE_KEYS.details);
  if (text === undefined || text === "") return undefined;
  const out: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const parts = pair.split(":");
    if (parts.length !== 2) throw invalid(url, "invalid field value format for details");
    out[parts[0] ?? ""] = parts[1] ?? "";
  }
  return out;
}

export function createOpsgenieService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  const apiKey = url.path.slice(1);
  if (url.host === "" || apiKey === "") throw invalid(url, "expected opsgenie://host/apikey");
  const endpoint = new URL(`https://${url.host}:${String(url.port ?? 443)}/v2/alerts`);
  const text = (key: keyof typeof OPSGENIE_KEYS): string => queryParam(url, OPSGENIE_KEYS[key]) ?? "";
  const list = (key: keyof typeof OPSGENIE_KEYS): string[] => queryList(url, OPSGENIE_KEYS[key]);
  const responders = entities(url, OPSGENIE_KEYS.responders);
  const visibleTo = entities(url, OPSGENIE_KEYS.visibleTo);
  const detailMap = details(url);
  const fixed: Record<string, unknown> = {};
  for (const key of ["alias", "entity", "source", "priority", "user", "note"] as const) {
    if (text(key) !== "") fixed[key] = text(key);
  }
  if (responders.length > 0) fixed.responders = responders;
  if (visibleTo.length > 0) fixed.visibleTo = visibleTo;
  if (list("actions").length > 0) fixed.actions = list("actions");
  if (list("tags").length > 0) fixed.tags = list("tags");
  if (detailMap !== undefined) fixed.details = detailMap;
  const extraDescription = text("description");
  const titleParam = text("title");

  return {
    scheme: "opsgenie",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      let title = message.title ?? titleParam;
      let description = message.body;
      if (title === "") {
        const bytes = Buffer.from(message.body);
        if (bytes.length > MESSAGE_MAX) title = bytes.subarray(0, MESSAGE_MAX).toString();
        else {
          title = message.body;
          description = "";
        }
      }
      if (extraDescription !== "" && description !== "") description += "\n";
      description += extraDescription;
      const payload = {
        message: title,
        ...(description === "" ? {} : { description }),
        ...fixed,
      };
      await postJson(deps, endpoint, payload, signal, { authorization: `GenieKey ${apiKey}` });
    },
  };
}
