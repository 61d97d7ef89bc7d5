import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "../docker/types.ts";
import { createdNanos } from "./created-time.ts";
import { instancesToRemove } from "./instances.ts";

describe("createdNanos", () => {
  it.each<[string, bigint | undefined]>([
    ["1970-01-01T00:00:01Z", 1_000_000_000n],
    ["1970-01-01T00:00:01.5Z", 1_500_000_000n],
    ["1970-01-01T00:00:01.500000001Z", 1_500_000_001n],
    ["1970-01-01T01:00:01.000000002+01:00", 1_000_000_002n],
    ["2026-11-23T01:33:21.123456789Z", 1_795_397_601_123_456_789n],
    ["not a time", undefined],
    ["", undefined],
  ])("%s", (input, expected) => {
    expect(createdNanos(input)).toBe(expected);
  });
});

function instance(name: string, idChar: string): ContainerSummary {
  return {
    Id: idChar.repeat(64),
    Names: [`/${name}`],
    Image: "bosun:latest",
    ImageID: `sha256:${idChar.repeat(64)}`,
    Created: 100,
    State: "running",
    Status: "Up",
    Labels: { "com.centurylinklabs.watchtower": "true" },
  };
}

describe("instancesToRemove with instances made in the same second", () => {
  // The older one has the larger ID, so ID order alone would remove the newer one (itself).
  const older = instance("older", "f");
  const newer = instance("newer", "0");
  const created = new Map([
    [older.Id, 100_000_000_001n],
    [newer.Id, 100_000_000_002n],
  ]);

  it.each([
    ["newer listed first", [newer, older]],
    ["older listed first", [older, newer]],
  ])("%s: the older one goes", (_title, list) => {
    expect(instancesToRemove(list, undefined, created).map((entry) => entry.Names[0])).toEqual(["/older"]);
  });
});
