/**
 * The import rules of docs/architecture.md: no module of src/ reaches itself through its imports,
 * and neither does a top-level folder (config, log and util are leaves; update sits above container,
 * docker, registry and lifecycle). Type-only and dynamic imports count: they couple as much.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, folderGraph, importGraph } from "../support/import-graph.ts";

const SRC = path.join(import.meta.dirname, "../../src");
const production = importGraph(SRC, (file) => file.endsWith(".test.ts"));

describe("import graph of src/", () => {
  it("reads the imports (the graph is not empty and resolves .ts specifiers)", () => {
    expect(production.get("main.ts")).toContain("daemon.ts");
    expect(production.get("container/list.ts")).toContain("util/map-pool.ts");
  });

  it("has no cycle between files", () => {
    expect(cycles(production)).toEqual([]);
  });

  it("has no cycle between folders", () => {
    expect(cycles(folderGraph(production))).toEqual([]);
  });

  it("keeps config, log and util free of the domain folders", () => {
    const folders = folderGraph(production);
    expect(folders.get("util")).toEqual([]);
    expect(folders.get("log")).toEqual([]);
    expect(folders.get("config")?.filter((folder) => !["log", "util"].includes(folder))).toEqual([]);
  });
});

describe("cycle detection", () => {
  it.each([
    { name: "a two-file loop", graph: { "a.ts": ["b.ts"], "b.ts": ["a.ts"] }, want: [["a.ts", "b.ts"]] },
    { name: "a self-import", graph: { "a.ts": ["a.ts"] }, want: [["a.ts"]] },
    { name: "a chain", graph: { "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": [] }, want: [] },
    {
      name: "a three-file loop beside a tail",
      graph: { "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": ["a.ts", "d.ts"], "d.ts": [] },
      want: [["a.ts", "b.ts", "c.ts"]],
    },
  ])("finds $name", ({ graph, want }) => {
    expect(cycles(new Map(Object.entries(graph)))).toEqual(want);
  });

  it("folds files into their top-level folders", () => {
    const graph = new Map(
      Object.entries({ "x/a.ts": ["y/b.ts"], "y/b.ts": ["x/c.ts"], "x/c.ts": [], "main.ts": ["x/a.ts"] }),
    );
    expect(cycles(graph)).toEqual([]);
    expect(cycles(folderGraph(graph))).toEqual([["x", "y"]]);
    expect(folderGraph(graph).get("(root)")).toEqual(["x"]);
  });
});
