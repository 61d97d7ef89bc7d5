import { pino, type Logger } from "pino";
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
import { createEventBus } from "../util/event-bus.ts";
import type { SessionEvent, SessionEventBody } from "../update/events/session-events.ts";
import type { NoticeCode } from "../update/events/notice-codes.ts";

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
  /** The notifier's own logger. */
  logger: Logger;
  /** Publishes a session event, as the engine does. */
  emit: (body: SessionEventBody) => void;
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
  const events = createEventBus<SessionEvent>();
  const notifier = createNotifier(
    { ...DEFAULT_NOTIFY_OPTIONS, notificationUrl: [HOOK], notificationsHostname: "host1", ...options },
    {
      logger,
      clock: fakeClock(),
      hostname: "os-host",
      resolveEndpoint: receiver.resolveEndpoint,
      events,
      onFailure: (s) => failures.push(s),
      retry: { attempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 2000 },
      ...extra,
    },
  );
  const emit = (body: SessionEventBody) => {
    events.emit({ ...body, session: "s1", at: NOW });
  };
  return { notifier, emit, logger, requests: receiver.requests, failures, logs };
}

function notice(
  message: string,
  level: "info" | "warn" | "error" = "info",
  code: NoticeCode = "update-triggered",
): SessionEventBody {
  return { type: "notice", code, level, message };
}

const web = { id: "0123456789abcdef", name: "/web", image: "nginx:latest" };

function payload(req: ReceivedRequest | undefined): Record<string, unknown> {
  return JSON.parse(req?.body ?? "{}") as Record<string, unknown>;
}

const updated = reportOf([container(1, "Updated"), container(2, "Fresh")]);
const nothing = reportOf([container(2, "Fresh")]);

