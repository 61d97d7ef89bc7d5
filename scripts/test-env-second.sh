#!/usr/bin/env bash
# A second private dockerd for the several-hosts tests, next to the one of scripts/test-env.sh and
# started the same way (scripts/lib/dockerd.sh): its own data-root, exec-root and socket under the
# state directory, no bridge, no iptables. It pulls from the same loopback registry (localhost is
# insecure to dockerd) and gets the busybox base image loaded from the main daemon.
#
#   scripts/test-env-second.sh up DIR      start it; print its export line for the env file
#   scripts/test-env-second.sh status DIR  exit 0 when it answers
#   scripts/test-env-second.sh down DIR    remove its containers and stop it
set -euo pipefail

DIR="${2:?usage: $0 up|status|down DIR}"
SOCK="$DIR/d2.sock"
MAIN_SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd2.pid"
BASE_IMAGE="bosun-test/busybox:base"

log() { printf 'test-env-second: %s\n' "$*" >&2; }
die() { printf 'test-env-second: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/lib/dockerd.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/dockerd.sh"

ping() { curl -sf --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; }

up() {
  start_dockerd "the second dockerd" "$SOCK" "$DIR/docker2" "$DIR/exec2" "$PIDFILE" "$DIR/dockerd2.log"
  DOCKER_HOST="unix://$MAIN_SOCK" docker save "$BASE_IMAGE" | DOCKER_HOST="unix://$SOCK" docker load -q >/dev/null \
    || die "could not load $BASE_IMAGE into the second dockerd"
  log "second dockerd is up with $BASE_IMAGE"
  echo "export BOSUN_TEST_SECOND_DOCKER_HOST=unix://$SOCK"
}

down() {
  if ping; then
    local ids
    ids="$(DOCKER_HOST="unix://$SOCK" docker ps -aq 2>/dev/null || true)"
    # shellcheck disable=SC2086
    [ -z "$ids" ] || DOCKER_HOST="unix://$SOCK" docker rm -f $ids >/dev/null 2>&1 || true
  fi
  [ -f "$PIDFILE" ] || return 0
  local pid i
  pid="$(cat "$PIDFILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "the second dockerd ($pid) did not stop within 20s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$PIDFILE"
}

case "${1:-}" in
  up) up ;;
  status) ping ;;
  down) down ;;
  *) echo "usage: $0 up|status|down DIR" >&2; exit 2 ;;
esac
