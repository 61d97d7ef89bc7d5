// Command shoutrrr sends every row of test/conformance/shoutrrr-urls.json through the real
// shoutrrr (v0.8.0, Watchtower's version) and prints the HTTP requests it makes, as JSON, for
// the golden file test/conformance/golden/shoutrrr-requests.json (the path is the argument). Nothing leaves the process:
// http.DefaultTransport is replaced by a recorder that answers every request itself.
//
// Run it through scripts/go-conformance.sh (GOPATH mode, shoutrrr's source from SHOUTRRR_SRC).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"

	"github.com/containrrr/shoutrrr"
	"github.com/containrrr/shoutrrr/pkg/types"
)

// A row: the title is Watchtower's default one when absent, none when null (skip-title).
type row struct {
	ID      string          `json:"id"`
	URL     string          `json:"url"`
	Title   json.RawMessage `json:"title"`
	Message *string         `json:"message"`
}

const (
	defaultTitle   = "Watchtower updates on h1"
	defaultMessage = "line one\nline two"
)

type request struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

type result struct {
	Error    string    `json:"error,omitempty"`
	Requests []request `json:"requests"`
}

// Headers Go's client adds on its own, which say nothing about the service.
var ignored = map[string]bool{"User-Agent": true, "Content-Length": true, "Accept-Encoding": true}

type recorder struct{ requests []request }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	body := ""
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		body = string(b)
	}
	headers := map[string]string{}
	for k, v := range req.Header {
		if !ignored[k] {
			headers[k] = strings.Join(v, ", ")
		}
	}
	u := *req.URL
	u.User = nil
	r.requests = append(r.requests, request{Method: req.Method, URL: u.String(), Headers: headers, Body: body})
	// An answer each service takes as success: discord wants 204, slack's webhook "ok".
	status, answer := 200, `{"ok":true,"code":200}`
	switch req.URL.Host {
	case "discord.com":
		status, answer = 204, ""
	case "hooks.slack.com":
		answer = "ok"
	}
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Header:     http.Header{"Content-Type": []string{"application/json"}},
		Body:       io.NopCloser(bytes.NewBufferString(answer)),
		Request:    req,
	}, nil
}

func main() {
	var rows []row
	if err := json.NewDecoder(os.Stdin).Decode(&rows); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	rec := &recorder{}
	http.DefaultTransport = rec
	http.DefaultClient.Transport = rec
	out := map[string]result{}
	for _, r := range rows {
		rec.requests = nil
		res := result{}
		sender, err := shoutrrr.CreateSender(r.URL)
		if err != nil {
			res.Error = err.Error()
		} else {
			params := types.Params{}
			if r.Title == nil {
				params.SetTitle(defaultTitle)
			} else if string(r.Title) != "null" {
				var title string
				_ = json.Unmarshal(r.Title, &title)
				params.SetTitle(title)
			}
			message := defaultMessage
			if r.Message != nil {
				message = *r.Message
			}
			for _, e := range sender.Send(message, &params) {
				if e != nil && res.Error == "" {
					res.Error = e.Error()
				}
			}
		}
		res.Requests = rec.requests
		if res.Requests == nil {
			res.Requests = []request{}
		}
		out[r.ID] = res
	}
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Some services print to stdout (ifttt prints its payload), so the JSON goes to a file.
	file, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer file.Close()
	enc := json.NewEncoder(file)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
