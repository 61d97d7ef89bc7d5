# shellcheck shell=bash
# A second private dockerd in Swarm mode, for the Swarm service e2e tests. Sourced by test-env.sh
# (it uses its log, die, alive, wait_for, free_port and stop_pid); never run on its own.
#
# It has its own data-root, exec-root, socket and pidfile under "$DIR/swarm", the main dockerd's
# network flags (no bridge, no iptables), and a single-node swarm whose control plane listens on
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
  mkdir -p "$SWARM_DIR/docker" "$SWARM_DIR/exec"
  log "starting the swarm dockerd (log: $SWARM_DIR/dockerd.log)"
  setsid dockerd \
    --data-root "$SWARM_DIR/docker" --exec-root "$SWARM_DIR/exec" -H "unix://$SWARM_SOCK" \
    --pidfile "$SWARM_DIR/dockerd.pid" \
    --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
    >"$SWARM_DIR/dockerd.log" 2>&1 </dev/null &
  wait_for 60 "swarm dockerd" curl -sf --max-time 2 --unix-socket "$SWARM_SOCK" http://d/_ping \
    || die "the swarm dockerd did not answer /_ping within 60s; last lines of $SWARM_DIR/dockerd.log: $(tail -5 "$SWARM_DIR/dockerd.log")"
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
