// Command templates renders every case of a template case file with Go's text/template and
// Watchtower's template functions (pkg/notifications/templates/funcs.go), against data shaped
// like Watchtower's (notifications.Data, logrus entries, session reports), and writes
// {id: {output} | {error}} as JSON to the file named by the second argument.
//
// Run it through scripts/go-conformance.sh (Debian's Go 1.19 in GOPATH mode; golang.org/x/text
// from golang-golang-x-text-dev).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"
	"time"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Watchtower's template functions, as in pkg/notifications/templates/funcs.go.
var funcs = template.FuncMap{
	"ToUpper": strings.ToUpper,
	"ToLower": strings.ToLower,
	"ToJSON":  toJSON,
	"Title":   cases.Title(language.AmericanEnglish).String,
}

func toJSON(v interface{}) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprintf("failed to marshal JSON in notification template: %v", err)
	}
	return string(b)
}

// ID is Watchtower's types.ContainerID / types.ImageID.
type ID string

func (id ID) ShortID() string {
	s := strings.TrimPrefix(string(id), "sha256:")
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

type containerSpec struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	ImageName      string `json:"imageName"`
	CurrentImageID string `json:"currentImageId"`
	LatestImageID  string `json:"latestImageId"`
	State          string `json:"state"`
	Err            string `json:"error"`
}

// Container has the methods of Watchtower's types.ContainerReport.
type Container struct{ s containerSpec }

func (c *Container) ID() ID             { return ID(c.s.ID) }
func (c *Container) Name() string       { return c.s.Name }
func (c *Container) ImageName() string  { return c.s.ImageName }
func (c *Container) CurrentImageID() ID { return ID(c.s.CurrentImageID) }
func (c *Container) LatestImageID() ID  { return ID(c.s.LatestImageID) }
func (c *Container) State() string      { return c.s.State }
func (c *Container) Error() string      { return c.s.Err }

// MarshalJSON is Watchtower's json.v1 container shape.
func (c *Container) MarshalJSON() ([]byte, error) {
	m := map[string]string{
		"id": c.ID().ShortID(), "name": c.s.Name, "currentImageId": c.CurrentImageID().ShortID(),
		"latestImageId": c.LatestImageID().ShortID(), "imageName": c.s.ImageName, "state": c.s.State,
	}
	if c.s.Err != "" {
		m["error"] = c.s.Err
	}
	return json.Marshal(m)
}

// Report has the methods of Watchtower's types.Report.
type Report struct{ all []*Container }

func (r *Report) by(pred func(c *Container) bool) []*Container {
	out := []*Container{}
	for _, c := range r.all {
		if pred(c) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].s.ID < out[j].s.ID })
	return out
}
func (r *Report) state(s string) []*Container {
	return r.by(func(c *Container) bool { return c.s.State == s })
}
func (r *Report) Scanned() []*Container {
	return r.by(func(c *Container) bool { return c.s.State != "Skipped" })
}
func (r *Report) Updated() []*Container { return r.state("Updated") }
func (r *Report) Failed() []*Container  { return r.state("Failed") }
func (r *Report) Skipped() []*Container { return r.state("Skipped") }
func (r *Report) Stale() []*Container   { return r.state("Stale") }
func (r *Report) Fresh() []*Container   { return r.state("Fresh") }
func (r *Report) All() []*Container     { return r.by(func(*Container) bool { return true }) }

// MarshalJSON is Watchtower's json.v1 report shape.
func (r *Report) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]interface{}{
		"scanned": r.Scanned(), "updated": r.Updated(), "failed": r.Failed(),
		"skipped": r.Skipped(), "stale": r.Stale(), "fresh": r.Fresh(),
	})
}

// Level prints as logrus.Level does.
type Level uint32

func (l Level) String() string { return [...]string{"panic", "fatal", "error", "warning", "info", "debug", "trace"}[l] }

// MarshalText is logrus.Level's.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

