/**
 * @module Watchtower's built-in notification templates (common_templates.go), by name. The
 * `default` template also lists stale containers (monitor-only), a deliberate difference: for a
 * report without stale containers its output is the original's, byte for byte.
 */

const DEFAULT = `
{{- if .Report -}}
  {{- with .Report -}}
    {{- if ( or .Updated .Failed .Stale ) -}}
{{len .Scanned}} Scanned, {{len .Updated}} Updated, {{len .Failed}} Failed
      {{- with .Stale}}, {{len .}} Stale{{end}}
      {{- range .Updated}}
- {{.Name}} ({{.ImageName}}): {{.CurrentImageID.ShortID}} updated to {{.LatestImageID.ShortID}}
      {{- end -}}
      {{- range .Stale}}
- {{.Name}} ({{.ImageName}}): {{.State}}, {{.CurrentImageID.ShortID}} can be updated to {{.LatestImageID.ShortID}}
      {{- end -}}
      {{- range .Fresh}}
- {{.Name}} ({{.ImageName}}): {{.State}}
      {{- end -}}
      {{- range .Skipped}}
- {{.Name}} ({{.ImageName}}): {{.State}}: {{.Error}}
      {{- end -}}
      {{- range .Failed}}
- {{.Name}} ({{.ImageName}}): {{.State}}: {{.Error}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- else -}}
  {{range .Entries -}}{{.Message}}{{"\\n"}}{{- end -}}
{{- end -}}`;

const PORCELAIN_V1_SUMMARY_NO_LOG = `
{{- if .Report -}}
  {{- range .Report.All }}
    {{- .Name}} ({{.ImageName}}): {{.State -}}
    {{- with .Error}} Error: {{.}}{{end}}{{ println }}
  {{- else -}}
    no containers matched filter
  {{- end -}}
{{- end -}}`;

export const BUILTIN_TEMPLATES: ReadonlyMap<string, string> = new Map([
  ["default-legacy", "{{range .}}{{.Message}}{{println}}{{end}}"],
  ["default", DEFAULT],
  ["porcelain.v1.summary-no-log", PORCELAIN_V1_SUMMARY_NO_LOG],
  ["json.v1", "{{ . | ToJSON }}"],
]);
