# shellcheck shell=bash
# A second private dockerd in Swarm mode, for the Swarm service e2e tests. Sourced by test-env.sh
# (it uses its log, die, alive, wait_for, free_port and stop_pid, and start_dockerd of
# scripts/lib/dockerd.sh); never run on its own.
#
# It has its own data-root, exec-root, socket and pidfile under "$DIR/swarm", is started as the
# main dockerd is (no bridge, no iptables), and a single-node swarm whose control plane listens on
# 127.0.0.1 only. It pulls from the loopback registry like the main daemon: `localhost:PORT` is an
# insecure registry by default.

SWARM_DIR="$DIR/swarm"
SWARM_SOCK="$SWARM_DIR/docker.sock"

swarm_docker() { DOCKER_HOST="unix://$SWARM_SOCK" docker "$@"; }

swarm_status() {
  alive "$SWARM_DIR/dockerd.pid" || return 1
  [ "$(swarm_docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = true ]
}

# Starts the daemon, makes it a swarm manager and prints its env lines.
swarm_up() {
  command -v dockerd >/dev/null || die "dockerd is missing: the swarm test daemon cannot start"
  start_dockerd "the swarm dockerd" "$SWARM_SOCK" "$SWARM_DIR/docker" "$SWARM_DIR/exec" \
    "$SWARM_DIR/dockerd.pid" "$SWARM_DIR/dockerd.log"
  local port data_port
  port="$(free_port)"
  data_port="$(free_port)"
  swarm_docker swarm init --advertise-addr 127.0.0.1 --listen-addr "127.0.0.1:$port" \
    --data-path-port "$data_port" >/dev/null 2>"$SWARM_DIR/init.err" \
    || die "docker swarm init failed: $(cat "$SWARM_DIR/init.err")"
  wait_for 60 "swarm manager" swarm_status || die "the swarm dockerd is not a swarm manager within 60s"
  echo "export BOSUN_TEST_SWARM_HOST=unix://$SWARM_SOCK"
}

swarm_down() {
  if [ -S "$SWARM_SOCK" ] && curl -sf --max-time 2 --unix-socket "$SWARM_SOCK" http://d/_ping >/dev/null 2>&1; then
    local ids
    ids="$(swarm_docker service ls -q 2>/dev/null || true)"
    # shellcheck disable=SC2086
    [ -z "$ids" ] || swarm_docker service rm $ids >/dev/null 2>&1 || true
    swarm_docker swarm leave --force >/dev/null 2>&1 || true
    ids="$(swarm_docker ps -aq 2>/dev/null || true)"
    # shellcheck disable=SC2086
    [ -z "$ids" ] || swarm_docker rm -f $ids >/dev/null 2>&1 || true
  fi
  stop_pid "$SWARM_DIR/dockerd.pid" "swarm dockerd"
}