var levels = map[string]Level{"panic": 0, "fatal": 1, "error": 2, "warning": 3, "info": 4, "debug": 5, "trace": 6}

// Entry has the template-visible fields of logrus.Entry.
type Entry struct {
	Data    map[string]interface{}
	Time    time.Time
	Level   Level
	Message string
}

// MarshalJSON is Watchtower's json.v1 entry shape.
func (e *Entry) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]interface{}{"data": e.Data, "level": e.Level, "message": e.Message, "time": e.Time})
}

// Data is Watchtower's notifications.Data: StaticData embedded, then Entries and Report.
type StaticData struct {
	Title string
	Host  string
}
type Data struct {
	StaticData
	Entries []*Entry
	Report  interface{}
}

// MarshalJSON is Watchtower's json.v1 shape.
func (d Data) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]interface{}{"title": d.Title, "host": d.Host, "entries": d.Entries, "report": d.Report})
}

type entrySpec struct {
	Message string                 `json:"message"`
	Level   string                 `json:"level"`
	Time    string                 `json:"time"`
	Data    map[string]interface{} `json:"data"`
}

type fixture struct {
	Kind    string          `json:"kind"`
	Title   string          `json:"title"`
	Host    string          `json:"host"`
	Entries []entrySpec     `json:"entries"`
	Report  []containerSpec `json:"report"`
	Value   json.RawMessage `json:"value"`
}

type caseSpec struct {
	ID       string `json:"id"`
	Template string `json:"template"`
	Fixture  string `json:"fixture"`
}

type file struct {
	Fixtures map[string]fixture `json:"fixtures"`
	Cases    []caseSpec         `json:"cases"`
}

// plain turns decoded JSON into Go values as a template sees them: integers as int, other
// numbers as float64.
func plain(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil && !strings.ContainsAny(x.String(), ".eE") {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case []interface{}:
		for i := range x {
			x[i] = plain(x[i])
		}
		return x
	case map[string]interface{}:
		for k := range x {
			x[k] = plain(x[k])
		}
		return x
	}
	return v
}

func decode(raw []byte) interface{} {
	var v interface{}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		panic(err)
	}
	return plain(v)
}

func entries(specs []entrySpec) []*Entry {
	out := []*Entry{}
	for _, s := range specs {
		t, err := time.Parse(time.RFC3339Nano, s.Time)
		if err != nil {
			panic(err)
		}
		data := s.Data
		if data == nil {
			data = map[string]interface{}{}
		}
		raw, _ := json.Marshal(data)
		out = append(out, &Entry{Data: decode(raw).(map[string]interface{}), Time: t.UTC(), Level: levels[s.Level], Message: s.Message})
	}
	return out
}

func build(f fixture) interface{} {
	switch f.Kind {
	case "entries":
		return entries(f.Entries)
	case "notification":
		d := Data{StaticData: StaticData{Title: f.Title, Host: f.Host}, Entries: entries(f.Entries)}
		if f.Report != nil {
			r := &Report{}
			for _, c := range f.Report {
				r.all = append(r.all, &Container{c})
			}
			d.Report = r
		}
		return d
	case "value":
		return decode(f.Value)
	}
	panic("unknown fixture kind " + f.Kind)
}

type result struct {
	Output *string `json:"output,omitempty"`
	Error  string  `json:"error,omitempty"`
}

func render(text string, data interface{}) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	tpl, err := template.New("notification").Funcs(funcs).Parse(text)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var f file
	if err := json.Unmarshal(raw, &f); err != nil {
		panic(err)
	}
	out := map[string]result{}
	for _, c := range f.Cases {
		fx, ok := f.Fixtures[c.Fixture]
		if !ok {
			panic("unknown fixture " + c.Fixture)
		}
		text, err := render(c.Template, build(fx))
		if err != nil {
			out[c.ID] = result{Error: err.Error()}
		} else {
			out[c.ID] = result{Output: &text}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
	if err := os.WriteFile(os.Args[2], buf.Bytes(), 0o644); err != nil {
		panic(err)
	}
}