describe("notifier", () => {
  it("sends one batched message per session with the default template and the title", async () => {
    const { notifier, emit, requests } = await setup({
      notificationReport: true,
      notificationTitleTag: "prod",
    });
    notifier.startSession();
    emit(notice("Found new localhost:5000/app1:latest image (sha256:1bbb)"));
    emit(notice("Stopping /app1 (1ccc) with SIGTERM"));
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

  it("legacy mode (no --notification-report) batches the entries of the session's events at the level", async () => {
    const { notifier, emit, requests } = await setup({ notificationsLevel: "info" });
    notifier.startSession();
    emit({ type: "session-started" });
    emit({
      type: "container-checked",
      container: web,
      result: "stale",
      currentImageId: "sha256:aa",
      latestImageId: "sha256:bbbbbbbbbbbbbbbb",
    });
    emit({
      type: "container-checked",
      container: { ...web, name: "/db" },
      result: "fresh",
      currentImageId: "sha256:cc",
    });
    emit({ type: "image-pulled", image: web.image });
    emit({ type: "container-failed", container: web, error: "start failed" });
    emit({ type: "session-done", report: updated });
    notifier.sendReport(updated);
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual([
      'Found new nginx:latest image (bbbbbbbbbbbb)\nUnable to update container "/web": start failed. Proceeding to next.\n',
    ]);
  });

  it("--notifications-level keeps the entries at or above it", async () => {
    const events = [notice("Found new image"), notice("warned", "warn"), notice("failed", "error")];
    const cases = [
      ["error", "failed\n"],
      ["warn", "warned\nfailed\n"],
      ["debug", "Found new image\nwarned\nfailed\n"],
    ] as const;
    for (const [level, expected] of cases) {
      const { notifier, emit, requests } = await setup({ notificationsLevel: level });
      notifier.startSession();
      for (const event of events) emit(event);
      notifier.sendReport(updated);
      await notifier.close();
      expect(
        requests.map((r) => payload(r).message),
        level,
      ).toEqual([expected]);
      await receiver?.close();
    }
  });

  it("a session that failed before its report sends what it collected, the notice included", async () => {
    const { notifier, emit, requests } = await setup({ notificationReport: true });
    notifier.startSession();
    emit({ type: "container-stopping", container: web, signal: "SIGTERM" });
    emit({
      type: "notice",
      code: "session-failed",
      level: "error",
      message: "Update session failed",
      fields: { err: "socket hang up" },
    });
    notifier.sendReport(undefined);
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual([
      "Stopping /web (0123456789ab) with SIGTERM\nUpdate session failed: err=socket hang up\n",
    ]);
  });

  it("a log line, even an error, is not an entry: only events are", async () => {
    const { notifier, emit, logger, requests } = await setup({});
    notifier.startSession();
    logger.error({ container: "/web", err: "in use" }, "Could not remove image");
    emit(notice("only this"));
    notifier.sendReport(updated);
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual(["only this\n"]);
  });

  it("never sends an empty message", async () => {
    const report = await setup({ notificationReport: true });
    report.notifier.startSession();
    report.emit(notice("No new images found"));
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
    const { notifier, emit, requests, logs } = await setup({
      notificationTemplate: "{{range .}}{{.Nope.Deeper}}{{end}}",
    });
    for (const msg of ["first", "second"]) {
      notifier.startSession();
      emit(notice(msg));
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

  it("sends an event's entry outside a session on its own, at once", async () => {
    const { notifier, emit, requests } = await setup({});
    emit(notice("Recovered an interrupted swap", "warn", "swap-recovered"));
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual(["Recovered an interrupted swap\n"]);
  });

  it("skip-title sends no title; the email subject tag is the fallback tag", async () => {
    const skip = await setup({ notificationSkipTitle: true, notificationTitleTag: "x" });
    skip.emit(notice("hello"));
    await skip.notifier.close();
    expect(payload(skip.requests[0])).toEqual({ message: "hello\n" });
    await receiver?.close();

    const tagged = await setup({ notificationEmailSubjecttag: "mail", notificationsHostname: undefined });
    tagged.emit(notice("hello"));
    await tagged.notifier.close();
    expect(payload(tagged.requests[0]).title).toBe("[mail] Watchtower updates on os-host");
  });

  it("waits --notifications-delay (via the clock) before sending; the email delay wins when set", async () => {
    const clock = fakeClock(true);
    const { notifier, emit, requests } = await setup({ notificationsDelay: 3 }, undefined, { clock });
    emit(notice("hello"));
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
    email.emit(notice("hello"));
    await email.notifier.close();
    expect(clock2.sleeps).toEqual([7000]);
  });

  it("close() waits for pending sends", async () => {
    const { notifier, emit, requests, logs } = await setup({}, () => ({ delayMs: 150 }));
    emit(notice("one"));
    emit(notice("two"));
    await notifier.close();
    expect(requests.map((r) => payload(r).message)).toEqual(["one\n", "two\n"]);
    expect(logs.filter((l) => l.msg === "Notification sent")).toHaveLength(2);
  });

  it("retries a failing service with backoff, then logs and counts the failure", async () => {
    const clock = fakeClock();
    const { notifier, emit, requests, failures, logs } = await setup({}, () => ({ status: 503 }), { clock });
    emit(notice("hello"));
    await notifier.close();
    expect(requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(failures).toEqual(["generic"]);
    const failure = logs.find((l) => l.msg === "Failed to send notification");
    expect(failure).toMatchObject({ service: "generic", attempts: 3, error: "HTTP 503" });
  });

  it("a hanging service does not delay another one", async () => {
    const { notifier, emit, requests, failures } = await setup(
      { notificationUrl: [HOOK, HOOK2] },
      (req) => (req.path === "/one" ? { hang: true } : {}),
      { retry: { attempts: 1, timeoutMs: 1500 } },
    );
    const started = Date.now();
    emit(notice("hello"));
    for (let i = 0; i < 100 && !requests.some((r) => r.path === "/two"); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(requests.some((r) => r.path === "/two")).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failures).toEqual([]);
    await notifier.close();
    expect(failures).toEqual(["generic"]);
  });

  it("does nothing without services", async () => {
    const { notifier, emit } = await setup({ notificationUrl: [] });
    expect(notifier.services).toEqual([]);
    notifier.startSession();
    emit(notice("hello"));
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
