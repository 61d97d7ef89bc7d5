/**
 * @module The dashboard page built into a directory, as `npm run build` builds it (the browser
 * modules compiled with src/api/dashboard/ui/tsconfig.build.json's options, the HTML and CSS copied),
 * so unit tests serve and measure the real page without a prior build.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const DASHBOARD_SRC = path.join(import.meta.dirname, "../../src/api/dashboard/ui");

/** Compiles and copies the page into `outDir` (which exists). */
export function buildDashboard(outDir: string): void {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(DASHBOARD_SRC, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined || parsed.fileNames.length === 0) throw new Error("no dashboard sources");
  for (const file of parsed.fileNames) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: parsed.options,
      fileName: file,
    });
    writeFileSync(path.join(outDir, path.basename(file).replace(/\.ts$/, ".js")), outputText);
  }
  for (const name of readdirSync(DASHBOARD_SRC)) {
    if (name.endsWith(".html") || name.endsWith(".css")) {
      copyFileSync(path.join(DASHBOARD_SRC, name), path.join(outDir, name));
    }
  }
}
