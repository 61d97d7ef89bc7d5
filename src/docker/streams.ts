/**
 * @module Decoders for the Engine's streaming bodies: the multiplexed stdout/stderr frame stream
 * of attach/exec (8-byte header: stream type, 3 zero bytes, big-endian uint32 payload length) and
 * newline-delimited JSON (pull progress, events).
 * https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Container/operation/ContainerAttach
 */
import { StringDecoder } from "node:string_decoder";
import { BosunError } from "../util/errors.ts";

export const StreamType = { stdin: 0, stdout: 1, stderr: 2 } as const;
export type StreamType = (typeof StreamType)[keyof typeof StreamType];

export interface Frame {
  stream: StreamType;
  data: Buffer;
}

const HEADER_SIZE = 8;

/** A corrupt stream or an oversized line: the daemon sent something we cannot decode. */
export class DockerStreamError extends BosunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DOCKER_STREAM", message, options);
  }
}

/**
 * Incremental demultiplexer. Headers and payloads may be split across chunks at any byte; a
 * payload is emitted in pieces as it arrives, so a huge frame never has to be buffered whole.
 */
export class FrameDemuxer {
  #header = Buffer.alloc(HEADER_SIZE);
  #headerFill = 0;
  #remaining = 0;
  #stream: StreamType = StreamType.stdout;

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#remaining === 0) {
        const take = Math.min(HEADER_SIZE - this.#headerFill, chunk.length - offset);
        chunk.copy(this.#header, this.#headerFill, offset, offset + take);
        this.#headerFill += take;
        offset += take;
        if (this.#headerFill < HEADER_SIZE) break;
        this.#headerFill = 0;
        this.#stream = streamType(this.#header[0]);
        this.#remaining = this.#header.readUInt32BE(4);
        continue;
      }
      const take = Math.min(this.#remaining, chunk.length - offset);
      frames.push({ stream: this.#stream, data: chunk.subarray(offset, offset + take) });
      this.#remaining -= take;
      offset += take;
    }
    return frames;
  }

  /** True when the stream ended cleanly between frames. */
  get isComplete(): boolean {
    return this.#remaining === 0 && this.#headerFill === 0;
  }
}

function streamType(byte: number | undefined): StreamType {
  if (byte === 0 || byte === 1 || byte === 2) return byte;
  throw new DockerStreamError(`Corrupt multiplexed stream: unknown stream type ${String(byte)}`);
}

/** Collects bytes up to a cap and keeps counting after it, so callers can say "truncated". */
export class CappedBuffer {
  readonly #max: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #total = 0;

  constructor(maxBytes: number) {
    this.#max = Math.max(0, maxBytes);
  }

  append(data: Buffer): void {
    this.#total += data.length;
    const room = this.#max - this.#size;
    if (room <= 0) return;
    const piece = data.length > room ? data.subarray(0, room) : data;
    this.#chunks.push(Buffer.from(piece));
    this.#size += piece.length;
  }

  get truncated(): boolean {
    return this.#total > this.#size;
  }

  /** UTF-8 text; a multi-byte character cut by the cap becomes U+FFFD. */
  toString(): string {
    return Buffer.concat(this.#chunks, this.#size).toString("utf8");
  }
}

/** Longest NDJSON line accepted; progress and event lines are a few hundred bytes. */
export const MAX_NDJSON_LINE = 1024 * 1024;

/** Yields each JSON value of a newline-delimited stream; lines may be split across chunks. */
export async function* parseNdjson(
  source: AsyncIterable<Buffer | string>,
  maxLineBytes = MAX_NDJSON_LINE,
): AsyncGenerator<unknown, void, undefined> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  for await (const chunk of source) {
    pending += typeof chunk === "string" ? chunk : decoder.write(chunk);
    let newline = pending.indexOf("\n");
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const value = parseLine(line);
      if (value !== undefined) yield value.json;
      newline = pending.indexOf("\n");
    }
    if (pending.length > maxLineBytes) {
      throw new DockerStreamError(`NDJSON line longer than ${maxLineBytes} bytes`);
    }
  }
  const value = parseLine(pending + decoder.end());
  if (value !== undefined) yield value.json;
}

function parseLine(line: string): { json: unknown } | undefined {
  const trimmed = line.trim();
  if (trimmed === "") return undefined;
  try {
    return { json: JSON.parse(trimmed) as unknown };
  } catch (error) {
    throw new DockerStreamError(`Invalid JSON line in stream: ${trimmed.slice(0, 200)}`, { cause: error });
  }
}
