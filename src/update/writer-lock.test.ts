import { describe, expect, it } from "vitest";
import { isLockObject, liveLockHolders, lockKey } from "./writer-lock.ts";

describe("lockKey", () => {
  it.each([
    [undefined, "all"],
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

describe("liveLockHolders", () => {
  const object = (labels: Record<string, string>) => ({
    Id: "x".repeat(64),
    Names: ["/o"],
    Image: "i",
    ImageID: "sha256:i",
    Created: 1,
    State: "created",
    Status: "",
    Labels: labels,
  });
  const lock = (instance: string, expires: number) =>
    object({ "bosun.lock": "k", "bosun.lock.instance": instance, "bosun.lock.expires": String(expires) });
  const renewal = (instance: string, expires: number) =>
    object({
      "bosun.lock.renewal": "k",
      "bosun.lock.instance": instance,
      "bosun.lock.expires": String(expires),
    });
  it.each<[string, ReturnType<typeof object>[], string[]]>([
    ["a lock within its lease", [lock("a", 2000)], ["a"]],
    ["a lock past its lease", [lock("a", 500)], []],
    ["a lock renewed by its holder", [lock("a", 500), renewal("a", 2000)], ["a"]],
    ["a renewal of another instance does not count", [lock("a", 500), renewal("b", 2000)], []],
    ["a renewal without its lock (taken over) does not count", [renewal("a", 2000)], []],
  ])("%s", (_title, all, expected) => {
    expect([...liveLockHolders(all, 1000)]).toEqual(expected);
  });
});
