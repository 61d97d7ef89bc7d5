/**
 * @module The page's calls to Bosun's API on its own origin. Every data call sends the token as
 * `Authorization: Bearer`; the event stream is read with fetch (EventSource cannot send that header)
 * and parsed frame by frame, resuming after `Last-Event-ID` when given one.
 */
import {
  parseContainers,
  parseDashboardInfo,
  parseHistory,
  parseUpdateResult,
  type ContainersView,
  type DashboardInfo,
  type HistoryPage,
  type UpdateResult,
} from "./api-data.ts";
import type { ConnectStream } from "./event-follower.ts";
import { parseLiveEvent, type LiveEvent } from "./live-event.ts";
import { createSseParser } from "./sse-parser.ts";

/** 401: the token is missing or wrong. */
export class UnauthorizedError extends Error {}

/** Any other answer than the expected one; `status` 0 when Bosun did not answer at all. */
export class ApiCallError extends Error {
  readonly status: number;
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/** A `/v1/update` run can take minutes; the page gives up on one after an hour. */
const UPDATE_TIMEOUT_MS = 3_600_000;
const READ_TIMEOUT_MS = 30_000;

async function errorText(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (typeof body === "object" && body !== null && "error" in body && typeof body.error === "string") {
      return body.error;
    }
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${response.status}`;
}

async function call(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { cache: "no-store", credentials: "omit", ...init });
  } catch (error) {
    throw new ApiCallError(0, "Bosun did not answer", { cause: error });
  }
  if (response.status === 401) throw new UnauthorizedError("The API token was not accepted");
  if (!response.ok) throw new ApiCallError(response.status, await errorText(response));
  return response;
}

export interface ApiClient {
  info(): Promise<DashboardInfo>;
  containers(): Promise<ContainersView>;
  history(limit: number, before?: string): Promise<HistoryPage>;
  /** Runs an update (of these images, or of everything) and resolves with its report when it ends. */
  update(images?: readonly string[]): Promise<UpdateResult>;
  /** Reads `/v1/events` (after `lastEventId`, when given) until it ends or `signal` aborts. */
  events: ConnectStream;
}

export function createApiClient(token: () => string | undefined): ApiClient {
  const headers = (): Record<string, string> => {
    const value = token();
    return value === undefined ? {} : { Authorization: `Bearer ${value}` };
  };
  const read = async (path: string): Promise<unknown> => {
    const response = await call(path, { headers: headers(), signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    return response.json();
  };
  return {
    async info() {
      const response = await call("/v1/dashboard-info", { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
      return parseDashboardInfo(await response.json());
    },
    async containers() {
      return parseContainers(await read("/v1/containers"));
    },
    async history(limit, before) {
      const query = new URLSearchParams({ limit: String(limit) });
      if (before !== undefined) query.set("before", before);
      return parseHistory(await read(`/v1/history?${query.toString()}`));
    },
    async update(images) {
      const query = new URLSearchParams();
      for (const image of images ?? []) query.append("image", image);
      const suffix = query.toString() === "" ? "" : `?${query.toString()}`;
      const response = await call(`/v1/update${suffix}`, {
        method: "POST",
        headers: headers(),
        signal: AbortSignal.timeout(UPDATE_TIMEOUT_MS),
      });
      return parseUpdateResult(await response.json());
    },
    async events(lastEventId, handlers, signal) {
      const resume: Record<string, string> =
        lastEventId === undefined ? {} : { "Last-Event-ID": lastEventId };
      const response = await call("/v1/events", {
        headers: { ...headers(), Accept: "text/event-stream", ...resume },
        signal,
      });
      if (response.body === null) throw new ApiCallError(response.status, "the event stream has no body");
      handlers.onOpen();
      const parser = createSseParser((frame) => {
        if (frame.event === "reset") {
          handlers.onReset();
          return;
        }
        let event: LiveEvent;
        try {
          event = parseLiveEvent(JSON.parse(frame.data));
        } catch {
          // Not a session event (a newer kind of frame): the live view is best effort, the tables
          // are reloaded from the API when a session ends.
          return;
        }
        handlers.onEvent(event);
      });
      let seenId = lastEventId;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parser.push(value);
          const id = parser.lastEventId;
          if (id !== undefined && id !== seenId) {
            seenId = id;
            handlers.onId(id);
          }
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}
