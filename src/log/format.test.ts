import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatLogfmt, logfmtValue, rfc3339 } from "./logfmt.ts";
import { formatLogrusJson } from "./logrus-json.ts";
import { formatPretty } from "./pretty.ts";
import { readRecord, type LogRecord } from "./record.ts";

// 2026-01-02T03:04:05Z
const TIME = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

describe("text formats", () => {
  beforeEach(() => {
    vi.stubEnv("TZ", "UTC");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const record: LogRecord = {
    time: TIME,
    level: 30,
    msg: "Found new image",
    fields: [
      ["container", "/web"],
      ["image", "nginx:latest"],
      ["count", 3],
      ["err", { type: "Error", message: "boom here", stack: "..." }],
      ["list", ["a", "b"]],
    ],
  };

  it("writes logfmt as logrus does", () => {
    expect(formatLogfmt(record)).toBe(
      'time="2026-01-02T03:04:05Z" level=info msg="Found new image" container=/web image="nginx:latest" ' +
        'count=3 err="boom here" list="[\\"a\\",\\"b\\"]"\n',
    );
  });

  it("writes JSON as logrus' JSONFormatter does: sorted keys, level name, RFC 3339 time", () => {
    expect(formatLogrusJson(record)).toBe(
      '{"container":"/web","count":3,"err":"boom here","image":"nginx:latest","level":"info",' +
        '"list":["a","b"],"msg":"Found new image","time":"2026-01-02T03:04:05Z"}\n',
    );
  });

  it.each<[number, string]>([
    [40, "warning"],
    [50, "error"],
  ])("JSON level %d is %s", (level, name) => {
    expect(formatLogrusJson({ ...record, level, fields: [] })).toContain(`"level":"${name}"`);
  });

  it("JSON escapes HTML characters as Go's encoder does", () => {
    expect(formatLogrusJson({ ...record, msg: "<a & b>", fields: [["fields", 1]] })).toBe(
      '{"fields":1,"level":"info","msg":"\\u003ca \\u0026 b\\u003e","time":"2026-01-02T03:04:05Z"}\n',
    );
  });

  it.each([
    [10, "trace"],
    [20, "debug"],
    [30, "info"],
    [40, "warning"],
    [50, "error"],
    [60, "fatal"],
  ])("logfmt level %d is %s", (level, name) => {
    expect(formatLogfmt({ ...record, level, fields: [] })).toContain(` level=${name} `);
  });

  it("writes pretty lines without colours", () => {
    expect(formatPretty(record, false)).toBe(
      '03:04:05 INFO Found new image container=/web image="nginx:latest" count=3 err="boom here" list="[\\"a\\",\\"b\\"]"\n',
    );
    expect(formatPretty({ ...record, level: 40, fields: [] }, false)).toBe("03:04:05 WARN Found new image\n");
  });

  it("colours the level and keys in pretty lines", () => {
    const line = formatPretty({ ...record, level: 50, fields: [["container", "/web"]] }, true);
    expect(line).toContain("\u001b[31mERROR\u001b[0m");
    expect(line).toContain("\u001b[31mcontainer\u001b[0m=/web");
  });
});

describe("helpers", () => {
  it.each([
    ["simple", "simple"],
    ["/web", "/web"],
    ["", '""'],
    ["with space", '"with space"'],
    ["a:b", '"a:b"'],
    ['q"uote', '"q\\"uote"'],
  ])("logfmtValue(%j) = %s", (input, output) => {
    expect(logfmtValue(input)).toBe(output);
  });

  it("rfc3339 writes the local offset", () => {
    vi.stubEnv("TZ", "UTC");
    expect(rfc3339(TIME)).toBe("2026-01-02T03:04:05Z");
    vi.unstubAllEnvs();
  });

  it("reads pino lines back", () => {
    expect(readRecord('{"level":40,"time":5,"pid":1,"hostname":"h","msg":"m","a":1}')).toEqual({
      time: 5,
      level: 40,
      msg: "m",
      fields: [["a", 1]],
    });
    expect(readRecord("not json")).toBeUndefined();
    expect(readRecord("[1]")).toBeUndefined();
  });
});
