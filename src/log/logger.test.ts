import { describe, expect, it } from "vitest";
import type { LogFormat, LogLevel } from "../config/types.ts";
import { createLogger } from "./logger.ts";

function capture(
  format: LogFormat,
  level: LogLevel = "info",
  options: { isTTY?: boolean; noColor?: boolean } = {},
): { lines: string[]; extra: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const extra: string[] = [];
  const stream = {
    write: (line: string) => lines.push(line),
    ...(options.isTTY === undefined ? {} : { isTTY: options.isTTY }),
  };
  const log = createLogger({ level, format, noColor: options.noColor ?? true, stream }, [
    { write: (line: string) => extra.push(line) },
  ]);
  return { lines, extra, log };
}

describe("createLogger", () => {
  it("writes logrus JSON in json format, without pid and hostname", () => {
    const { lines, log } = capture("json");
    log.error({ container: "/web" }, "Found new image");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\{"container":"\/web","level":"error","msg":"Found new image","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)"\}\n$/,
    );
  });

  it("writes logfmt", () => {
    const { lines, log } = capture("logfmt");
    log.warn({ container: "/web" }, "Could not do it");
    expect(lines[0]).toMatch(/^time="[^"]+" level=warning msg="Could not do it" container=\/web\n$/);
  });

  it("writes pretty lines, coloured unless noColor", () => {
    const plain = capture("pretty");
    plain.log.info("Hello");
    expect(plain.lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO Hello\n$/);
    const coloured = capture("pretty", "info", { noColor: false });
    coloured.log.info("Hello");
    expect(coloured.lines[0]).toContain("\u001b[36mINFO\u001b[0m");
  });

  it.each([
    [true, /^\d\d:\d\d:\d\d INFO x\n$/],
    [false, /^time=.* level=info msg=x\n$/],
    [undefined, /^time=.* level=info msg=x\n$/],
  ])("auto with isTTY=%s picks the right format", (isTTY, pattern) => {
    const { lines, log } = capture("auto", "info", isTTY === undefined ? {} : { isTTY });
    log.info("x");
    expect(lines[0]).toMatch(pattern);
  });

  it.each([
    ["panic", ["fatal"]],
    ["fatal", ["fatal"]],
    ["error", ["fatal", "error"]],
    ["warn", ["fatal", "error", "warn"]],
    ["info", ["fatal", "error", "warn", "info"]],
    ["debug", ["fatal", "error", "warn", "info", "debug"]],
    ["trace", ["fatal", "error", "warn", "info", "debug", "trace"]],
  ] as const)("level %s lets %j through", (level, expected) => {
    const { extra, log } = capture("json", level);
    for (const name of ["fatal", "error", "warn", "info", "debug", "trace"] as const) log[name](name);
    expect(extra.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(expected);
  });

  it("sends pino JSON lines to the extra streams whatever the format", () => {
    const { lines, extra, log } = capture("logfmt");
    log.info("Startup");
    expect(lines[0]).toContain("msg=Startup");
    expect(JSON.parse(extra[0] ?? "")).toMatchObject({ level: 30, msg: "Startup" });
  });

  it("keeps logging when an extra stream throws", () => {
    const lines: string[] = [];
    const log = createLogger(
      { level: "info", format: "json", noColor: true, stream: { write: (line: string) => lines.push(line) } },
      [
        {
          write: () => {
            throw new Error("broken sink");
          },
        },
      ],
    );
    log.info("still here");
    expect(lines).toHaveLength(1);
  });

  it("redacts secret keys and secrets inside strings", () => {
    const { lines, extra, log } = capture("logfmt");
    log.info(
      {
        token: "t0k",
        password: "pw",
        registryAuth: "abc",
        request: { headers: { authorization: "Bearer zzz" }, auth: "x" },
        headers: { Authorization: "Basic yyy" },
        url: "smtp://me:hunter2@mail.example/",
        err: new Error("cannot reach https://u:topsecret@h/"),
      },
      "Sending with Bearer abc.def",
    );
    const everything = [...lines, ...extra].join("\n");
    for (const secret of [
      "t0k",
      "hunter2",
      "zzz",
      "yyy",
      "topsecret",
      "abc.def",
      '"pw"',
      "registryAuth=abc",
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(lines[0]).toContain('token="[REDACTED]"');
    expect(lines[0]).toContain('url="smtp://me:***@mail.example/"');
    expect(lines[0]).toContain('msg="Sending with Bearer ***"');
  });
});
