import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { logEvents } from "../events/publisher.ts";
import { createComposeCaveat } from "./compose-caveat.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: pino({ level: "info" }, stream) };
}

describe("createComposeCaveat", () => {
  it("warns once per compose container name, never for other containers", () => {
    const { lines, log } = capture();
    const tell = createComposeCaveat();
    const caveat = (name: string, labels: Record<string, string>, from: string, to: string) => {
      tell(name, labels, from, to, logEvents(log));
    };
    const compose = { "com.docker.compose.project": "shop", "com.docker.compose.service": "web" };
    caveat("/web", compose, "1.2.3", "1.3.0");
    caveat("/web", compose, "1.3.0", "1.4.0");
    caveat("/plain", {}, "1.2.3", "1.3.0");
    caveat("/db", { "com.docker.compose.project": "shop" }, "16.2", "16.3");
    expect(lines.map((line) => [line.container, line.currentTag, line.latestTag, line.service])).toEqual([
      ["/web", "1.2.3", "1.3.0", "web"],
      ["/db", "16.2", "16.3", undefined],
    ]);
    expect(lines.every((line) => line.level === 40 && line.project === "shop")).toBe(true);
  });
});
