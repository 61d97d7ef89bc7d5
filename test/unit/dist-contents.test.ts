/**
 * Nothing test-only ships: every module the build compiles into dist/ is one the CLI can load
 * (statically or by a dynamic `import()`), so fixtures, fakes and build-time generators live in
 * test/ or scripts/, never in src/.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { importGraph } from "../support/import-graph.ts";

const ROOT = path.join(import.meta.dirname, "../..");
const SRC = path.join(ROOT, "src");
const DIST = path.join(ROOT, "dist");
const DASHBOARD_CONFIG = "src/api/dashboard/ui/tsconfig.build.json";

/** The sources a build config compiles, relative to src/. */
function buildInputs(config = "tsconfig.build.json"): string[] {
  const configPath = path.join(ROOT, config);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) throw new Error("tsconfig.build.json did not parse");
  return parsed.fileNames.map((file) => path.relative(SRC, file).split(path.sep).join("/")).sort();
}

function reachableFrom(entry: string): Set<string> {
  const graph = importGraph(SRC, (file) => file.endsWith(".test.ts"));
  const seen = new Set<string>();
  const todo = [entry];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...(graph.get(file) ?? []));
  }
  return seen;
}

describe("what the build ships", () => {
  const inputs = buildInputs();
  // The dashboard's browser modules: compiled by their own config (the DOM's types), never loaded by the CLI.
  const dashboard = buildInputs(DASHBOARD_CONFIG);

  it("compiles no test file", () => {
    expect(inputs.length).toBeGreaterThan(50);
    expect(dashboard.length).toBeGreaterThan(5);
    expect([...inputs, ...dashboard].filter((file) => /\.test\.ts$|(^|\/)test-/.test(file))).toEqual([]);
  });

  it("compiles only modules the CLI loads", () => {
    const loaded = reachableFrom("cli.ts");
    expect(inputs.filter((file) => !loaded.has(file))).toEqual([]);
  });

  it.runIf(existsSync(DIST))("leaves no test file in dist/ (a stale dist/: run npm run build)", () => {
    const shipped = readdirSync(DIST, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
      .map((entry) => path.relative(DIST, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
    const expected = new Set([...inputs, ...dashboard].map((file) => file.replace(/\.ts$/, ".js")));
    expect(shipped.filter((file) => !expected.has(file))).toEqual([]);
  });

  it.runIf(existsSync(DIST))("ships the dashboard page: its modules, HTML and CSS", () => {
    const dir = path.join(DIST, "api/dashboard/ui");
    const shipped = readdirSync(dir).sort();
    const modules = dashboard.map((file) => path.basename(file).replace(/\.ts$/, ".js"));
    expect(shipped).toEqual([...modules, "dashboard.css", "index.html"].sort());
  });
});
