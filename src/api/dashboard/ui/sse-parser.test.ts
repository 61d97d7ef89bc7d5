import { describe, expect, it } from "vitest";
import { createSseParser, MAX_FRAME_CHARS, SseFrameTooLargeError, type SseFrame } from "./sse-parser.ts";

function parse(chunks: readonly string[]): SseFrame[] {
  const frames: SseFrame[] = [];
  const parser = createSseParser((frame) => frames.push(frame));
  for (const chunk of chunks) parser.push(chunk);
  return frames;
}

describe("createSseParser", () => {
  it.each<[string, string[], SseFrame[]]>([
    [
      "one frame",
      ['event: session-started\ndata: {"a":1}\n\n'],
      [{ event: "session-started", data: '{"a":1}' }],
    ],
    ["no event name", ["data: x\n\n"], [{ event: "message", data: "x" }]],
    ["multi-line data", ["data: a\ndata: b\n\n"], [{ event: "message", data: "a\nb" }]],
    ["CRLF lines", ["event: e\r\ndata: x\r\n\r\n"], [{ event: "e", data: "x" }]],
    // A CR ending a chunk may start a CRLF: the line ends when the next chunk shows it does not.
    ["CR lines", ["event: e\rdata: x\r\r", ": next"], [{ event: "e", data: "x" }]],
    ["a CRLF split across chunks", ["data: x\r", "\n\r", "\n"], [{ event: "message", data: "x" }]],
    [
      "a frame split mid-field",
      ["ev", "ent: e\nda", 'ta: {"b"', ":2}\n", "\n"],
      [{ event: "e", data: '{"b":2}' }],
    ],
    ["comments (keep-alives)", [": ping\n\n: ping\ndata: y\n\n"], [{ event: "message", data: "y" }]],
    ["no space after the colon", ["data:z\n\n"], [{ event: "message", data: "z" }]],
    ["only the first space is dropped", ["data:  z\n\n"], [{ event: "message", data: " z" }]],
    ["an id", ["id: 7\ndata: z\n\n"], [{ event: "message", data: "z", id: "7" }]],
    [
      "an event without data (not dispatched)",
      ["event: e\n\ndata: z\n\n"],
      [{ event: "message", data: "z" }],
    ],
    ["unknown fields", ["retry: 10\nfoo: bar\ndata: z\n\n"], [{ event: "message", data: "z" }]],
    ["an unfinished frame (not dispatched)", ["data: z\n"], []],
    [
      "two frames in one chunk",
      ["event: a\ndata: 1\n\nevent: b\ndata: 2\n\n"],
      [
        { event: "a", data: "1" },
        { event: "b", data: "2" },
      ],
    ],
  ])("%s", (_, chunks, expected) => {
    expect(parse(chunks)).toEqual(expected);
  });

  it.each<[string, string[], string | undefined]>([
    ["none before any id", ["data: x\n\n"], undefined],
    ["an event's id", ["id: b-1\ndata: x\n\n"], "b-1"],
    ["an id without data (no event, the id still moves)", [": hello\nid: b-7\n\n"], "b-7"],
    ["the id of the last complete frame only", ["id: b-1\ndata: x\n\nid: b-2\ndata: y\n"], "b-1"],
    ["kept by a later frame without an id", ["id: b-1\ndata: x\n\ndata: y\n\n"], "b-1"],
  ])("last event id: %s", (_, chunks, expected) => {
    const parser = createSseParser(() => undefined);
    for (const chunk of chunks) parser.push(chunk);
    expect(parser.lastEventId).toBe(expected);
  });

  it("drops a stream whose frame grows past the limit instead of buffering it", () => {
    const parser = createSseParser(() => undefined);
    expect(() => {
      parser.push(`data: ${"x".repeat(MAX_FRAME_CHARS)}`);
    }).toThrow(SseFrameTooLargeError);
  });
});
