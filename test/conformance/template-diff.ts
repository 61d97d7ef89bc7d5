/**
 * The differential check of Bosun's template engine against Go's text/template: generates a
 * few hundred templates (printf verbs and flags, pipelines, range/with/if/else-if, comparison
 * functions across types, nil and missing values, define/template/block, trim markers), renders
 * each with real Go (scripts/go-conformance.sh, which installs Debian's Go when missing) and
 * with Bosun, and reports every difference. Both failing counts as agreeing (the messages differ
 * in wording). Exit status 1 when anything differs.
 *
 *   npm run conformance:templates
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileTemplate } from "../../src/notify/template/template.ts";
import {
  CaseFile,
  fixtureData,
  GoldenFile,
  readJson,
  type TemplateCase,
} from "../support/template-fixtures.ts";

const root = new URL("../../", import.meta.url);
const base = readJson(CaseFile, new URL("test/conformance/template-cases.json", root));

const VALUES = [
  ".s",
  ".empty",
  ".n",
  ".zero",
  ".neg",
  ".f",
  ".tiny",
  ".big",
  ".huge",
  ".t",
  ".no",
  ".nil",
  ".list",
  ".nums",
  ".m",
  ".missing",
];
const LITERALS = ["1.0", "2e3", "'a'", '"str"', "0x1F", "-3", "1.25", "true", "nil"];
const VERBS = [
  "%v",
  "%+v",
  "%s",
  "%q",
  "%d",
  "%x",
  "%X",
  "%o",
  "%b",
  "%e",
  "%E",
  "%f",
  "%.2f",
  "%g",
  "%.3g",
  "%G",
  "%t",
  "%c",
  "%T",
  "%5d|",
  "%-5d|",
  "%05d",
  "%+d",
  "% d",
  "%#x",
  "%#o",
  "%8.3f",
  "%-8s|",
  "%.2s",
  "%x",
];
const COMPARE = ["eq", "ne", "lt", "le", "gt", "ge"];
const OPERANDS = ["1", "2", "1.5", "1.0", '"a"', '"b"', ".n", ".f", ".s", ".t", ".nil", ".list", ".missing"];

function generate(): TemplateCase[] {
  const cases: TemplateCase[] = [];
  const add = (group: string, template: string): void => {
    cases.push({ id: `${group}-${String(cases.length).padStart(4, "0")}`, template, fixture: "values" });
  };
  for (const verb of VERBS)
    for (const v of [...VALUES, ...LITERALS]) add("printf", `{{printf "${verb}" ${v}}}`);
  for (const fn of COMPARE) {
    for (const a of OPERANDS)
      for (const b of OPERANDS)
        if (fn === "eq" || fn === "lt" || a < b) add("compare", `{{${fn} ${a} ${b}}}`);
  }
  for (const t of [
    '{{printf "%d %s" 1}}',
    '{{printf "%d" 1 2}}',
    '{{printf "%[2]d %[1]d" 1 2}}',
    '{{printf "%*d|" 5 3}}',
    '{{printf "%.*f" 2 3.14159}}',
    '{{printf "%v %v" .list .m}}',
    '{{printf "%s" .nums}}',
    '{{printf "%d" .nums}}',
    '{{printf "%x" .s}}',
    '{{printf "%q" .m}}',
    '{{printf "%6.2f|%-6.2f|" .f .f}}',
    '{{printf "%U" 65}}',
    '{{printf "%%"}}',
    '{{printf "%"}}',
    '{{printf "%!"}}',
    '{{printf "%z" 1}}',
    '{{printf "%-"}}',
    '{{printf "%5"}}',
    '{{print 1 2 "a" "b" 3 .f .t}}',
    '{{println 1 "a" .list}}',
    "{{print .nil .missing}}",
    '{{.s | printf "%q"}}',
    '{{.n | printf "%d-%s" "x"}}',
    '{{"a" | print "b"}}',
    "{{.list | len}}",
    "{{.m | len}}",
    "{{len .s}}",
    "{{len .words}}",
    "{{len .nil}}",
    "{{len .n}}",
    '{{.s | len | printf "%03d"}}',
    "{{range $i, $e := .list}}{{$i}}={{$e}};{{end}}",
    "{{range .m}}{{.}},{{end}}",
    "{{range $k, $v := .m}}{{$k}}{{$v}}{{end}}",
    "{{range .emptylist}}x{{else}}empty{{end}}",
    "{{range .nil}}x{{else}}nil{{end}}",
    "{{range .nested}}[{{range .}}{{.}}{{end}}]{{end}}",
    "{{range .nums}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}",
    "{{range .nums}}{{if eq . 1}}{{break}}{{end}}{{.}}{{end}}",
    "{{range .s}}{{.}}{{end}}",
    "{{with .s}}{{.}}{{else}}none{{end}}",
    "{{with .empty}}x{{else}}none{{end}}",
    "{{with $x := .n}}{{$x}}{{end}}",
    "{{if .t}}a{{else if .no}}b{{else}}c{{end}}",
    "{{if .no}}a{{else if .n}}b{{else}}c{{end}}",
    "{{if .no}}a{{else if .zero}}b{{else}}c{{end}}",
    "{{if and .t .n}}y{{end}}|{{and .t .zero .n}}|{{or .zero .empty .s}}|{{or .zero .empty}}|{{not .list}}|{{not .emptylist}}",
    "{{and}}",
    "{{.missing}}",
    "{{.missing.deeper}}",
    "{{.nil}}",
    "{{.nil.x}}",
    "{{.s.x}}",
    '{{index .m "zz"}}',
    '{{index .m "a"}}',
    "{{index .list 1}}",
    "{{index .list 5}}",
    "{{index .nested 0 1}}",
    "{{index .nil 0}}",
    "{{index .s 1}}",
    "{{slice .s 1 3}}",
    "{{slice .list 1}}",
    "{{slice .s 3 1}}",
    "{{if .missing}}y{{else}}n{{end}}",
    "{{eq .missing nil}}",
    "{{eq .nil nil}}",
    '{{printf "%v" .missing}}',
    '{{define "T"}}[{{.}}]{{end}}{{template "T" .s}}{{template "T" .n}}',
    '{{define "T"}}[{{.}}]{{end}}{{template "T"}}',
    '{{block "B" .n}}({{.}}){{end}}',
    '{{define "A"}}a{{template "B" .}}{{end}}{{define "B"}}b{{.}}{{end}}{{template "A" 7}}',
    '{{template "nope"}}',
    "a  {{- .s -}}  b",
    "a {{- /* c */ -}} b",
    "x {{- 3}}",
    "{{3 -}} y",
    "{{-3}}",
    "{{- 3 }}",
    "{{/* only */}}",
    "{{$x := 1}}{{$x = 2}}{{$x}}",
    "{{$x := 1}}{{range .list}}{{$x = .}}{{end}}{{$x}}",
    "{{$}}",
    "{{$.s}}",
    "{{html .html}}|{{js .html}}|{{urlquery .html}}|{{html 1 2}}",
    '{{js "it\'s\\n"}}',
    '{{urlquery "a b&c=d/é"}}',
    '{{ToUpper .s}}|{{ToLower .s}}|{{Title .s}}|{{Title "hello-world foo_bar"}}',
    "{{Title .words}}",
    '{{Title "ǆemal ŉ ﬁre"}}',
    "{{ToJSON .m}}",
    "{{ToJSON .list}}",
    "{{ToJSON .nil}}",
    "{{ToJSON .f}}",
    "{{ToJSON .html}}",
    "{{ToUpper .n}}",
    "{{call .s}}",
    "{{nil}}",
    "{{.s 1}}",
    "{{1 2}}",
    '{{"a" "b"}}',
    "{{(1)}}",
    "{{(.list)}}",
    '{{(index .list 0) | printf "%s!"}}',
    '{{printf "%d" (len .list)}}',
    "{{`raw\\n`}}",
    "{{'\\n'}}",
    "{{0x10}} {{0o17}} {{017}} {{1_000}} {{0b101}} {{1e3}} {{.5}} {{-0.0}}",
  ])
    add("misc", t);
  return cases;
}

