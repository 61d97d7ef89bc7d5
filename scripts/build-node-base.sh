#!/usr/bin/env bash
# Builds a minimal Node.js base image from this machine's own files, for machines that cannot pull
# `node:22-bookworm-slim`: the `node` binary, the shared libraries `ldd` lists, the dynamic loader,
# the CA certificates (if any) and a static busybox (/bin/sh and its applets), `docker import`ed.
#
#   scripts/build-node-base.sh [--force] [TAG]     (default TAG: bosun-test/node-base:local)
#
# Uses DOCKER_HOST from the environment (e.g. `source /tmp/bosun-e2e/env`). Idempotent: does nothing
# when TAG already exists, unless --force. Prints the tag on stdout. Nothing is downloaded.
set -euo pipefail

log() { printf 'build-node-base: %s\n' "$*" >&2; }
die() { printf 'build-node-base: error: %s\n' "$*" >&2; exit 1; }

FORCE=0
TAG="bosun-test/node-base:local"
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $arg" ;;
    *) TAG="$arg" ;;
  esac
done

command -v docker >/dev/null || die "the docker CLI is missing"
if [ "$FORCE" = 0 ] && docker image inspect "$TAG" >/dev/null 2>&1; then
  log "$TAG exists (use --force to rebuild)"
  echo "$TAG"
  exit 0
fi

NODE="$(command -v node)" || die "node is not on PATH"
NODE="$(readlink -f "$NODE")"
BUSYBOX=""
for candidate in /bin/busybox /usr/bin/busybox /usr/local/bin/busybox; do
  if [ -x "$candidate" ] && file -L "$candidate" 2>/dev/null | grep -q 'statically linked'; then
    BUSYBOX="$candidate"
    break
  fi
done
[ -n "$BUSYBOX" ] || die "no static busybox found; install busybox-static (apt-get install busybox-static)"

ROOTFS="$(mktemp -d "${TMPDIR:-/tmp}/bosun-node-base.XXXXXX")"
trap 'rm -rf "$ROOTFS"' EXIT

# Copies a file to the same path under the rootfs, following symlinks for the content but keeping
# the path the loader asks for (e.g. /lib/x86_64-linux-gnu/libc.so.6).
copy_path() {
  local src="$1"
  mkdir -p "$ROOTFS$(dirname "$src")"
  cp -L "$src" "$ROOTFS$src"
}

mkdir -p "$ROOTFS"/{bin,usr/local/bin,tmp,etc,root,app,var/run}
chmod 1777 "$ROOTFS/tmp"
cp -L "$NODE" "$ROOTFS/usr/local/bin/node"

# Shared libraries and the loader: lines "name => /path (addr)" and "/path (addr)".
while read -r lib; do
  [ -n "$lib" ] && copy_path "$lib"
done < <(ldd "$NODE" | awk '/=> \//{print $3} /^[[:space:]]*\//{print $1}' | sort -u)
# Some distributions link /lib64 → /usr/lib64 or /lib → /usr/lib; the loader path must resolve either way.
for dir in lib lib64; do
  [ -d "$ROOTFS/usr/$dir" ] && [ ! -e "$ROOTFS/$dir" ] && cp -a "$ROOTFS/usr/$dir" "$ROOTFS/$dir"
done

cp "$BUSYBOX" "$ROOTFS/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] || [ -e "$ROOTFS/bin/$applet" ] || ln -s busybox "$ROOTFS/bin/$applet"
done
# `#!/usr/bin/env node` scripts (bin/bosun) need env where Debian has it.
mkdir -p "$ROOTFS/usr/bin"
ln -s /bin/busybox "$ROOTFS/usr/bin/env"

if [ -d /etc/ssl/certs ]; then
  mkdir -p "$ROOTFS/etc/ssl"
  cp -rL /etc/ssl/certs "$ROOTFS/etc/ssl/certs" 2>/dev/null || log "some CA certificates could not be copied"
fi
echo 'root:x:0:0:root:/root:/bin/sh' >"$ROOTFS/etc/passwd"
echo 'root:x:0:' >"$ROOTFS/etc/group"
printf 'hosts: files dns\n' >"$ROOTFS/etc/nsswitch.conf"

# The image must run node before it is tagged.
"$ROOTFS/usr/local/bin/node" --version >/dev/null || die "the copied node binary does not run"
VERSION="$("$NODE" --version)"

tar -C "$ROOTFS" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "ENV NODE_VERSION=${VERSION#v}" \
  --change 'CMD ["node"]' \
  --message "bosun node base: node $VERSION from $NODE" \
  - "$TAG" >/dev/null || die "docker import failed"
log "built $TAG (node $VERSION)"
echo "$TAG"
