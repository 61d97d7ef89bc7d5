/**
 * @module The engine event stream (`GET /events`) as an async iterable that ends when the
 * caller's signal aborts.
 */
import type { CallOptions, EngineEvent } from "./types.ts";
import { EngineEventSchema } from "./schemas.ts";
import { parseNdjson } from "./streams.ts";
import type { Transport } from "./transport.ts";

export async function* streamEvents(
  transport: Transport,
  filters: Record<string, string[]> | undefined,
  options: (CallOptions & { since?: number }) | undefined,
): AsyncGenerator<EngineEvent, void, undefined> {
  const signal = options?.signal;
  let response;
  try {
    response = await transport.call({
      method: "GET",
      path: "/events",
      query: {
        filters: filters === undefined ? undefined : JSON.stringify(filters),
        since: options?.since,
      },
      signal,
      // The stream is open-ended; the caller's timeout (if any) bounds the whole subscription.
      timeoutMs: options?.timeoutMs ?? null,
    });
  } catch (error) {
    if (signal?.aborted === true) return;
    throw error;
  }
  try {
    for await (const line of parseNdjson(response.body as AsyncIterable<Buffer>)) {
      const parsed = EngineEventSchema.safeParse(line);
      // Older daemons also send legacy events without Type/Actor: skip rather than fail.
      if (parsed.success) yield parsed.data;
    }
  } catch (error) {
    if (signal?.aborted === true) return;
    throw response.mapError(error);
  } finally {
    // Ends the HTTP stream when the consumer breaks out of its loop early.
    response.body.destroy();
  }
}
