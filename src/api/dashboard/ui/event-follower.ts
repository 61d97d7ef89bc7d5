/**
 * @module The page's hold on `/v1/events`: it reads the stream and, when the stream drops,
 * connects again after a pause that doubles from 1 s up to 30 s (back to 1 s once connected),
 * sending the id of the last event it saw. Bosun then replays the events in between; when it
 * cannot (it restarted, or the page was away too long) it sends `reset`, and the page reloads its
 * tables. No DOM here: app.ts shows the connection state.
 */
import type { LiveEvent } from "./live-event.ts";

export const MIN_RECONNECT_MS = 1000;
export const MAX_RECONNECT_MS = 30_000;

/** What one connection reports while it is read. */
export interface StreamHandlers {
  /** Bosun answered: the stream is open. */
  onOpen(): void;
  onEvent(event: LiveEvent): void;
  /** The stream's last event id moved (after the events up to it were handled). */
  onId(id: string): void;
  /** Bosun cannot replay what was missed. */
  onReset(): void;
}

/** Reads one connection to its end (resolves) or failure (rejects); `lastEventId` resumes. */
export type ConnectStream = (
  lastEventId: string | undefined,
  handlers: StreamHandlers,
  signal: AbortSignal,
) => Promise<void>;

export interface FollowOptions {
  connect: ConnectStream;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  onEvent(event: LiveEvent): void;
  onStatus(status: "connected" | "reconnecting"): void;
  /** Events may have been missed: read the containers and the history again. */
  reload(): void;
  /** Handles a failed connection; true when following must stop (a refused token, no endpoint). */
  stopOn(error: unknown): boolean;
}

/** Follows the stream until `signal` aborts or `stopOn` says to stop. */
export async function followEvents(options: FollowOptions, signal: AbortSignal): Promise<void> {
  // A function, not the property: the signal aborts while this function awaits.
  const stopped = (): boolean => signal.aborted;
  let lastEventId: string | undefined;
  let pause = MIN_RECONNECT_MS;
  while (!stopped()) {
    // An object: the flag is set in a callback, which type narrowing does not see.
    const connection = { opened: false };
    const handlers: StreamHandlers = {
      onOpen: () => {
        connection.opened = true;
        pause = MIN_RECONNECT_MS;
        options.onStatus("connected");
      },
      onEvent: (event) => {
        options.onEvent(event);
      },
      onId: (id) => {
        lastEventId = id;
      },
      onReset: () => {
        options.reload();
      },
    };
    try {
      await options.connect(lastEventId, handlers, signal);
    } catch (error) {
      if (stopped() || options.stopOn(error)) return;
    }
    if (stopped()) return;
    options.onStatus("reconnecting");
    await options.sleep(pause, signal);
    pause = Math.min(pause * 2, MAX_RECONNECT_MS);
    // Without an id Bosun cannot replay the gap: the tables are read again instead.
    if (connection.opened && lastEventId === undefined && !stopped()) options.reload();
  }
}
