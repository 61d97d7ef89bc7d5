#!/usr/bin/env bash
# Renders the conformance goldens with real Go, so `npm test` can compare Bosun against them
# without Go:
#   bash scripts/go-conformance.sh templates   # test/conformance/golden/templates.json
#   bash scripts/go-conformance.sh render FILE OUT  # any case file (the differential check)
# Go is Debian's golang-go (1.19; text/template is in the standard library) and Watchtower's
# `Title` needs golang.org/x/text (golang-golang-x-text-dev); both are installed when missing.
# No module is downloaded: programs build in GOPATH mode against Debian's Go sources.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conformance="$root/test/conformance"

ensure_go() {
  local missing=()
  command -v go >/dev/null 2>&1 || missing+=(golang-go)
  [[ -d /usr/share/gocode/src/golang.org/x/text/cases ]] || missing+=(golang-golang-x-text-dev)
  if ((${#missing[@]} > 0)); then
    echo "installing ${missing[*]} (Debian packages)" >&2
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

gopath="$(mktemp -d)"
trap 'rm -rf "$gopath"' EXIT
export GO111MODULE=off GOFLAGS= GOCACHE="${GOCACHE:-$gopath/cache}"
export GOPATH="$gopath:/usr/share/gocode"

render_templates() {
  ensure_go templates
  (cd "$conformance/go/templates" && go run . "$1" "$2")
}

case "${1:-}" in
  templates)
    render_templates "$conformance/template-cases.json" "$conformance/golden/templates.json"
    ;;
  render)
    render_templates "$2" "$3"
    ;;
  *)
    echo "usage: $0 templates | render CASES.json OUT.json" >&2
    exit 2
    ;;
esac
