#!/usr/bin/env bash
# Renders the conformance goldens with real Go, so `npm test` can compare Bosun against them
# without Go:
#   bash scripts/go-conformance.sh templates   # test/conformance/golden/templates.json
#   bash scripts/go-conformance.sh shoutrrr    # test/conformance/golden/shoutrrr-requests.json
#   bash scripts/go-conformance.sh render FILE OUT  # any case file (the differential check)
# Go is Debian's golang-go (1.19; text/template is in the standard library) and Watchtower's
# `Title` needs golang.org/x/text (golang-golang-x-text-dev); both are installed when missing.
# No module is downloaded: programs build in GOPATH mode against Debian's Go sources.
# `shoutrrr` also needs shoutrrr v0.8.0's source (Watchtower's version): SHOUTRRR_SRC names a
# checkout, else it is cloned from GitHub (tag v0.8.0).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conformance="$root/test/conformance"

ensure_go() {
  local missing=()
  command -v go >/dev/null 2>&1 || missing+=(golang-go)
  [[ -d /usr/share/gocode/src/golang.org/x/text/cases ]] || missing+=(golang-golang-x-text-dev)
  if [[ "${1:-}" == shoutrrr && ! -d /usr/share/gocode/src/github.com/fatih/color ]]; then
    missing+=(golang-github-fatih-color-dev)
  fi
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
  shoutrrr)
    ensure_go shoutrrr
    dest="$gopath/src/github.com/containrrr/shoutrrr"
    mkdir -p "$dest"
    if [[ -n "${SHOUTRRR_SRC:-}" ]]; then
      git -C "$SHOUTRRR_SRC" archive v0.8.0 | tar -x -C "$dest"
    else
      git clone -q --depth 1 --branch v0.8.0 https://github.com/containrrr/shoutrrr "$dest"
    fi
    (cd "$conformance/go/shoutrrr" && go run . "$conformance/golden/shoutrrr-requests.json" \
      <"$conformance/shoutrrr-urls.json" >/dev/null)
    ;;
  *)
    echo "usage: $0 templates | shoutrrr | render CASES.json OUT.json" >&2
    exit 2
    ;;
esac
