import { describe, expect, it } from "vitest";
import { CappedBuffer, DockerStreamError, FrameDemuxer, parseNdjson } from "./streams.ts";

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Feeds `data` in pieces of `size` bytes and returns what each stream received. */
function demux(data: Buffer, size: number): { stdout: string; stderr: string; complete: boolean } {
  const demuxer = new FrameDemuxer();
  const out = { 1: [] as Buffer[], 2: [] as Buffer[], 0: [] as Buffer[] };
  for (let offset = 0; offset < data.length; offset += size) {
    for (const f of demuxer.push(data.subarray(offset, offset + size))) out[f.stream].push(f.data);
  }
  return {
    stdout: Buffer.concat(out[1]).toString("utf8"),
    stderr: Buffer.concat(out[2]).toString("utf8"),
    complete: demuxer.isComplete,
  };
}

describe("FrameDemuxer", () => {
  const stream = Buffer.concat([frame(1, "hello "), frame(2, "oops\n"), frame(1, ""), frame(1, "wörld\n")]);

  it.each([1, 2, 3, 5, 7, 8, 9, 13, 64, stream.length])("splits frames across chunks of %i bytes", (size) => {
    expect(demux(stream, size)).toEqual({ stdout: "hello wörld\n", stderr: "oops\n", complete: true });
  });

  it("reports a stream cut mid-frame as incomplete", () => {
    expect(demux(stream.subarray(0, 10), 4).complete).toBe(false);
    expect(demux(stream.subarray(0, 3), 4).complete).toBe(false);
  });

  it("rejects an unknown stream type", () => {
    expect(() => new FrameDemuxer().push(frame(7, "x"))).toThrow(DockerStreamError);
  });

  it("emits a large frame in pieces without waiting for all of it", () => {
    const big = frame(1, "x".repeat(100_000));
    const demuxer = new FrameDemuxer();
    const first = demuxer.push(big.subarray(0, 1000));
    expect(first.reduce((n, f) => n + f.data.length, 0)).toBe(992);
  });
});

describe("CappedBuffer", () => {
  it.each([
    [["abc", "def"], 10, "abcdef", false],
    [["abc", "def"], 6, "abcdef", false],
    [["abc", "def"], 4, "abcd", true],
    [["abc", "def"], 3, "abc", true],
    [["abc"], 0, "", true],
  ])("%j capped at %i → %j", (pieces, max, text, truncated) => {
    const buffer = new CappedBuffer(max);
    for (const piece of pieces) buffer.append(Buffer.from(piece));
    expect(buffer.toString()).toBe(text);
    expect(buffer.truncated).toBe(truncated);
  });
});

async function collect(chunks: (string | Buffer)[], maxLine?: number): Promise<unknown[]> {
  async function* source() {
    await Promise.resolve();
    yield* chunks;
  }
  const values: unknown[] = [];
  for await (const value of parseNdjson(source(), maxLine)) values.push(value);
  return values;
}

describe("parseNdjson", () => {
  it.each<[string, (string | Buffer)[], unknown[]]>([
    ["whole lines", ['{"a":1}\n{"a":2}\n'], [{ a: 1 }, { a: 2 }]],
    ["a line split across chunks", ['{"sta', 'tus":"x"}\n{"a"', ":2}\n"], [{ status: "x" }, { a: 2 }]],
    ["a last line without newline", ['{"a":1}\n{"a":2}'], [{ a: 1 }, { a: 2 }]],
    ["blank lines and CRLF", ['\n{"a":1}\r\n\r\n', "\n"], [{ a: 1 }]],
    [
      "a UTF-8 character split across buffers",
      [Buffer.from([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xc3]), Buffer.from([0xa9, 0x22, 0x7d, 0x0a])],
      [{ s: "é" }],
    ],
    [
      "an error line, passed through",
      ['{"error":"boom","errorDetail":{"message":"boom"}}\n'],
      [{ error: "boom", errorDetail: { message: "boom" } }],
    ],
    ["nothing", [], []],
  ])("parses %s", async (_name, chunks, expected) => {
    expect(await collect(chunks)).toEqual(expected);
  });

  it("rejects invalid JSON", async () => {
    await expect(collect(['{"a":1}\nnot json\n'])).rejects.toThrow(DockerStreamError);
  });

  it("rejects an endless line", async () => {
    await expect(collect(["x".repeat(50), "y".repeat(50)], 64)).rejects.toThrow("longer than 64 bytes");
  });
});
