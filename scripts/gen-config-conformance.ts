/**
 * Extracts the configuration examples of Watchtower's own documentation into
 * test/conformance/config-watchtower-docs.json, the rows of test/conformance/config-*.test.ts:
 * every ```text argument block of docs/arguments.md (flags, env var, type or possible values,
 * default), every "`--flag` (env. `VAR`)" pair, and every example in a fenced block (env
 * assignments, `command:` lines, arguments after the image in `docker run`). Each row cites its
 * file and line at the commit read.
 *
 *   git clone https://github.com/containrrr/watchtower /tmp/wt
 *   npx tsx scripts/gen-config-conformance.ts /tmp/wt/.git [commit]
 *   npx prettier --write test/conformance/config-watchtower-docs.json
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import type { ConformanceRow } from "../test/conformance/config-rows.ts";

const [gitDir, commitArg] = process.argv.slice(2);
if (gitDir === undefined) throw new Error("usage: gen-config-conformance.ts <watchtower git dir> [commit]");
const git = (...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8" });
const commit = git("rev-parse", "--short=7", commitArg ?? "HEAD").trim();
const files = git("ls-tree", "--name-only", commit, "docs/")
  .split("\n")
  .filter((file) => file.endsWith(".md"));

const rows: ConformanceRow[] = [];
const cite = (file: string, line: number) => `containrrr/watchtower@${commit} ${file}:${String(line)}`;
const unquote = (text: string) => text.trim().replace(/^(["'])(.*)\1$/, "$2");
const NA = (text: string | undefined) => (text === undefined || text === "N/A" ? undefined : text);

/** Shell-like split: whitespace, double or single quotes group. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

const ENV_LINE =
  /^\s*(?:-e\s+|-\s+)?((?:WATCHTOWER|DOCKER)_[A-Z_]+|REPO_USER|REPO_PASS|TZ|NO_COLOR)\s*[=:]\s*(.*?)\s*\\?$/;

for (const file of files) {
  const lines = git("show", `${commit}:${file}`).split("\n");
  let heading = "";
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    if (line.startsWith("#")) heading = line.replace(/^#+\s*/, "");
    for (const match of line.matchAll(/`(--[a-z-]+)` \(env\. `([A-Z_]+)`\)/g)) {
      rows.push({ kind: "env-pair", source: cite(file, i + 1), flag: match[1] ?? "", env: match[2] ?? "" });
    }
    for (const match of line.matchAll(/An example: `(--[^`]+)`/g)) {
      rows.push({ kind: "example", source: cite(file, i + 1), argv: words(match[1] ?? ""), env: {} });
    }
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence === null) continue;
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !/^\s*```/.test(lines[i] ?? ""); i += 1) body.push(lines[i] ?? "");
    if (fence[1] === "text" && file === "docs/arguments.md") {
      const block = Object.fromEntries(
        body.flatMap((text) => {
          const m = /^\s*([A-Za-z ]+):\s*(.*)$/.exec(text);
          return m === null ? [] : [[(m[1] ?? "").trim(), (m[2] ?? "").trim()]];
        }),
      );
      const flags = NA(block.Argument);
      if (flags === undefined && NA(block["Environment Variable"]) === undefined) continue;
      const values = NA(block["Possible values"]);
      rows.push({
        kind: "argument",
        source: cite(file, start + 1),
        heading,
        flags: flags === undefined ? [] : flags.split(",").map((flag) => flag.trim()),
        ...(NA(block["Environment Variable"]) === undefined ? {} : { env: block["Environment Variable"] }),
        ...(NA(block.Type) === undefined ? {} : { type: block.Type }),
        ...(values === undefined ? {} : { values: values.split(/,\s*|\s+or\s+/).map((v) => v.trim()) }),
        ...(NA(block.Default) === undefined ? {} : { default: block.Default }),
      });
      continue;
    }
    // An example: env assignments, `command:` and the arguments after the image of `docker run`.
    const env: Record<string, string> = {};
    const argv: string[] = [];
    if (!["bash", "yaml", "yml", "sh", "shell", ""].includes(fence[1] ?? "")) continue;
    const joined = body.join("\n").replace(/\\\n/g, " ");
    for (const text of body) {
      const m = ENV_LINE.exec(text);
      if (m === null) continue;
      const raw = (m[2] ?? "").trim();
      const value = unquote(raw);
      // Multi-line values (templates, URL lists) belong to the notification conformance; shell
      // variables are the reader's own.
      const multiLine =
        raw === ">" || raw === "|" || /^["']/.test(raw) !== /["']$/.test(raw) || raw.length === 1;
      if (multiLine || value.startsWith("{{") || value.startsWith("$")) continue;
      env[m[1] ?? ""] = value;
    }
    const commands = [...joined.matchAll(/^\s*command:\s*(.+)$/gm)].map((m) => words(m[1] ?? ""));
    for (const m of joined.matchAll(/docker run[^\n]*?containrrr\/watchtower(?::\S+)?([^\n]*)/g)) {
      argv.push(...words(m[1] ?? ""));
    }
    // A compose file with several services: one example per `command:`.
    const argvs = commands.length > 1 ? commands : [[...(commands[0] ?? []), ...argv]];
    for (const one of argvs) {
      if (Object.keys(env).length > 0 || one.length > 0) {
        rows.push({ kind: "example", source: cite(file, start + 1), argv: one, env });
      }
    }
  }
}

const out = new URL("../test/conformance/config-watchtower-docs.json", import.meta.url);
writeFileSync(out, `${JSON.stringify({ commit, rows }, null, 2)}\n`);
process.stdout.write(`${String(rows.length)} rows from ${String(files.length)} files at ${commit}\n`);