function bosun(c: TemplateCase, file: CaseFile): { output?: string; error?: string } {
  try {
    return { output: compileTemplate(c.template).execute(fixtureData(file, c.fixture)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const generated = generate();
const file: CaseFile = { fixtures: base.fixtures, cases: [...base.cases, ...generated] };
const dir = mkdtempSync(join(tmpdir(), "bosun-template-diff-"));
try {
  const casesPath = join(dir, "cases.json");
  const outPath = join(dir, "go.json");
  writeFileSync(casesPath, JSON.stringify(file));
  execFileSync("bash", [new URL("scripts/go-conformance.sh", root).pathname, "render", casesPath, outPath], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const go = GoldenFile.parse(JSON.parse(readFileSync(outPath, "utf8")));
  let agreed = 0;
  const differences: string[] = [];
  for (const c of file.cases) {
    const want = go[c.id] ?? {};
    const got = bosun(c, file);
    const same =
      want.error !== undefined
        ? got.error !== undefined
        : got.error === undefined && got.output === want.output;
    if (same) agreed++;
    else
      differences.push(
        `${c.id}: ${c.template}\n  go:    ${JSON.stringify(want)}\n  bosun: ${JSON.stringify(got)}`,
      );
  }
  for (const d of differences) console.log(d);
  console.log(
    `templates: ${String(file.cases.length)}, agreed: ${String(agreed)}, differed: ${String(differences.length)}`,
  );
  process.exitCode = differences.length === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
