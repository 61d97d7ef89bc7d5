import { describe, expect, it } from "vitest";
import { TemplateError } from "./errors.ts";
import { GoTime } from "./go-time.ts";
import { compileTemplate } from "./template.ts";

class Item {
  readonly Name: string;
  readonly Tags: string[];
  constructor(name: string, tags: string[]) {
    this.Name = name;
    this.Tags = tags;
  }
  Upper(): string {
    return this.Name.toUpperCase();
  }
  Greet(who: string): string {
    return `${this.Name} greets ${who}`;
  }
}

const data = {
  Name: "bosun",
  Count: 3,
  Zero: 0,
  Empty: [],
  List: ["a", "b", "c"],
  Map: { b: 2, a: 1 },
  EmptyMap: {},
  Items: [new Item("x", ["t1"]), new Item("y", [])],
  Nested: { Inner: { Value: "deep" } },
  Nil: null,
  True: true,
  Html: "<a&b>",
};

// Expected outputs are those of Go 1.22 text/template for the same data.
const cases: [string, string][] = [
  ["plain text", "plain text"],
  ["{{.Name}}", "bosun"],
  ["{{ .Nested.Inner.Value }}", "deep"],
  ["{{.Missing}}", "<no value>"],
  ["{{.Nil}}", "<no value>"],
  ["a {{- .Name -}} b", "abosunb"],
  ["a  {{- .Name}}  b", "abosun  b"],
  ["a\n\t{{- /* comment */ -}}\n b", "ab"],
  ["{{/* only a comment */}}x", "x"],
  ["{{range .List}}{{.}},{{end}}", "a,b,c,"],
  ["{{range $i, $e := .List}}{{$i}}={{$e}} {{end}}", "0=a 1=b 2=c "],
  ["{{range .Empty}}x{{else}}empty{{end}}", "empty"],
  ["{{range $k, $v := .Map}}{{$k}}:{{$v}};{{end}}", "a:1;b:2;"],
  ["{{range .Items}}{{.Name}}{{.Upper}}{{end}}", "xXyY"],
  [
    "{{range .Items}}{{if .Tags}}{{.Name}} has tags{{else}}{{.Name}} none{{end}} {{end}}",
    "x has tags y none ",
  ],
  ['{{range .List}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}', "a"],
  ['{{range .List}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}', "ac"],
  ["{{range 3}}{{.}}{{end}}", "012"],
  ["{{if .Zero}}yes{{else if .Count}}count{{else}}no{{end}}", "count"],
  ["{{if .EmptyMap}}y{{else}}n{{end}}", "n"],
  ["{{if .Nil}}y{{else}}n{{end}}", "n"],
  ["{{with .Nested}}{{with .Inner}}{{.Value}}{{end}}{{end}}", "deep"],
  ["{{with .Missing}}x{{else}}none{{end}}", "none"],
  [
    "{{with $x := .Name}}{{$x}}{{$}}{{end}}",
    "bosunmap[Count:3 Empty:[] EmptyMap:map[] Html:<a&b> Items:[{x [t1]} {y []}] List:[a b c] Map:map[a:1 b:2] Name:bosun Nested:map[Inner:map[Value:deep]] Nil:<nil> True:true Zero:0]",
  ],
  ["{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"],
  ['{{$n := .Name}}{{$n | printf "%s!"}}', "bosun!"],
  ["{{.Name | ToUpper}}", "BOSUN"],
  ['{{"HeLLo" | ToLower}}', "hello"],
  ['{{Title "hello wide world"}}', "Hello Wide World"],
  ["{{len .List}} {{len .Map}} {{len .Name}} {{len .Empty}}", "3 2 5 0"],
  ['{{index .List 1}}{{index .Map "b"}}', "b2"],
  ['{{print 1 2 "a" "b" 3}}', "1 2ab3"],
  ['{{println 1 "a"}}', "1 a\n"],
  ['{{printf "%d|%5d|%-5d|%05d" 42 42 42 42}}', "42|   42|42   |00042"],
  ['{{printf "%s|%10s|%-10s|%q" "ab" "ab" "ab" "a\\"b"}}', 'ab|        ab|ab        |"a\\"b"'],
  ['{{printf "%v %v %v" 1 "x" true}}', "1 x true"],
  ['{{printf "%x %X %x" 255 255 "hi"}}', "ff FF 6869"],
  ['{{printf "%.2f %t %c %%" 3.14159 false 65}}', "3.14 false A %"],
  ['{{printf "%d"}}', "%!d(MISSING)"],
  ['{{printf "%d" "s"}}', "%!d(string=s)"],
  ['{{printf "x" 1}}', "x%!(EXTRA int=1)"],
  ['{{printf "%v" .List}}', "[a b c]"],
  ["{{`raw\\n`}}", "raw\\n"],
  ['{{"tab\\tq"}}', "tab\tq"],
  ['{{eq .Count 3}} {{eq .Name "x" "bosun"}} {{ne 1 2}}', "true true true"],
  ['{{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}', "true true true false"],
  ['{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}} {{not 0}}', "0 2 x  true"],
  ["{{if and .True (gt .Count 2)}}ok{{end}}", "ok"],
  ["{{(index .Items 0).Name}}", "x"],
  ["{{(.Nested).Inner.Value}}", "deep"],
  ['{{with index .Items 0}}{{.Greet "you"}}{{end}}', "x greets you"],
  ['{{.Name | printf "%s-%s" "pre"}}', "pre-bosun"],
  ["{{.Html | html}}", "&lt;a&amp;b&gt;"],
  ["{{slice .Name 1 3}}", "os"],
  ["{{1.5}} {{-3}} {{0x10}} {{'a'}}", "1.5 -3 16 97"],
  ["{{range .Items}}{{range .Tags}}{{.}}{{end}}{{end}}", "t1"],
  ["{{if eq .Count 3 -}} yes {{- end}}", "yes"],
  ['{{ printf "%-8s|" .Name }}', "bosun   |"],
  ["{{ .Map.a }}", "1"],
  ['{{ len .Items | printf "%03d" }}', "002"],
  ["{{range $i, $e := .Items}}{{if $i}}, {{end}}{{$e.Name}}{{end}}", "x, y"],
  ["{{range .List}}{{$.Name}}{{end}}", "bosunbosunbosun"],
  ["{{range .List -}}\n  {{.}}\n{{- end}}", "abc"],
  ['{{ 3 | printf "%d-%d" 1 }}', "1-3"],
  ["{{ slice .List 1 }}", "[b c]"],
  ['{{ index .Nested "Inner" "Value" }}', "deep"],
  ["{{ .Count | eq 3 }}", "true"],
  ['{{ printf "%5.1f|%+d|%08.3f|%e" 3.14159 7 -3.14159 1234.5678 }}', "  3.1|+7|-003.142|1.234568e+03"],
  ['{{ urlquery "a b&c!*" }}', "a+b%26c%21%2A"],
  ['{{ js "a\'b\\"<=>&\\\\" }}', "a\\'b\\\"\\u003C\\u003D\\u003E\\u0026\\\\"],
  ['{{ len "héllo" }} {{ ToUpper "héllo" }}', "6 HÉLLO"],
  ["{{ or .Empty .List }}", "[a b c]"],
  ["{{ $x := 1 }}{{ range .List }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"],
  ["{{ToJSON .Map}}", '{\n  "a": 1,\n  "b": 2\n}'],
  ["{{ToJSON .Html}}", '"\\u003ca\\u0026b\\u003e"'],
  ['{{define "T"}}[{{.}}]{{end}}{{template "T" .Name}}', "[bosun]"],
  ['{{define "T"}}{{.}}{{end}}{{template "T"}}', "<no value>"],
  ['{{define "T"}}{{$}}{{end}}{{template "T" .Count}}', "3"],
  ['{{range .List}}{{template "T" .}}{{end}}{{define "T"}}<{{.}}>{{end}}', "<a><b><c>"],
  ['{{define "R"}}{{if .}}{{len .}}{{template "R" slice . 1}}{{end}}{{end}}{{template "R" .List}}', "321"],
  ['{{block "B" .Count}}n={{.}}{{end}}', "n=3"],
  ['{{define "B"}}{{end}}{{block "B" .Name}}default {{.}}{{end}}', "default bosun"],
  ['{{- define "T" -}} x {{- end -}}\n{{template "T"}}', "x"],
  ['{{with $v := .Name}}{{template "T" $v}}{{end}}{{define "T"}}{{ToUpper .}}{{end}}', "BOSUN"],
];

