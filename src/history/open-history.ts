/**
 * @module The daemon's memory of sessions: the history store (in the state dir) and the live
 * container view, both fed by the session events, the view seeded from the history at startup.
 */
import type { Logger } from "pino";
import { createStateDir } from "../state/state-dir.ts";
import type { SessionEvent } from "../update/events/session-events.ts";
import type { EventBus } from "../util/event-bus.ts";
import { createContainerView, type ContainerView } from "./container-view.ts";
import { createHistoryStore, type HistoryStore } from "./history-store.ts";
import { recordOfSession } from "./session-record.ts";

export interface SessionMemory {
  history: HistoryStore;
  view: ContainerView;
  /** The coordinator's run is over (failed sessions have no `session-done`): none is in progress. */
  runEnded(): void;
  /** Stops listening and waits for the history's writes. */
  close(): Promise<void>;
}

export interface SessionMemoryOptions {
  /** `--state-dir`; "" keeps the history in memory. */
  stateDir: string;
  log: Logger;
  events: Pick<EventBus<SessionEvent>, "subscribe">;
  limit?: number;
}

export async function openSessionMemory(options: SessionMemoryOptions): Promise<SessionMemory> {
  const { log } = options;
  const history = createHistoryStore({
    stateDir: options.stateDir === "" ? undefined : createStateDir(options.stateDir, log),
    log,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  await history.load();
  const view = createContainerView();
  view.seed(history.records());
  /** The images each targeted session in progress is limited to. */
  const targeted = new Map<string, readonly string[]>();
  const unsubscribe = options.events.subscribe((event) => {
    if (event.type === "session-started" && event.images !== undefined)
      targeted.set(event.session, event.images);
    if (event.type === "session-done") {
      history.add(recordOfSession(event, targeted.get(event.session)));
      targeted.delete(event.session);
    }
    view.apply(event);
  });
  return {
    history,
    view,
    runEnded() {
      targeted.clear();
      view.runEnded();
    },
    async close() {
      unsubscribe();
      await history.flush();
    },
  };
}
