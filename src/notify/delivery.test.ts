import { describe, expect, it } from "vitest";
import { deliver, type RetryPolicy } from "./delivery.ts";
import { SendError } from "./errors.ts";
import { httpSend } from "./http-send.ts";
import type { NotificationService } from "./service.ts";
import { startReceiver, type Reply } from "../../test/support/receiver.ts";
import type { Clock } from "../util/clock.ts";

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 5000, timeoutMs: 300 };

function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => 0,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

/** A service that POSTs to a loopback receiver answering with `replies` in turn. */
async function httpService(replies: Reply[]) {
  let i = 0;
  const receiver = await startReceiver(() => replies[Math.min(i++, replies.length - 1)] ?? {});
  const clock = recordingClock();
  const service: NotificationService = {
    scheme: "test",
    maskedUrl: "test://",
    async send(message, signal) {
      await httpSend(
        { clock, resolveEndpoint: receiver.resolveEndpoint },
        { method: "POST", url: new URL("https://example.com/hook"), body: message.body, signal },
      );
    },
  };
  return { receiver, clock, service };
}

const message = { title: "t", body: "b" };

describe("deliver", () => {
  it.each<[string, Reply[], number, boolean, number[]]>([
    ["succeeds at once", [{}], 1, true, []],
    ["retries 5xx with exponential backoff", [{ status: 500 }, { status: 502 }, {}], 3, true, [1000, 2000]],
    ["honours Retry-After on 429", [{ status: 429, headers: { "retry-after": "3" } }, {}], 2, true, [3000]],
    ["caps Retry-After", [{ status: 429, headers: { "retry-after": "3600" } }, {}], 2, true, [5000]],
    ["caps the backoff, bounded attempts", [{ status: 503 }], 4, false, [1000, 2000, 4000]],
    ["does not retry other 4xx", [{ status: 400 }], 1, false, []],
  ])("%s", async (_name, replies, attempts, ok, sleeps) => {
    const { receiver, clock, service } = await httpService(replies);
    try {
      const result = await deliver(service, message, policy, clock);
      expect(result.ok).toBe(ok);
      expect(result.attempts).toBe(attempts);
      expect(receiver.requests).toHaveLength(attempts);
      expect(clock.sleeps).toEqual(sleeps);
    } finally {
      await receiver.close();
    }
  });

  it("times out each attempt and retries", async () => {
    const { receiver, clock, service } = await httpService([{ hang: true }, {}]);
    const started = Date.now();
    try {
      const result = await deliver(service, message, policy, clock);
      expect(result).toEqual({ ok: true, attempts: 2 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await receiver.close();
    }
  });

  it("gives up after the last timed-out attempt with a timeout error", async () => {
    const { receiver, clock, service } = await httpService([{ hang: true }]);
    try {
      const result = await deliver(service, message, { ...policy, attempts: 2 }, clock);
      expect(result).toEqual({ ok: false, attempts: 2, error: "request timed out" });
    } finally {
      await receiver.close();
    }
  });

  it("retries network errors (connection refused)", async () => {
    const receiver = await startReceiver();
    const base = new URL(receiver.base);
    await receiver.close();
    const clock = recordingClock();
    const service: NotificationService = {
      scheme: "test",
      maskedUrl: "test://",
      send: (m, signal) =>
        httpSend({ clock }, { method: "POST", url: new URL("/hook", base), body: m.body, signal }).then(
          () => undefined,
        ),
    };
    const result = await deliver(service, message, { ...policy, attempts: 3 }, clock);
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(3);
    expect(result.ok ? "" : result.error).toMatch(/^network error: ECONNREFUSED/);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it("does not retry a non-retryable SendError", async () => {
    const clock = recordingClock();
    let calls = 0;
    const permanent: NotificationService = {
      scheme: "x",
      maskedUrl: "x://",
      send: () => {
        calls += 1;
        return Promise.reject(new SendError("HTTP 401", { status: 401, retryable: false }));
      },
    };
    expect(await deliver(permanent, message, policy, clock)).toEqual({
      ok: false,
      attempts: 1,
      error: "HTTP 401",
    });
    expect(calls).toBe(1);
  });
});
