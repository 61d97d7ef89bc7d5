#!/usr/bin/env bash
# Private test environment for Bosun: a dockerd, a distribution registry, a redis-server and a Podman
# service (scripts/test-env-podman.sh), all on loopback or unix sockets under one short state
# directory, started and stopped by process id.
#
#   scripts/test-env.sh up       install what is missing, start everything, build the base image, print env
#   scripts/test-env.sh env      print the environment (export lines) of a running environment
#   scripts/test-env.sh status   exit 0 when everything answers
#   scripts/test-env.sh down     stop everything this script started and remove the state directory
#
# The state directory is $BOSUN_TEST_DIR (default /tmp/bosun-e2e): unix socket paths must stay short.
set -euo pipefail

DIR="${BOSUN_TEST_DIR:-/tmp/bosun-e2e}"
SOCK="$DIR/docker.sock"
BASE_IMAGE="bosun-test/busybox:base"
PACKAGES=(docker.io docker-registry busybox-static redis-server apache2-utils openssl curl podman chromium)
PODMAN_SCRIPT="$(dirname "$0")/test-env-podman.sh"
# shellcheck source=scripts/lib/dockerd.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/dockerd.sh"
# shellcheck source=scripts/test-env-swarm.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-env-swarm.sh"

log() { printf 'test-env: %s\n' "$*" >&2; }
die() { printf 'test-env: error: %s\n' "$*" >&2; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# One free TCP port on 127.0.0.1, chosen by the kernel.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

missing_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' || missing+=(busybox-static)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v file >/dev/null || missing+=(file)
  command -v podman >/dev/null || missing+=(podman)
  [ -x /usr/bin/chromium ] || missing+=(chromium) # the dashboard's browser tests (test/e2e/browser.ts)
  echo "${missing[@]:-}"
}

install_packages() {
  local missing
  missing="$(missing_packages)"
  [ -z "${missing// /}" ] && return 0
  [ "$(id -u)" = 0 ] || die "missing packages ($missing) and not root: run as root, or install them: apt-get install -y $missing"
  command -v apt-get >/dev/null || die "missing packages ($missing) and no apt-get on this machine: install ${PACKAGES[*]} by hand"
  log "installing $missing"
  apt-get update -qq >&2 || die "apt-get update failed"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2 \
    || die "apt-get install $missing failed"
}

print_env() {
  cat "$DIR/env"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local secs="$1" what="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
  log "$what is up"
}

status() {
  [ -f "$DIR/env" ] || return 1
  alive "$DIR/dockerd.pid" && alive "$DIR/registry.pid" && alive "$DIR/redis.pid" || return 1
  swarm_status || return 1
  curl -sf --max-time 5 --unix-socket "$SOCK" http://d/_ping >/dev/null || return 1
  # shellcheck disable=SC1091
  (source "$DIR/env" && curl -sf --max-time 5 "http://$BOSUN_TEST_REGISTRY/v2/" >/dev/null) || return 1
  bash "$PODMAN_SCRIPT" status "$DIR"
  bash "$(dirname "$0")/test-env-second.sh" status "$DIR"
}

# A CA, a server certificate for 127.0.0.1 and a client certificate, so the engine can also be
# reached over TCP with mutual TLS (DOCKER_TLS_VERIFY / DOCKER_CERT_PATH).
make_tls() {
  local tls="$DIR/tls"
  mkdir -p "$tls/client"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bosun-test-ca" \
      -keyout ca-key.pem -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server-key.pem -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
      -extfile server.ext -out server.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=bosun-test-client" -keyout client/key.pem -out client.csr 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 \
      -extfile client.ext -out client/cert.pem 2>/dev/null
    cp ca.pem client/ca.pem
  ) || die "openssl could not make the test certificates"
}

start_main_dockerd() {
  local tls_port="$1"
  make_tls
  start_dockerd dockerd "$SOCK" "$DIR/docker" "$DIR/exec" "$DIR/dockerd.pid" "$DIR/dockerd.log" \
    -H "tcp://127.0.0.1:$tls_port" --tlsverify --tlscacert "$DIR/tls/ca.pem" \
    --tlscert "$DIR/tls/server.pem" --tlskey "$DIR/tls/server-key.pem"
}

