# Sourced by tests/gimp3/{setup-chroot,run,check}: where the Debian trixie chroot lives and how to
# enter it with /proc, /dev, /sys and the source tree mounted. Nothing here lives in the repo.
# The tests need nothing but the source tree (their fixtures are in tests/fixtures).
#
#   CYCLEGAN_CHROOT        chroot folder            (default /var/tmp/cyclegan-trixie)
#   CYCLEGAN_CHROOT_CACHE  tarball cache folder     (default /var/cache/cyclegan-gimp; "" = no cache)

GIMP3_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$GIMP3_DIR/../.." && pwd)
CHROOT=${CYCLEGAN_CHROOT:-/var/tmp/cyclegan-trixie}
CHROOT_CACHE=${CYCLEGAN_CHROOT_CACHE-/var/cache/cyclegan-gimp}

# Inside the chroot the repo is /w/repo (read-only).
CHROOT_REPO=/w/repo
# The build lives in the chroot's own file system: never in the shared repo.
CHROOT_BUILD=/var/tmp/build-gimp3

SUITE=trixie
# What the chroot must hold (libgloo-dev: the data-parallel build against LibTorch 2.6). Changing
# this list changes the cache key.
PACKAGES=(g++ meson ninja-build pkg-config libtorch-dev libopenblas0-openmp libgloo-dev libgimp-3.0-dev gimp
          libgegl-dev libgdk-pixbuf-2.0-dev libgtest-dev gettext xvfb xauth zstd
          python3-numpy python3-pil python3-torch)  # for the GIMP end-to-end tests (tests/gimp)

log() { printf '[gimp3 %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The Debian mirror the host's apt uses (deb822 .sources first, then one-line sources.list).
host_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # First stanza with a plain (not -security) URI.
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file|ftp):/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  echo http://deb.debian.org/debian
}

# Mounts are tracked so that unmount_all undoes exactly what we did, innermost first.
MOUNTED=()
mount_in() {  # mount_in ROOT  (proc, sys, dev, dev/pts)
  local root=$1
  mkdir -p "$root/proc" "$root/sys" "$root/dev"
  mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc" && MOUNTED+=("$root/proc"); }
  mountpoint -q "$root/sys" || { mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys" && MOUNTED+=("$root/sys"); }
  mountpoint -q "$root/dev" || { mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" && MOUNTED+=("$root/dev"); }
}
bind_in() {  # bind_in SRC ROOT/DEST: read-only, so nothing in the chroot can write into the shared tree
  mkdir -p "$2"
  mountpoint -q "$2" && return
  mount --bind "$1" "$2" && MOUNTED+=("$2")
  mount -o remount,bind,ro "$2"
}
# Several commands may use the chroot at once (a test run, a debugging shell): each holds a shared
# lock on $CHROOT.lock while inside, and only the last one out unmounts everything under it.
LOCK_FD=
take_chroot_lock() {
  exec {LOCK_FD}>"$CHROOT.lock"
  flock -s "$LOCK_FD"
}
unmount_all() {
  local i
  if [ -n "$LOCK_FD" ]; then
    if ! flock -x -n "$LOCK_FD"; then MOUNTED=(); return 0; fi  # someone else is still inside
    mapfile -t MOUNTED < <(awk -v root="$CHROOT/" 'index($2, root) == 1 { print $2 }' /proc/mounts)
  fi
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount -R "${MOUNTED[i]}" 2>/dev/null || umount -lR "${MOUNTED[i]}" 2>/dev/null || true
  done
  MOUNTED=()
}

# Runs a bash command inside the ready chroot (with the repo bound in, after enter_chroot).
in_chroot() {
  chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive /bin/bash -euo pipefail -c "$1"
}
enter_chroot() {
  [ -f "$CHROOT/.cyclegan-ready" ] || die "no prepared chroot at $CHROOT: run tests/gimp3/setup-chroot"
  trap unmount_all EXIT
  trap 'exit 130' INT TERM
  take_chroot_lock
  mount_in "$CHROOT"
  bind_in "$REPO_ROOT" "$CHROOT$CHROOT_REPO"
}
