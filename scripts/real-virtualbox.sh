#!/usr/bin/env bash
# The real VirtualBox for tests: Debian's own `virtualbox` package (7.2, suite sid, component
# contrib) in a debootstrap chroot, with a driverless launcher so machines run on VirtualBox's
# instruction emulator (no kernel module can be loaded here).
#
#   scripts/real-virtualbox.sh setup     # install (idempotent): chroot, VirtualBox, mounts, launcher
#   scripts/real-virtualbox.sh env       # print the variables tests use to find the host
#   scripts/real-virtualbox.sh test      # setup, then the real-host suite (fails if the host is absent)
#   scripts/real-virtualbox.sh vboxmanage ARGS…   # the real VBoxManage, on the home $base/homes/default
#   scripts/real-virtualbox.sh shell     # a shell inside the chroot
#   scripts/real-virtualbox.sh umount    # unmount the chroot's bind mounts (keeps the chroot)
#
# The chroot lives in $VBOXCTL_REAL_CHROOT (default /var/tmp/vboxctl-real/root), outside the
# repository so that no `cargo clean` or `git clean` can walk into its bind-mounted /dev.
# NEVER delete that folder while it has mounts: run `umount` first (it checks with mountpoint).
#
# Tests find the host through VBOXCTL_REAL_CHROOT alone (see docs/testing.md). Their VirtualBox
# homes live in $base/homes, bind-mounted at the same path inside the chroot, so every path
# VirtualBox reports (settings files, disks) is also valid outside it.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
root=${VBOXCTL_REAL_CHROOT:-/var/tmp/vboxctl-real/root}
base=$(dirname "$root")
homes="$base/homes"
log() { printf '%s real-virtualbox: %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
need_root() { [[ $(id -u) == 0 ]] || die "must run as root (debootstrap, chroot and mounts need it)"; }

# The Debian mirror this machine's apt already uses; the project names no registry itself.
mirror() {
  local uri
  uri=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [[ -n $uri ]] || uri=$(awk '/^deb / && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [[ -n $uri ]] || die "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  printf '%s\n' "$uri"
}

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"; }
apt_in_root() {
  in_root apt-get -q -o Acquire::Check-Valid-Until=false -o Dpkg::Use-Pty=0 \
    -o APT::Install-Recommends=false "$@"
}

# On this machine: debootstrap for the chroot, and sshd/ssh for the ssh backend's tests.
ensure_host_tools() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
  command -v ssh >/dev/null && command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  ((${#missing[@]})) || return 0
  log "installing on this machine: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

make_chroot() {
  [[ -f $root/.vboxctl-debootstrap-done ]] && return
  local uri
  uri=$(mirror)
  log "debootstrap sid (main, contrib) into $root from this machine's mirror"
  mkdir -p "$root"
  # Bookworm's keyring may predate the key that signs sid today: fall back to an unchecked
  # bootstrap only when the checked one fails on the signature.
  if ! debootstrap --variant=minbase --components=main,contrib sid "$root" "$uri" >"$base/debootstrap.log" 2>&1; then
    if grep -q -e NO_PUBKEY -e 'Release signed by unknown key' -e 'invalid signature' "$base/debootstrap.log"; then
      log "sid's Release is signed by a key this machine lacks: bootstrapping without the check"
      debootstrap --no-check-gpg --variant=minbase --components=main,contrib sid "$root" "$uri" >"$base/debootstrap.log" 2>&1 \
        || die "debootstrap failed; see $base/debootstrap.log"
    else
      die "debootstrap failed; see $base/debootstrap.log"
    fi
  fi
  touch "$root/.vboxctl-debootstrap-done"
}

mount_binds() {
  mkdir -p "$root/proc" "$root/dev" "$root/tmp"
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
  # XPCOM's IPC socket lives in the chroot's /tmp; a bind of the folder onto itself makes it a
  # mount point, so `umount` can tell what belongs to us.
  mountpoint -q "$root/tmp" || mount --bind "$root/tmp" "$root/tmp"
  chmod 1777 "$root/tmp"
  mkdir -p "$homes" "$root$homes"
  mountpoint -q "$root$homes" || mount --bind "$homes" "$root$homes"
}

unmount_binds() {
  local m
  for m in "$homes" /tmp /dev /proc; do
    if mountpoint -q "$root$m"; then umount "$root$m" || umount -l "$root$m"; fi
  done
  for m in "$homes" /tmp /dev /proc; do
    mountpoint -q "$root$m" && die "$root$m is still mounted"
  done
  log "unmounted; $root may now be deleted"
}

# virtualbox depends on virtualbox-dkms | virtualbox-source | virtualbox-modules; no module can
# be loaded here, so a stand-in package provides the name.
install_virtualbox() {
  [[ -x $root/usr/lib/virtualbox/VBoxManage && -f $root/.vboxctl-virtualbox-done ]] && return
  local stub="$root/tmp/vboxctl-modules-stub"
  mkdir -p "$stub/DEBIAN"
  cat >"$stub/DEBIAN/control" <<'CTL'
Package: vboxctl-virtualbox-modules-stub
Version: 1.0
Architecture: all
Maintainer: vboxctl <vboxctl@example.invalid>
Provides: virtualbox-modules
Description: stand-in for VirtualBox's kernel modules (none can be loaded in this chroot)
CTL
  in_root dpkg-deb --build /tmp/vboxctl-modules-stub /tmp/vboxctl-modules-stub.deb >/dev/null
  in_root dpkg -i /tmp/vboxctl-modules-stub.deb >/dev/null
  log "apt-get install virtualbox (about 1 GB)"
  apt_in_root update >"$base/apt.log" 2>&1 || die "apt-get update in the chroot failed; see $base/apt.log"
  DEBIAN_FRONTEND=noninteractive apt_in_root install -y virtualbox gcc libc6-dev python3 \
    >>"$base/apt.log" 2>&1 || die "apt-get install virtualbox failed; see $base/apt.log"
  touch "$root/.vboxctl-virtualbox-done"
}

# The stock VBoxHeadless refuses without /dev/vboxdrv; the driverless launcher takes its name
# and the stock one stays beside it as VBoxHeadless.stock. Files are swapped by rename: a
# running machine holds the old file open.
install_launcher() {
  local dir=$root/usr/lib/virtualbox src=$here/scripts/real-virtualbox/driverless-headless.c
  local stamp
  stamp=$(sha256sum "$src" | cut -c1-16)
  [[ -f $dir/.vboxctl-launcher-$stamp ]] && return
  log "building the driverless VBoxHeadless launcher"
  cp "$src" "$root/tmp/vboxctl-driverless-headless.c"
  in_root gcc -O2 -Wall -o /tmp/vboxctl-VBoxHeadless /tmp/vboxctl-driverless-headless.c -ldl
  [[ -f $dir/VBoxHeadless.stock ]] || cp -a "$dir/VBoxHeadless" "$dir/VBoxHeadless.stock"
  install -m 0755 "$root/tmp/vboxctl-VBoxHeadless" "$dir/VBoxHeadless.vboxctl-new"
  mv -f "$dir/VBoxHeadless.vboxctl-new" "$dir/VBoxHeadless"
  rm -f "$dir"/.vboxctl-launcher-* && touch "$dir/.vboxctl-launcher-$stamp"
}

# A VBoxManage for one VirtualBox home: its own VBOX_USER_HOME and VBOX_IPC_SOCKETID (that is
# what gives a home its own VBoxSVC), run inside the chroot. The Rust harness writes the same.
write_wrapper() {
  local home=$1 id=$2
  mkdir -p "$home"
  cat >"$home/VBoxManage" <<WRAP
#!/bin/sh
VBOX_USER_HOME='$home' VBOX_IPC_SOCKETID='$id' exec chroot '$root' /usr/lib/virtualbox/VBoxManage "\$@"
WRAP
  chmod 0755 "$home/VBoxManage"
}

setup() {
  need_root
  ensure_host_tools
  mkdir -p "$base" "$homes"
  make_chroot
  mount_binds
  install_virtualbox
  install_launcher
  local home=$homes/default
  if [[ ! -f $home/VirtualBox.xml ]]; then
    write_wrapper "$home" default
    "$home/VBoxManage" setproperty machinefolder "$home/machines"
    "$home/VBoxManage" setextradata global VBoxInternal/HM/FallbackToIEM 1
    "$home/VBoxManage" setproperty websrvauthlibrary null
  fi
  log "ready: VirtualBox $("$home/VBoxManage" --version) in $root"
}

case ${1:-} in
  setup) setup ;;
  env) printf 'export VBOXCTL_REAL_CHROOT=%q\n' "$root" ;;
  test)
    # Every test of the workspace that needs the real host is #[ignore]d for a plain
    # `cargo test`; here they run, and only they. Extra arguments filter them
    # (`scripts/real-virtualbox.sh test real_captures`).
    shift
    setup
    export VBOXCTL_REAL_CHROOT="$root"
    cd "$here"
    started=$(date +%s)
    cargo test --workspace --locked --no-fail-fast -- --ignored --test-threads="${VBOXCTL_REAL_THREADS:-2}" "$@"
    log "real-host suite passed in $(($(date +%s) - started)) s"
    ;;
  vboxmanage) shift; exec "$homes/default/VBoxManage" "$@" ;;
  shell) need_root; mount_binds; exec chroot "$root" /bin/bash ;;
  umount) need_root; unmount_binds ;;
  *) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