start_registry() {
  local port="$1"
  mkdir -p "$DIR/registry-data"
  cat >"$DIR/registry.yml" <<YML
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $DIR/registry-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YML
  log "starting docker-registry on 127.0.0.1:$port (log: $DIR/registry.log)"
  setsid docker-registry serve "$DIR/registry.yml" >"$DIR/registry.log" 2>&1 </dev/null &
  echo $! >"$DIR/registry.pid"
  wait_for 30 registry curl -sf --max-time 2 "http://127.0.0.1:$port/v2/" \
    || die "docker-registry did not answer on 127.0.0.1:$port; see $DIR/registry.log"
}

start_redis() {
  local port="$1"
  log "starting redis-server on 127.0.0.1:$port"
  setsid redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$DIR" \
    >"$DIR/redis.log" 2>&1 </dev/null &
  echo $! >"$DIR/redis.pid"
  wait_for 20 redis redis-cli -p "$port" ping || die "redis-server did not answer on 127.0.0.1:$port"
}

build_base_image() {
  local rootfs="$DIR/rootfs"
  rm -rf "$rootfs" && mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/data"
  cp /bin/busybox "$rootfs/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'root:x:0:' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | DOCKER_HOST="unix://$SOCK" docker import \
    --change 'CMD ["/bin/sleep","3600"]' --change 'ENV PATH=/bin' - "$BASE_IMAGE" >/dev/null \
    || die "docker import of the busybox base image failed"
  rm -rf "$rootfs"
  log "built $BASE_IMAGE"
}

up() {
  install_packages
  if status; then
    print_env
    return 0
  fi
  [ -d "$DIR" ] && down_quiet
  mkdir -p "$DIR"
  local registry_port redis_port tls_port
  tls_port="$(free_port)"
  start_main_dockerd "$tls_port"
  registry_port="$(free_port)"
  start_registry "$registry_port"
  redis_port="$(free_port)"
  start_redis "$redis_port"
  build_base_image
  cat >"$DIR/env" <<ENV
export DOCKER_HOST=unix://$SOCK
export BOSUN_TEST_DIR=$DIR
export BOSUN_TEST_REGISTRY=localhost:$registry_port
export BOSUN_TEST_REGISTRY_LOG=$DIR/registry.log
export BOSUN_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/0
export BOSUN_TEST_BASE_IMAGE=$BASE_IMAGE
export BOSUN_TEST_DOCKER_TLS_HOST=tcp://127.0.0.1:$tls_port
export BOSUN_TEST_DOCKER_CERT_PATH=$DIR/tls/client
ENV
  DOCKER_HOST="unix://$SOCK" bash "$PODMAN_SCRIPT" up "$DIR" "localhost:$registry_port" "$BASE_IMAGE" >>"$DIR/env"
  bash "$(dirname "$0")/test-env-second.sh" up "$DIR" >>"$DIR/env"
  swarm_up >>"$DIR/env"
  print_env
}

stop_pid() { # stop_pid PIDFILE NAME
  local pidfile="$1" name="$2" pid i
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name ($pid) did not stop within 20s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

down_quiet() {
  if [ -S "$SOCK" ] && curl -sf --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; then
    # Removing the containers first makes dockerd's own shutdown quick.
    local ids
    ids="$(DOCKER_HOST="unix://$SOCK" docker ps -aq 2>/dev/null || true)"
    # shellcheck disable=SC2086
    [ -z "$ids" ] || DOCKER_HOST="unix://$SOCK" docker rm -f $ids >/dev/null 2>&1 || true
  fi
  bash "$PODMAN_SCRIPT" down "$DIR"
  bash "$(dirname "$0")/test-env-second.sh" down "$DIR"
  swarm_down
  stop_pid "$DIR/registry.pid" docker-registry
  stop_pid "$DIR/redis.pid" redis-server
  stop_pid "$DIR/dockerd.pid" dockerd
  # Extra daemons started by individual tests record their pids here too.
  local extra
  for extra in "$DIR"/extra-*.pid; do [ -e "$extra" ] && stop_pid "$extra" "$(basename "$extra" .pid)"; done
  if mountpoint -q "$DIR/docker" 2>/dev/null || grep -q " $DIR/" /proc/mounts; then
    grep " $DIR/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  up) up ;;
  env) [ -f "$DIR/env" ] || die "no environment at $DIR; run: $0 up"; print_env ;;
  status) if status; then echo "test-env: up ($DIR)"; else echo "test-env: down ($DIR)"; exit 1; fi ;;
  down) down_quiet; log "stopped" ;;
  *) echo "usage: $0 up|env|status|down" >&2; exit 2 ;;
esac
