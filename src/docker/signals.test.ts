import { describe, expect, it } from "vitest";
import { canonicalSignal, sameSignal } from "./signals.ts";

describe("canonicalSignal", () => {
  it.each([
    ["SIGTERM", "TERM"],
    ["TERM", "TERM"],
    ["sigterm", "TERM"],
    ["15", "TERM"],
    [" 2 ", "INT"],
    ["SIGHUP", "HUP"],
    ["10", "USR1"],
    ["SIGRTMIN+3", "RTMIN+3"],
    ["64", "64"],
  ])("%j → %s", (signal, expected) => {
    expect(canonicalSignal(signal)).toBe(expected);
  });
});

describe("sameSignal", () => {
  it.each<[string, string, boolean]>([
    ["SIGTERM", "15", true],
    ["TERM", "SIGTERM", true],
    ["SIGINT", "15", false],
    ["9", "SIGKILL", true],
  ])("%s vs %s → %s", (a, b, expected) => {
    expect(sameSignal(a, b)).toBe(expected);
  });
});
