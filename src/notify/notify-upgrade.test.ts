import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { Clock } from "../util/clock.ts";
import { KEEP_MS, notifyUpgrade } from "./notify-upgrade.ts";
import type { NotifyOptions } from "../config/notify-options.ts";
import { DEFAULT_NOTIFY_OPTIONS } from "../../test/support/notify-options.ts";

const HOOK = "https://hooks.slack.com/services/T01234567/B01234567/abcdefghijklmnopqrstuvwx";
const SECRET = "abcdefghijklmnopqrstuvwx";

/** A clock whose sleep resolves at once (the timeout) or waits for the abort (a signal). */
function clock(timesOut: boolean): Clock & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    now: () => 0,
    sleep: (ms, signal) => {
      slept.push(ms);
      if (timesOut) return Promise.resolve();
      return new Promise((_, reject) => {
        signal?.addEventListener("abort", () => {
          reject(new Error("aborted"));
        });
      });
    },
  };
}

function setup(options: Partial<NotifyOptions>, timesOut = true, containerId?: string) {
  const files = new Map<string, string>();
  /** Every text written, kept after the file is removed. */
  const written: string[] = [];
  const lines: string[] = [];
  const log = pino(
    { level: "info" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const shutdown = new AbortController();
  const fakeClock = clock(timesOut);
  const run = notifyUpgrade(
    { ...DEFAULT_NOTIFY_OPTIONS, ...options },
    {
      log,
      clock: fakeClock,
      shutdown: shutdown.signal,
      containerId,
      writeFile: (text) => {
        written.push(text);
        files.set("/watchtower-notif-urls-1", text);
        return Promise.resolve("/watchtower-notif-urls-1");
      },
      removeFile: (path) => {
        files.delete(path);
        return Promise.resolve();
      },
    },
  );
  return { run, files, written, lines, shutdown, clock: fakeClock };
}

describe("notify-upgrade", () => {
  it("writes legacy and explicit URLs as one env line, keeps it 5 minutes, then removes it", async () => {
    const t = setup({
      notifications: ["slack"],
      notificationSlackHookUrl: HOOK,
      notificationUrl: ["logger://"],
    });
    expect(await t.run).toBe(0);
    expect(t.written).toEqual([
      "WATCHTOWER_NOTIFICATION_URL=logger:// slack://hook:T01234567-B01234567-abcdefghijklmnopqrstuvwx@webhook?botname=watchtower&color=%23406170\n",
    ]);
    expect(t.clock.slept).toEqual([KEEP_MS]);
    expect(t.files.size).toBe(0);
    const log = t.lines.join("");
    expect(log).toContain("cp /watchtower-notif-urls-1 ./watchtower-notifications.env");
    expect(log).toContain("Environment file has been removed");
    expect(log).not.toContain(SECRET);
  });

  it("removes the file at once when Bosun is stopped, and hints docker cp inside a container", async () => {
    const t = setup({ notifications: ["slack"], notificationSlackHookUrl: HOOK }, false, "0123456789ab");
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.files.get("/watchtower-notif-urls-1")).toMatch(/^WATCHTOWER_NOTIFICATION_URL=slack:\/\//);
    t.shutdown.abort();
    expect(await t.run).toBe(0);
    expect(t.files.size).toBe(0);
    const log = t.lines.join("");
    expect(log).toContain("docker cp 0123456789ab:/watchtower-notif-urls-1 ./watchtower-notifications.env");
    expect(log).toContain("Stopping");
    expect(log).not.toContain(SECRET);
  });

  it.each<[string, Partial<NotifyOptions>, string]>([
    ["nothing to upgrade", {}, "No notification settings to upgrade"],
    ["a bad legacy type", { notifications: ["pager"] }, 'unknown notification type \\"pager\\"'],
  ])("%s: exit 1 without writing a file", async (_name, options, message) => {
    const t = setup(options);
    expect(await t.run).toBe(1);
    expect(t.files.size).toBe(0);
    expect(t.lines.join("")).toContain(message);
  });
});
