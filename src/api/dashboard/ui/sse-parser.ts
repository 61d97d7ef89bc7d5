/**
 * @module An incremental parser of `text/event-stream` (the HTML standard's rules): the dashboard
 * reads `/v1/events` with fetch, because EventSource cannot send the Authorization header.
 */

export interface SseFrame {
  /** `message` when the frame names no event. */
  event: string;
  data: string;
  id?: string;
}

export interface SseParser {
  /** Feeds decoded text, in chunks of any size; calls back once per complete frame. */
  push(chunk: string): void;
  /**
   * The stream's last event id as of the last complete frame, also one with an `id:` and no data
   * (which moves it without an event, as in EventSource); what a reconnect sends as `Last-Event-ID`.
   */
  readonly lastEventId: string | undefined;
}

/** A frame larger than this is not one Bosun sends: the stream is dropped rather than buffered. */
export const MAX_FRAME_CHARS = 1_000_000;

export class SseFrameTooLargeError extends Error {}

export function createSseParser(onFrame: (frame: SseFrame) => void): SseParser {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | undefined;
  let lastEventId: string | undefined;

  const dispatch = (): void => {
    lastEventId = id;
    if (data.length > 0) {
      onFrame({
        event: event === "" ? "message" : event,
        data: data.join("\n"),
        ...(id !== undefined && { id }),
      });
    }
    event = "";
    data = [];
  };

  const line = (text: string): void => {
    if (text === "") {
      dispatch();
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id" && !value.includes("\0")) id = value;
  };

  return {
    get lastEventId() {
      return lastEventId;
    },
    push(chunk) {
      buffer += chunk;
      for (;;) {
        const end = buffer.search(/[\r\n]/);
        if (end === -1) break;
        // A CR at the end of the chunk may be the first half of a CRLF: wait for the next chunk.
        if (buffer[end] === "\r" && end === buffer.length - 1) break;
        const width = buffer[end] === "\r" && buffer[end + 1] === "\n" ? 2 : 1;
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + width);
      }
      if (buffer.length + data.reduce((sum, part) => sum + part.length, 0) > MAX_FRAME_CHARS) {
        throw new SseFrameTooLargeError(`an event larger than ${MAX_FRAME_CHARS} characters`);
      }
    },
  };
}
