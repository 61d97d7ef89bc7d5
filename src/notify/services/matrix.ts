/**
 * @module `matrix://user:password@host[:port]/[?rooms=!id,#alias&disabletls=yes]`: logs in (or
 * uses the password as an access token when the user is empty), joins aliases, and sends an
 * `m.text` message to each room (or to every joined room when none are given).
 */
import { z } from "zod";
import { SendError } from "../errors.ts";
import { httpSend, jsonHeaders, parseJson } from "../http-send.ts";
import type { NotificationService, OutgoingMessage, ServiceDeps } from "../service.ts";
import { invalid, maskUrl, queryBool, type ServiceUrl } from "../service-url.ts";

const LoginResponse = z.object({ access_token: z.string().min(1) });
const JoinResponse = z.object({ room_id: z.string().min(1) });
const JoinedRooms = z.object({ joined_rooms: z.array(z.string()) });

export function createMatrixService(url: ServiceUrl, deps: ServiceDeps): NotificationService {
  if (url.host === "") throw invalid(url, "expected matrix://user:password@host[:port]/");
  const password = url.password ?? "";
  if (password === "") throw invalid(url, "missing password or access token");
  const tls = !queryBool(url, "disabletls", false);
  const port = url.port === undefined ? "" : `:${String(url.port)}`;
  const base = `${tls ? "https" : "http"}://${url.host}${port}/_matrix/client/v3`;
  const rooms = (url.query.get("rooms") ?? url.query.get("room") ?? "")
    .split(",")
    .filter((r) => r !== "")
    .map((r) => (r.startsWith("!") || r.startsWith("#") ? r : `#${r}`));
  const titleParam = url.query.get("title");
  let txn = 0;

  async function call<T>(
    method: "GET" | "POST" | "PUT",
    path: string,
    body: unknown,
    token: string | undefined,
    schema: z.ZodType<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const text = await httpSend(deps, {
      method,
      url: new URL(`${base}${path}`),
      headers: jsonHeaders(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal,
    });
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success)
      throw new SendError(`unexpected matrix answer from ${path.split("/")[1] ?? path}`, {
        retryable: false,
      });
    return parsed.data;
  }

  return {
    scheme: "matrix",
    maskedUrl: maskUrl(url.raw),
    async send(message: OutgoingMessage, signal: AbortSignal): Promise<void> {
      let token = password;
      if (url.username !== "") {
        const login = await call(
          "POST",
          "/login",
          { type: "m.login.password", identifier: { type: "m.id.user", user: url.username }, password },
          undefined,
          LoginResponse,
          signal,
        );
        token = login.access_token;
      }
      let roomIds: string[];
      if (rooms.length === 0) {
        roomIds = (await call("GET", "/joined_rooms", undefined, token, JoinedRooms, signal)).joined_rooms;
      } else {
        roomIds = [];
        for (const room of rooms) {
          if (room.startsWith("!")) roomIds.push(room);
          else
            roomIds.push(
              (await call("POST", `/join/${encodeURIComponent(room)}`, {}, token, JoinResponse, signal))
                .room_id,
            );
        }
      }
      const title = message.title ?? titleParam;
      const body = title === undefined || title === "" ? message.body : `${title}\n\n${message.body}`;
      for (const roomId of roomIds) {
        txn += 1;
        await call(
          "PUT",
          `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/bosun-${String(deps.clock.now())}-${String(txn)}`,
          { msgtype: "m.text", body },
          token,
          z.object({ event_id: z.string() }),
          signal,
        );
      }
    },
  };
}
