import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { NotifyConfigError } from "./errors.ts";
import { createNotifier, type Notifier, type NotifierDeps } from "./notifier.ts";
import type { NotifyOptions } from "../config/notify-options.ts";
import { DEFAULT_NOTIFY_OPTIONS } from "../../test/support/notify-options.ts";
import {
  startReceiver,
  type ReceivedRequest,
  type Receiver,
  type Reply,
} from "../../test/support/receiver.ts";
import { container, reportOf } from "../../test/support/reports.ts";
import type { Clock } from "../util/clock.ts";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const HOOK = "generic://hooks.example/one?template=json&disabletls=yes";
const HOOK2 = "generic://hooks.example/two?template=json&disabletls=yes";

/** A clock whose sleeps are recorded and resolve at once, or wait for `release()`. */
function fakeClock(gated = false): Clock & { sleeps: number[]; release: () => void } {
  const sleeps: number[] = [];
  const waiting: (() => void)[] = [];
  return {
    sleeps,
    now: () => NOW,
    sleep(ms: number): Promise<void> {
      sleeps.push(ms);
      if (!gated) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

interface Setup {
  notifier: Notifier;
  requests: ReceivedRequest[];
  failures: string[];
  logs: Record<string, unknown>[];
}

async function setup(
  options: Partial<NotifyOptions>,
  responder?: (req: ReceivedRequest) => Reply,
  extra: Partial<NotifierDeps> = {},
): Promise<Setup> {
  receiver = await startReceiver(responder);
  const failures: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (l: string) => logs.push(JSON.parse(l) as Record<string, unknown>) },
  );
  const notifier = createNotifier(
    { ...DEFAULT_NOTIFY_OPTIONS, notificationUrl: [HOOK], notificationsHostname: "host1", ...options },
    {
      logger,
      clock: fakeClock(),
      hostname: "os-host",
      resolveEndpoint: receiver.resolveEndpoint,
      onFailure: (s) => failures.push(s),
      retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 2000 },
      ...extra,
    },
  );
  return { notifier, requests: receiver.requests, failures, logs };
}

