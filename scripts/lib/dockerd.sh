# shellcheck shell=bash
# The one way the test environment starts a private dockerd (scripts/test-env.sh for the main one,
# test-env-second.sh, test-env-swarm.sh): its own data-root, exec-root, unix socket and pidfile, no
# bridge and no iptables (the host's network is left alone), detached with setsid so it outlives the
# script, then waited for (at most 60 s) until it answers /_ping. Sourced; the caller defines `log`
# and `die`.
#
#   start_dockerd NAME SOCK DATA_ROOT EXEC_ROOT PIDFILE LOGFILE [EXTRA DOCKERD ARGS...]

start_dockerd() {
  local name="$1" sock="$2" data_root="$3" exec_root="$4" pidfile="$5" logfile="$6"
  shift 6
  [ "$(id -u)" = 0 ] || die "dockerd needs root; run the tests as root"
  mkdir -p "$data_root" "$exec_root"
  log "starting $name (log: $logfile)"
  setsid dockerd \
    --data-root "$data_root" --exec-root "$exec_root" -H "unix://$sock" --pidfile "$pidfile" \
    "$@" \
    --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
    >"$logfile" 2>&1 </dev/null &
  local deadline=$((SECONDS + 60))
  until curl -sf --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] \
      || die "$name did not answer /_ping within 60s; last lines of $logfile: $(tail -5 "$logfile")"
    sleep 0.2
  done
  log "$name is up"
}
