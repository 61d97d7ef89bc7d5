import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "../docker/types.ts";
import { asideName } from "./aside-names.ts";
import { instancesToRemove } from "./instances.ts";

const INSTANCE = "com.centurylinklabs.watchtower";
const SCOPE = "com.centurylinklabs.watchtower.scope";

/** A container summary with ID `<key>` padded to 64 chars, created at `created` (seconds). */
function summary(
  key: string,
  created: number,
  labels: Record<string, string> | null = { [INSTANCE]: "true" },
  name = `/${key}`,
): ContainerSummary {
  const id = `${key}${"0".repeat(64)}`.slice(0, 64);
  return {
    Id: id,
    Names: [name],
    Image: "bosun:latest",
    ImageID: `sha256:${"1".repeat(64)}`,
    Created: created,
    State: "running",
    Status: "Up",
    Labels: labels,
  };
}

const keys = (list: readonly ContainerSummary[]) => list.map((item) => item.Id.replace(/0+$/, ""));

describe("instancesToRemove", () => {
  it("nothing when there is no instance or only one", () => {
    expect(instancesToRemove([], undefined)).toEqual([]);
    expect(instancesToRemove([summary("a", 1), summary("b", 2, { other: "x" })], undefined)).toEqual([]);
  });

  it("all but the newest by Created, whatever the list order", () => {
    const list = [summary("b", 200), summary("c", 300), summary("a", 100), summary("d", 250)];
    expect(keys(instancesToRemove(list, undefined))).toEqual(["a", "b", "d"]);
  });

  it("only the label value true marks an instance", () => {
    const list = [
      summary("a", 100),
      summary("b", 200, { [INSTANCE]: "false" }),
      summary("c", 300, { [INSTANCE]: "" }),
      summary("d", 400, null),
    ];
    expect(instancesToRemove(list, undefined)).toEqual([]);
  });

  const scoped = [
    summary("a", 100),
    summary("b", 200, { [INSTANCE]: "true", [SCOPE]: "x" }),
    summary("c", 300, { [INSTANCE]: "true", [SCOPE]: "y" }),
    summary("d", 400, { [INSTANCE]: "true", [SCOPE]: "x" }),
    summary("e", 500, { [INSTANCE]: "true", [SCOPE]: "" }),
  ];

  it.each([
    ["unscoped sees every instance", undefined, ["a", "b", "c", "d"]],
    ["scope x sees only x", "x", ["b"]],
    ["scope y alone has nothing to remove", "y", []],
    ["scope none sees unscoped and empty-scope instances", "none", ["a"]],
  ])("%s", (_, scope, expected) => {
    expect(keys(instancesToRemove(scoped, scope))).toEqual(expected);
  });

  it("a stopped instance set aside mid-swap belongs to crash recovery: not counted nor removed", () => {
    const old = summary("a", 100);
    old.Names = [`/${asideName("/bosun", old.Id, false)}`];
    old.State = "exited";
    const list = [old, summary("b", 200)];
    expect(instancesToRemove(list, undefined)).toEqual([]);
    // A name that only looks aside (not its own short ID) is an ordinary instance.
    const lookalike = summary(
      "c",
      50,
      { [INSTANCE]: "true" },
      `/${asideName("/bosun", summary("f", 0).Id, false)}`,
    );
    lookalike.State = "exited";
    expect(keys(instancesToRemove([...list, lookalike], undefined))).toEqual(["c"]);
  });

  it("a running instance set aside by a self-update is the older one and is removed", () => {
    const old = summary("a", 100);
    old.Names = [`/${asideName("/bosun", old.Id, true)}`];
    expect(keys(instancesToRemove([summary("b", 200), old], undefined))).toEqual(["a"]);
  });

  it("equal Created times fall back to ID order and keep one", () => {
    const list = [summary("b", 100), summary("a", 100)];
    expect(keys(instancesToRemove(list, undefined))).toEqual(["a"]);
  });
});