function logLine(msg: string, level = 30, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ level, time: NOW, msg, ...extra })}\n`;
}

function payload(req: ReceivedRequest | undefined): Record<string, unknown> {
  return JSON.parse(req?.body ?? "{}") as Record<string, unknown>;
}

const updated = reportOf([container(1, "Updated"), container(2, "Fresh")]);
const nothing = reportOf([container(2, "Fresh")]);

describe("notifier", () => {
  it("sends one batched message per session with the default template and the title", async () => {
    const { notifier, requests } = await setup({ notificationReport: true, notificationTitleTag: "prod" });
    notifier.startSession();
    notifier.logStream.write(logLine("Found new localhost:5000/app1:latest image (sha256:1bbb)"));
    notifier.logStream.write(logLine("Stopping /app1 (1ccc) with SIGTERM"));
    notifier.sendReport(updated);
    await notifier.close();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe("POST");
    expect(requests[0]?.path).toBe("/one");
    expect(payload(requests[0])).toEqual({
      title: "[prod] Watchtower updates on host1",
      message:
        "2 Scanned, 1 Updated, 0 Failed\n- /app1 (localhost:5000/app1:latest): 1aaaaaaaaaaa updated to 1bbbbbbbbbbb\n- /app2 (localhost:5000/app2:latest): Fresh",
    });
  });

  it("legacy mode (no --notification-report) batches the session's log lines at the level", async () => {
    const { notifier, requests } = await setup({ notificationsLevel: "info" });
    notifier.startSession();
    notifier.logStream.write(logLine("Found new image"));
    notifier.logStream.write(logLine("debug detail", 20));
    notifier.logStream.write(logLine("local only", 30, { notify: "no" }));
    notifier.logStream.write("not json\n");
    notifier.logStream.write(logLine("Unable to update container", 50));
    notifier.sendReport(updated);
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual([
      "Found new image\nUnable to update container\n",
    ]);
  });

  it("--notifications-level error keeps only errors", async () => {
    const { notifier, requests } = await setup({ notificationsLevel: "error" });
    notifier.startSession();
    notifier.logStream.write(logLine("Found new image"));
    notifier.logStream.write(logLine("warned", 40));
    notifier.logStream.write(logLine("failed", 50));
    notifier.sendReport(updated);
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual(["failed\n"]);
  });

  it("never sends an empty message", async () => {
    const report = await setup({ notificationReport: true });
    report.notifier.startSession();
    report.notifier.logStream.write(logLine("No new images found"));
    report.notifier.sendReport(nothing);
    await report.notifier.close();
    expect(report.requests).toEqual([]);
    await receiver?.close();

    const legacy = await setup({ notificationUrl: [HOOK, HOOK2] });
    legacy.notifier.startSession();
    legacy.notifier.sendReport(updated);
    await legacy.notifier.close();
    expect(legacy.requests).toEqual([]);
    expect(legacy.logs.map((l) => l.msg)).toContain("Skipping notification due to empty message");
  });

  it("sends a stale-only report (monitor-only) with the default template", async () => {
    const { notifier, requests } = await setup({ notificationReport: true });
    notifier.startSession();
    notifier.sendReport(reportOf([container(5, "Stale")]));
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual([
      "1 Scanned, 0 Updated, 0 Failed, 1 Stale\n- /app5 (localhost:5000/app5:latest): Stale: 5aaaaaaaaaaa can be updated to 5bbbbbbbbbbb",
    ]);
  });

  it("a template failing at render sends the built-in text and logs the error once", async () => {
    const { notifier, requests, logs } = await setup({
      notificationTemplate: "{{range .}}{{.Nope.Deeper}}{{end}}",
    });
    for (const msg of ["first", "second"]) {
      notifier.startSession();
      notifier.logStream.write(logLine(msg));
      notifier.sendReport(updated);
    }
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual(["first\n", "second\n"]);
    const failures = logs.filter((l) => l.msg === "Notification template failed, sending the default text");
    expect(failures).toHaveLength(1);
    expect(failures[0]?.error).toContain("can't evaluate field Nope");
  });

  it("batches the startup lines into one message, and none with --no-startup-message", async () => {
    const lines = ["Watchtower v1.0.0", "Using notifications: generic", "Running a one time update."];
    const on = await setup({ notificationReport: true });
    on.notifier.sendStartupMessage(lines);
    await on.notifier.close();
    expect(on.requests.map((r) => payload(r).message)).toEqual([`${lines.join("\n")}\n`]);
    await receiver?.close();

    const off = await setup({ noStartupMessage: true });
    off.notifier.sendStartupMessage(lines);
    await off.notifier.close();
    expect(off.requests).toEqual([]);
  });

  it("sends a log line outside a session on its own, at once", async () => {
    const { notifier, requests } = await setup({});
    notifier.logStream.write(logLine("Could not stop the other instances", 50));
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual(["Could not stop the other instances\n"]);
  });

  it("skip-title sends no title; the email subject tag is the fallback tag", async () => {
    const skip = await setup({ notificationSkipTitle: true, notificationTitleTag: "x" });
    skip.notifier.logStream.write(logLine("hello"));
    await skip.notifier.close();
    expect(payload(skip.requests[0])).toEqual({ message: "hello\n" });
    await receiver?.close();

    const tagged = await setup({ notificationEmailSubjecttag: "mail", notificationsHostname: "" });
    tagged.notifier.logStream.write(logLine("hello"));
    await tagged.notifier.close();
    expect(payload(tagged.requests[0]).title).toBe("[mail] Watchtower updates on os-host");
  });

  it("waits --notifications-delay (via the clock) before sending; the email delay wins when set", async () => {
    const clock = fakeClock(true);
    const { notifier, requests } = await setup({ notificationsDelay: 3 }, undefined, { clock });
    notifier.logStream.write(logLine("hello"));
    await new Promise((r) => setTimeout(r, 50));
    expect(clock.sleeps).toEqual([3000]);
    expect(requests).toEqual([]);
    clock.release();
    await notifier.close();
    expect(requests).toHaveLength(1);
    await receiver?.close();

    const clock2 = fakeClock();
    const email = await setup({ notificationsDelay: 3, notificationEmailDelay: 7 }, undefined, {
      clock: clock2,
    });
    email.notifier.logStream.write(logLine("hello"));
    await email.notifier.close();
    expect(clock2.sleeps).toEqual([7000]);
  });

  it("close() waits for pending sends", async () => {
    const { notifier, requests, logs } = await setup({}, () => ({ delayMs: 150 }));
    notifier.logStream.write(logLine("one"));
    notifier.logStream.write(logLine("two"));
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual(["one\n", "two\n"]);
    expect(logs.filter((l) => l.msg === "Notification sent")).toHaveLength(2);
  });

  it("retries a failing service with backoff, then logs and counts the failure", async () => {
    const clock = fakeClock();
    const { notifier, requests, failures, logs } = await setup({}, () => ({ status: 503 }), { clock });
    notifier.logStream.write(logLine("hello"));
    await notifier.close();
    expect(requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(failures).toEqual(["generic"]);
    const failure = logs.find((l) => l.msg === "Failed to send notification");
    expect(failure).toMatchObject({ notify: "no", service: "generic", attempts: 3, error: "HTTP 503" });
  });

  it("a hanging service does not delay another one", async () => {
    const { notifier, requests, failures } = await setup(
      { notificationUrl: [HOOK, HOOK2] },
      (req) => (req.path === "/one" ? { hang: true } : {}),
      { retry: { attempts: 1, timeoutMs: 1500 } },
    );
    const started = Date.now();
    notifier.logStream.write(logLine("hello"));
    for (let i = 0; i < 100 && !requests.some((r) => r.path === "/two"); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(requests.some((r) => r.path === "/two")).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failures).toEqual([]);
    await notifier.close();
    expect(failures).toEqual(["generic"]);
  });

  it("does nothing without services", async () => {
    const { notifier } = await setup({ notificationUrl: [] });
    expect(notifier.services).toEqual([]);
    notifier.startSession();
    notifier.logStream.write(logLine("hello"));
    notifier.sendReport(updated);
    notifier.sendStartupMessage(["x"]);
    await notifier.close();
  });
});

describe("notifier startup errors", () => {
  const deps: NotifierDeps = { logger: pino({ level: "silent" }), clock: fakeClock(), hostname: "h" };
  const create = (o: Partial<NotifyOptions>) => () =>
    createNotifier({ ...DEFAULT_NOTIFY_OPTIONS, ...o }, deps);

  it.each<[string, string, string]>([
    [
      "foo://user:hunter2@example.com/x",
      'unknown notification service "foo"',
      "foo://user:***@example.com/x",
    ],
    ["slack://hook:hunter2@webhook", "invalid slack token", "slack://hook:***@webhook"],
    ["slack://hunter2aaa/hunter2bbb/hunter2ccc", "invalid slack token", "slack://***"],
    ["discord://@123", "missing discord token", "discord://"],
    ["telegram://123:hunter2@telegram", "no chats given", "telegram://123:***@telegram"],
    ["gotify://gotify.example.com", "expected gotify://", "gotify://gotify.example.com"],
    ["generic://u:hunter2@example.com:99999/x", "bad port", "generic://u:***@example.com:99999/x"],
    ["generic://example.com/?@Authorization=hunter2&method=GET", "method must be POST", "@Authorization=***"],
    ["ntfy://example.com", "expected ntfy://", "ntfy://example.com"],
    ["pushover://shoutrrr:hunter2@", "expected pushover://", "pushover://shoutrrr:***@"],
    ["matrix://user@matrix.example.com", "missing password", "matrix://***@matrix.example.com"],
    ["teams://g@t", "expected teams://", "teams://***@t"],
    ["hunter2", "expected scheme://", "***"],
    ["http://%zz:hunter2@x", "bad percent-encoding", "http://%zz:***@x"],
  ])("%s is a startup error naming the masked URL", (url, message, masked) => {
    let caught: unknown;
    try {
      create({ notificationUrl: [url] })();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotifyConfigError);
    const text = (caught as Error).message;
    expect(text).toContain(message);
    expect(text).toContain(masked);
    expect(text).not.toContain("hunter2");
  });

  it("rejects an unknown legacy type, a bad level, and a template that does not parse (line:column)", () => {
    expect(create({ notifications: ["pigeon"] })).toThrow('unknown notification type "pigeon"');
    // A level the options table's type rules out, as a caller outside parseConfig could pass.
    const loud = "loud" as NotifyOptions["notificationsLevel"];
    expect(create({ notificationsLevel: loud })).toThrow('unknown notifications level "loud"');
    expect(create({ notificationTemplate: "ok\n  {{if .Report}}" })).toThrow(
      /invalid notification template: .*2:5/,
    );
  });
});
