import { describe, expect, it } from "vitest";
import { isLockObject, lockKey } from "./writer-lock.ts";

describe("lockKey", () => {
  it.each([
    ["", "all"],
    ["prod", "prod"],
    ["team.a_1-x", "team.a_1-x"],
    ["none", "none"],
  ])("scope %j → %j", (scope, key) => {
    expect(lockKey(scope)).toBe(key);
  });

  it("hashes a scope Docker would refuse in a name, stably and distinctly", () => {
    expect(lockKey("team a")).toMatch(/^h[0-9a-f]{16}$/);
    expect(lockKey("team a")).toBe(lockKey("team a"));
    expect(lockKey("team a")).not.toBe(lockKey("team b"));
  });
});

describe("isLockObject", () => {
  it.each<[Record<string, string> | null, boolean]>([
    [{ "bosun.lock": "all" }, true],
    [{ "bosun.lock.renewal": "prod" }, true],
    [{ "bosun.lock.owner": "x" }, false],
    [{}, false],
    [null, false],
  ])("%j → %s", (labels, expected) => {
    expect(isLockObject(labels)).toBe(expected);
  });
});
