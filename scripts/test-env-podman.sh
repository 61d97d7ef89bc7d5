#!/usr/bin/env bash
# The Podman part of the private test environment (called by scripts/test-env.sh): a rootful
# `podman system service` on a unix socket under the state directory, with its own storage (vfs),
# configuration and events log there, a registries.conf that marks the loopback registry insecure
# and searches no other registry, containers on network "none" unless a test picks a network, and
# the busybox base image copied from the private dockerd.
#
#   scripts/test-env-podman.sh up DIR REGISTRY BASE_IMAGE   start it, print its export lines
#   scripts/test-env-podman.sh status DIR                     exit 0 when it answers
#   scripts/test-env-podman.sh down DIR                       stop it, remove its containers and state
#
# Needs root (as dockerd does) and the `podman` package; fails, never skips, without them.
set -euo pipefail

log() { printf 'test-env-podman: %s\n' "$*" >&2; }
die() { printf 'test-env-podman: error: %s\n' "$*" >&2; exit 1; }

ACTION="${1:-}"
DIR="${2:-}"
[ -n "$DIR" ] || die "usage: $0 up|status|down DIR [REGISTRY BASE_IMAGE]"
PDIR="$DIR/podman"
SOCK="$DIR/podman.sock"
PIDFILE="$DIR/podman.pid"

# Every podman command of this script and of the tests reads these files, never the machine's.
export CONTAINERS_CONF="$PDIR/containers.conf"
export CONTAINERS_STORAGE_CONF="$PDIR/storage.conf"
export CONTAINERS_REGISTRIES_CONF="$PDIR/registries.conf"

remote() { podman --remote --url "unix://$SOCK" "$@"; }

answers() { curl -sf --max-time 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; }

write_config() {
  local registry="$1" hard_nofile hard_nproc
  # Podman's rootful defaults (nofile 1048576) exceed what many CI machines and containers allow.
  hard_nofile="$(ulimit -Hn)"
  hard_nproc="$(ulimit -Hu)"
  [ "$hard_nofile" = unlimited ] && hard_nofile=1048576
  [ "$hard_nproc" = unlimited ] && hard_nproc=1048576
  # The service lowers its own RLIMIT_NPROC to kernel.pid_max, and a container cannot get more
  # than the service has (no CAP_SYS_RESOURCE in many CI containers).
  local pid_max
  pid_max="$(cat /proc/sys/kernel/pid_max)"
  [ "$hard_nproc" -gt "$pid_max" ] && hard_nproc="$pid_max"
  mkdir -p "$PDIR/root" "$PDIR/run" "$PDIR/tmp" "$PDIR/networks"
  cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "vfs"
graphroot = "$PDIR/root"
runroot = "$PDIR/run"
CONF
  cat >"$CONTAINERS_REGISTRIES_CONF" <<CONF
# Short names resolve nowhere: nothing is pulled from off this machine.
unqualified-search-registries = []

[[registry]]
location = "$registry"
insecure = true
CONF
  cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=$hard_nofile:$hard_nofile", "nproc=$hard_nproc:$hard_nproc"]
# No network unless a test asks for one: no bridge, no NAT, no traffic off the host.
netns = "none"
log_driver = "k8s-file"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PDIR/events.log"
tmp_dir = "$PDIR/tmp"
volume_path = "$PDIR/root/volumes"
static_dir = "$PDIR/root/libpod"

[network]
network_config_dir = "$PDIR/networks"
CONF
}

up() {
  local registry="${1:-}" base_image="${2:-}"
  [ -n "$registry" ] && [ -n "$base_image" ] || die "usage: $0 up DIR REGISTRY BASE_IMAGE"
  command -v podman >/dev/null || die "podman is not installed: apt-get install -y podman (Debian's 4.3 is what the tests use)"
  [ "$(id -u)" = 0 ] || die "the Podman service runs rootful; run the tests as root"
  write_config "$registry"
  log "starting podman system service on $SOCK (log: $DIR/podman.log)"
  setsid podman --log-level info system service --time=0 "unix://$SOCK" >"$DIR/podman.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + 60))
  until answers; do
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || die "podman system service exited; last lines of $DIR/podman.log: $(tail -5 "$DIR/podman.log")"
    [ "$SECONDS" -lt "$deadline" ] || die "podman did not answer /_ping within 60s; see $DIR/podman.log"
    sleep 0.2
  done
  log "podman is up"
  # The same base image as dockerd's, so tests build FROM it on dockerd and run it on Podman.
  docker save "$base_image" | remote load -q >/dev/null || die "podman load of $base_image failed"
  log "loaded $base_image into podman"
  cat <<ENV
export BOSUN_TEST_PODMAN_HOST=unix://$SOCK
export BOSUN_TEST_PODMAN_CONTAINERS_CONF=$CONTAINERS_CONF
export BOSUN_TEST_PODMAN_STORAGE_CONF=$CONTAINERS_STORAGE_CONF
export BOSUN_TEST_PODMAN_REGISTRIES_CONF=$CONTAINERS_REGISTRIES_CONF
ENV
}

down() {
  if answers; then
    # Removing the containers first lets their conmon processes exit with the service.
    remote rm -a -f -t 0 >/dev/null 2>&1 || true
  fi
  if [ -f "$PIDFILE" ]; then
    local pid i
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && { log "podman ($pid) did not stop within 20s; killing it"; kill -KILL "$pid" 2>/dev/null || true; }
    fi
    rm -f "$PIDFILE"
  fi
  # conmon processes of containers the service could not remove: only those of this state directory.
  local pid
  for pid in $(pgrep -x conmon 2>/dev/null || true); do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$PDIR/" && kill -KILL "$pid" 2>/dev/null || true
  done
  grep " $PDIR/" /proc/mounts 2>/dev/null | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$PDIR" "$SOCK"
}

case "$ACTION" in
  up) up "${3:-}" "${4:-}" ;;
  status) [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && answers ;;
  down) down ;;
  *) die "usage: $0 up|status|down DIR [REGISTRY BASE_IMAGE]" ;;
esac
