/**
 * @module Watchtower's built-in notification templates (common_templates.go), by name.
 *
 * Deliberate difference in `default`: the original sends a report only when something was
 * Updated or Failed, so monitor-only users never hear about stale containers. Our `default` is
 * the original's text plus one `else if .Stale` branch: whenever the original would send
 * something, the output is the original's, byte for byte; a report with only Stale containers
 * (nothing updated or failed) now produces a message listing them instead of nothing.
 */

const DEFAULT = `
{{- if .Report -}}
  {{- with .Report -}}
    {{- if ( or .Updated .Failed ) -}}
{{len .Scanned}} Scanned, {{len .Updated}} Updated, {{len .Failed}} Failed
      {{- range .Updated}}
- {{with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.CurrentImageID.ShortID}} updated to {{.LatestImageID.ShortID}}
      {{- end -}}
      {{- range .Fresh}}
- {{with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.State}}
      {{- end -}}
      {{- range .Skipped}}
- {{with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.State}}: {{.Error}}
      {{- end -}}
      {{- range .Failed}}
- {{with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.State}}: {{.Error}}
      {{- end -}}
    {{- else if .Stale -}}
{{len .Scanned}} Scanned, {{len .Updated}} Updated, {{len .Failed}} Failed, {{len .Stale}} Stale
      {{- range .Stale}}
- {{with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.State}}: {{.CurrentImageID.ShortID}} can be updated to {{.LatestImageID.ShortID}}
      {{- end -}}
      {{- range .Fresh}}
- {{with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.State}}
      {{- end -}}
      {{- range .Skipped}}
- {{with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.State}}: {{.Error}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- else -}}
  {{range .Entries -}}{{.Message}}{{"\\n"}}{{- end -}}
{{- end -}}`;

const PORCELAIN_V1_SUMMARY_NO_LOG = `
{{- if .Report -}}
  {{- range .Report.All }}
    {{- with .Host}}{{.}} {{end}}{{.Name}} ({{.ImageName}}): {{.State -}}
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
