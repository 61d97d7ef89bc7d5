/**
 * @module The recent frames of `/v1/events`, kept so a client that reconnects with `Last-Event-ID`
 * gets the events it missed. An event's id is `<bootId>-<seq>`: `seq` counts this process's events
 * from 1, `bootId` is random per process start, so an id from an earlier Bosun process is told apart
 * from one of this process (its seq would otherwise name a different event). The log keeps the
 * newest frames within a count and a byte bound, dropping the oldest first: a client away for longer
 * than that is told to reload instead.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";

/** Some sessions' worth of events: a check of a few dozen containers is a hundred or so. */
export const MAX_REPLAY_EVENTS = 1000;
/** Half a client's send bound (MAX_CLIENT_BUFFER_BYTES): a whole replay never gets a client dropped. */
export const MAX_REPLAY_BYTES = 2 * 1024 * 1024;

export interface LoggedFrame {
  seq: number;
  /** The SSE frame as sent, with its `id:`. */
  text: string;
  bytes: number;
}

/** Why a client cannot resume: not an id Bosun writes, from another process, or dropped from the log. */
export type ResetReason = "invalid" | "foreign" | "expired";

export type Resume =
  { kind: "replay"; frames: readonly LoggedFrame[] } | { kind: "reset"; reason: ResetReason };

export interface EventLog {
  /** The seq of the newest event; 0 before the first. */
  readonly seq: number;
  /** The id of the event numbered `seq` (`<bootId>-0` stands for "before the first event"). */
  idOf(seq: number): string;
  /** Numbers the next event, frames it with its id and keeps the frame. */
  append(frame: (id: string) => string): LoggedFrame;
  /** The frames after the event `lastEventId`, oldest first, or why they cannot be given. */
  since(lastEventId: string): Resume;
}

export interface EventLogOptions {
  /** Tells this process's ids from another's; default: 16 random hex digits. */
  bootId?: string;
  maxEvents?: number;
  maxBytes?: number;
}

const BOOT_ID = /^[0-9a-f]{16}$/;
const eventIdSchema = z
  .string()
  .max(40)
  .regex(/^[0-9a-f]{16}-(0|[1-9][0-9]{0,14})$/);

export function newBootId(): string {
  return randomBytes(8).toString("hex");
}

/** The parts of an id as Bosun writes them, or undefined for anything else. */
export function parseEventId(value: string): { bootId: string; seq: number } | undefined {
  const parsed = eventIdSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const dash = parsed.data.indexOf("-");
  return { bootId: parsed.data.slice(0, dash), seq: Number(parsed.data.slice(dash + 1)) };
}

export function createEventLog(options: EventLogOptions = {}): EventLog {
  const bootId = options.bootId ?? newBootId();
  if (!BOOT_ID.test(bootId)) throw new RangeError("a boot id is 16 lowercase hex digits");
  const maxEvents = options.maxEvents ?? MAX_REPLAY_EVENTS;
  const maxBytes = options.maxBytes ?? MAX_REPLAY_BYTES;
  const frames: LoggedFrame[] = [];
  let bytes = 0;
  let seq = 0;
  /** The newest seq no longer in the log (frames holds dropped + 1 … seq). */
  let dropped = 0;
  const idOf = (n: number): string => `${bootId}-${String(n)}`;

  return {
    get seq() {
      return seq;
    },
    idOf,
    append(frame) {
      seq += 1;
      const text = frame(idOf(seq));
      const logged = { seq, text, bytes: Buffer.byteLength(text) };
      frames.push(logged);
      bytes += logged.bytes;
      while (frames.length > maxEvents || bytes > maxBytes) {
        const oldest = frames.shift();
        if (oldest === undefined) break;
        bytes -= oldest.bytes;
        dropped = oldest.seq;
      }
      return logged;
    },
    since(lastEventId) {
      const id = parseEventId(lastEventId);
      if (id === undefined || (id.bootId === bootId && id.seq > seq))
        return { kind: "reset", reason: "invalid" };
      if (id.bootId !== bootId) return { kind: "reset", reason: "foreign" };
      if (id.seq < dropped) return { kind: "reset", reason: "expired" };
      return { kind: "replay", frames: frames.slice(id.seq - dropped) };
    },
  };
}
