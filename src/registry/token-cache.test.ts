import { describe, expect, it } from "vitest";
import type { Clock } from "../util/clock.ts";
import { createMemoryTokenCache, createTokenStore, tokenTtlMs, type TokenKey } from "./token-cache.ts";

function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    advance(ms) {
      now += ms;
    },
  };
}

const KEY: TokenKey = {
  realm: "https://auth/token",
  service: "reg",
  scope: "repository:a:pull",
  account: "",
};

describe("tokenTtlMs", () => {
  it.each([
    [undefined, 50_000],
    [300, 290_000],
    [20, 15_000],
    [3600, 3_590_000],
  ])("expires_in %s → %s ms", (expiresIn, ttl) => {
    expect(tokenTtlMs(expiresIn)).toBe(ttl);
  });
});

describe("token store", () => {
  it("makes one token request for twenty concurrent callers", async () => {
    const store = createTokenStore(createMemoryTokenCache(fakeClock()));
    let requests = 0;
    const fetch = async () => {
      requests++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { token: `t${requests}`, ttlMs: 10_000 };
    };
    const tokens = await Promise.all(Array.from({ length: 20 }, () => store.get(KEY, fetch)));
    expect(requests).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(["t1"]));
  });

  it("keeps different scopes, realms and accounts apart", async () => {
    const store = createTokenStore(createMemoryTokenCache(fakeClock()));
    let requests = 0;
    const fetch = () => Promise.resolve({ token: `t${++requests}`, ttlMs: 10_000 });
    const keys = [
      KEY,
      { ...KEY, scope: "repository:b:pull" },
      { ...KEY, realm: "https://x" },
      { ...KEY, account: "u" },
    ];
    const tokens = await Promise.all(keys.map((key) => store.get(key, fetch)));
    expect(new Set(tokens).size).toBe(4);
    expect(await store.get(keys[1] ?? KEY, fetch)).toBe(tokens[1]);
    expect(requests).toBe(4);
  });

  it("never serves a token after its TTL, even to concurrent readers", async () => {
    const clock = fakeClock();
    const store = createTokenStore(createMemoryTokenCache(clock));
    let requests = 0;
    const fetch = async () => {
      requests++;
      await Promise.resolve();
      return { token: `t${requests}`, ttlMs: 5_000 };
    };
    expect(await store.get(KEY, fetch)).toBe("t1");
    clock.advance(4_999);
    expect(await store.get(KEY, fetch)).toBe("t1");
    clock.advance(1);
    const round = await Promise.all(Array.from({ length: 50 }, () => store.get(KEY, fetch)));
    expect(new Set(round)).toEqual(new Set(["t2"]));
    expect(requests).toBe(2);
  });

  it("interleaves expiry with many readers without a stale token or a duplicate request", async () => {
    const clock = fakeClock();
    const store = createTokenStore(createMemoryTokenCache(clock));
    let requests = 0;
    const issuedAt = new Map<string, number>();
    const fetch = async () => {
      requests++;
      const token = `t${requests}`;
      issuedAt.set(token, clock.now());
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { token, ttlMs: 1_000 };
    };
    for (let wave = 0; wave < 10; wave++) {
      const readAt = clock.now();
      const tokens = await Promise.all(Array.from({ length: 30 }, () => store.get(KEY, fetch)));
      expect(new Set(tokens).size).toBe(1);
      const token = tokens[0] ?? "";
      expect(readAt - (issuedAt.get(token) ?? -Infinity)).toBeLessThan(1_000);
      clock.advance(600);
    }
    // 10 waves 600 ms apart with a 1 s TTL: a new token every second wave.
    expect(requests).toBe(5);
  });

  it("does not cache a failed request; the next caller retries", async () => {
    const store = createTokenStore(createMemoryTokenCache(fakeClock()));
    let requests = 0;
    const failing = () => {
      requests++;
      return Promise.reject(new Error("down"));
    };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.get(KEY, failing)));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(requests).toBe(1);
    expect(await store.get(KEY, () => Promise.resolve({ token: "ok", ttlMs: 1000 }))).toBe("ok");
  });

  it("invalidate drops the token", async () => {
    const store = createTokenStore(createMemoryTokenCache(fakeClock()));
    await store.get(KEY, () => Promise.resolve({ token: "old", ttlMs: 60_000 }));
    await store.invalidate(KEY);
    expect(await store.get(KEY, () => Promise.resolve({ token: "new", ttlMs: 60_000 }))).toBe("new");
  });
});