describe("Go text/template engine", () => {
  it.each(cases)("renders %j", (template, expected) => {
    expect(compileTemplate(template).execute(data)).toBe(expected);
  });

  it.each([
    ["{{.When}}", "2026-01-02 03:04:05.6 +0000 UTC"],
    ["{{.Midnight}}", "2026-01-02 00:00:00 +0000 UTC"],
    ["{{ToJSON .When}}", '"2026-01-02T03:04:05.6Z"'],
    ["{{ToJSON .Midnight}}", '"2026-01-02T00:00:00Z"'],
    ['{{.When.Format "2006-01-02 15:04:05"}}', "2026-01-02 03:04:05"],
    ['{{.When.Format "Mon Jan _2 3:4:5.000 PM MST -07:00 Z07:00"}}', "Fri Jan  2 3:4:5.600 AM UTC +00:00 Z"],
    ['{{.When.Format "January 2, 06 002 .999 ,99 Janet"}}', "January 2, 26 002 .6 ,6 Janet"],
    ["{{.When.Unix}} {{.When.UnixMilli}} {{.When.UnixNano}}", "1767323045 1767323045600 1767323045600000000"],
    [
      "{{.When.UTC}} {{.When.Local.Year}} {{.When.Month}} {{.When.Weekday}} {{.When.YearDay}}",
      "2026-01-02 03:04:05.6 +0000 UTC 2026 January Friday 2",
    ],
    [
      "{{.When.Hour}}:{{.When.Minute}}:{{.When.Second}} {{.When.Nanosecond}} {{.When.IsZero}}",
      "3:4:5 600000000 false",
    ],
    ["{{.When.After .Midnight}} {{.When.Before .Midnight}} {{.When.Equal .When}}", "true false true"],
    ['{{printf "%s|%v" .When .Midnight}}', "2026-01-02 03:04:05.6 +0000 UTC|2026-01-02 00:00:00 +0000 UTC"],
  ])("renders a time.Time like Go: %j", (template, expected) => {
    const times = {
      When: new GoTime(Date.UTC(2026, 0, 2, 3, 4, 5, 600), false),
      Midnight: new GoTime(Date.UTC(2026, 0, 2), false),
    };
    expect(compileTemplate(template).execute(times)).toBe(expected);
  });

  const parseErrors: [string, number, number, string][] = [
    ["{{.Name", 1, 1, "unclosed action"],
    ["line1\n  {{if .X}}no end", 2, 5, "unexpected EOF"],
    ["{{end}}", 1, 3, "unexpected {{end}}"],
    ["a\nb {{nofunc 1}}", 2, 5, 'function "nofunc" not defined'],
    ["{{$y}}", 1, 3, 'undefined variable "$y"'],
    ['{{ "abc }}', 1, 4, "unterminated quoted string"],
    ["{{/* open", 1, 1, "unclosed comment"],
    ["{{else}}", 1, 3, "unexpected {{else}}"],
    ["{{break}}", 1, 3, "{{break}} outside {{range}}"],
    ["{{(.A}}", 1, 6, "unclosed left paren"],
    ['{{template "Nope"}}', 1, 3, 'no such template "Nope"'],
    ['{{if 1}}{{define "T"}}x{{end}}{{end}}', 1, 11, "{{define}} is only allowed at the top level"],
    ["{{template .Name}}", 1, 12, "expected a quoted template name"],
    ['{{$x := 1}}{{define "T"}}{{$x}}{{end}}', 1, 28, 'undefined variable "$x"'],
    ['{{define "B"}}mine{{end}}{{block "B" .}}theirs{{end}}', 1, 28, 'multiple definition of template "B"'],
    ['{{define "T"}}x', 1, 3, 'expected {{end}} for {{define "T"}}'],
  ];
  it.each(parseErrors)("rejects %j at %i:%i", (template, line, column, message) => {
    let caught: unknown;
    try {
      compileTemplate(template);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    const error = caught as TemplateError;
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toContain(message);
    expect(error.message).toContain(`:${String(line)}:${String(column)}:`);
  });

  const execErrors: [string, string][] = [
    ["{{.Items.Nope}}", "can't evaluate field Nope"],
    ["{{len 3}}", "len of type int"],
    ['{{eq 1 "a"}}', "incompatible types"],
    ["{{index .List 9}}", "index out of range"],
    ["{{range .Count}}{{end}}{{range .Name}}{{end}}", "range can't iterate over bosun"],
    ['{{define "L"}}{{template "L"}}{{end}}{{template "L"}}', "exceeded maximum template depth (1000)"],
  ];
  it.each(execErrors)("fails executing %j", (template, message) => {
    expect(() => compileTemplate(template).execute(data)).toThrow(message);
  });
});
