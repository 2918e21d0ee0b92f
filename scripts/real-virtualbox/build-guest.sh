#!/usr/bin/env bash
# Builds the vboxctl test guest: a tiny bootable ISO (GRUB, Debian's kernel, a busybox initramfs
# with the in-tree vboxguest driver, e1000 and VBoxService) whose guest really does DHCP on every
# NIC, publishes /VirtualBox/GuestInfo/Net/* through VBoxService and powers off on the ACPI power
# button. Everything comes from Debian packages installed inside the real-VirtualBox chroot
# (scripts/real-virtualbox.sh setup makes it). Idempotent: rebuilds only when an input changed.
#
#   scripts/real-virtualbox/build-guest.sh     # prints the ISO's path last
#
# Products go to $VBOXCTL_GUEST_DIR (default /var/tmp/vboxctl-real/guest), outside the repository
# and outside the chroot. VirtualBox (in the chroot) sees only the homes folder: copy or hard-link
# the ISO into a home before attaching it. The guest's files are in scripts/real-virtualbox/guest/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=${VBOXCTL_REAL_CHROOT:-/var/tmp/vboxctl-real/root}
out=${VBOXCTL_GUEST_DIR:-$(dirname "$root")/guest}
iso=$out/vboxctl-guest.iso
pkgs=(linux-image-amd64 busybox-static virtualbox-guest-utils kmod grub-pc-bin grub-common xorriso mtools)
mods=(vboxguest e1000 evdev button) # evdev + button: the power button as /dev/input/event*
log() { printf '%s build-guest: %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"; }

if [[ ${1:-} != --in-namespace ]]; then
  [[ $(id -u) == 0 ]] || die "must run as root (chroot, mknod, mount)"
  [[ -x $root/usr/lib/virtualbox/VBoxManage ]] || die "no chroot at $root: run scripts/real-virtualbox.sh setup"
  # $out gets wiped in part: never let it be inside the chroot (whose /dev is this machine's).
  case $(realpath -m "$out")/ in "$(realpath -m "$root")"/*) die "VBOXCTL_GUEST_DIR must be outside $root" ;; esac
  # The packages, inside the chroot (never on this machine).
  # dpkg-query fails when a package is unknown: count the installed ones instead (under
  # pipefail its failure would make a missing package look installed).
  installed=$(in_root dpkg-query -W -f='${db:Status-Abbrev}\n' "${pkgs[@]}" 2>/dev/null || true)
  if [[ $(grep -c '^ii ' <<<"$installed") -ne ${#pkgs[@]} ]]; then
    log "apt-get install ${pkgs[*]} in the chroot"
    apt=(apt-get -q -o Acquire::Check-Valid-Until=false -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false)
    in_root "${apt[@]}" update >"$(dirname "$root")/guest-apt.log" 2>&1 || die "apt-get update failed"
    in_root DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y "${pkgs[@]}" \
      >>"$(dirname "$root")/guest-apt.log" 2>&1 || die "apt-get install failed; see $(dirname "$root")/guest-apt.log"
  fi
  # The build runs chroot tools on files in $out: a private mount namespace binds $out at the
  # same path inside the chroot, and the bind vanishes with the namespace (nothing to unmount).
  mkdir -p "$out" "$root$out"
  exec unshare --mount --propagation private bash "$0" --in-namespace
fi
mount --bind "$out" "$root$out"

kver=$(ls "$root/lib/modules" | sort -V | tail -n 1)
[[ -n $kver && -f $root/boot/vmlinuz-$kver ]] || die "no kernel in $root/boot"
# The inputs: this script, the guest's files, the packages' versions.
stamp=$( (cat "$0" "$here"/guest/*; in_root dpkg-query -W "${pkgs[@]}") | sha256sum | cut -c1-16)
if [[ -f $iso && $(cat "$out/stamp" 2>/dev/null) == "$stamp" ]]; then
  log "up to date"
  echo "$iso"
  exit 0
fi
log "building for kernel $kver"

# The initramfs tree. $out is ours and outside the chroot, so it can be wiped.
stage=$out/initramfs
rm -rf "$stage" "$out/iso" "$out/stamp"
mkdir -p "$stage"/{bin,dev,etc/udhcpc,etc/acpi/PWRF,lib/modules,usr/sbin} "$out/iso/boot/grub"
# The kernel opens /dev/console before /init runs: without the node, init's output goes nowhere.
mknod -m 600 "$stage/dev/console" c 5 1
cp "$root/usr/bin/busybox" "$stage/bin/busybox"
install -m 755 "$here/guest/init" "$stage/init"
install -m 755 "$here/guest/udhcpc.script" "$stage/etc/udhcpc/default.script"
install -m 755 "$here/guest/power-button" "$stage/etc/acpi/PWRF/00000080"

# Drops a module's appended signature (struct module_signature: 12 bytes whose last 4 are the
# big-endian signature length, then a 28-byte magic). Checking it costs ~20 s a module on the
# instruction emulator; Debian's kernel does not enforce signatures without Secure Boot.
unsign() {
  local f=$1 size b
  size=$(stat -c %s "$f")
  [[ $(tail -c 28 "$f") == '~Module signature appended~' ]] || return 0
  read -ra b < <(od -An -tu1 -j $((size - 40)) -N 12 "$f")
  truncate -s $((size - 40 - b[3] - b[4] - (b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11]))) "$f"
}

# Modules with their dependencies, in load order, decompressed (busybox insmod reads plain .ko).
for m in "${mods[@]}"; do
  in_root modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
done | awk '!seen[$0]++' | while read -r ko; do
  name=$(basename "$ko"); name=${name%%.ko*}
  case $ko in
    *.xz) in_root busybox xzcat "$ko" ;;
    *.ko) cat "$root$ko" ;;
    *) die "unsupported module compression: $ko" ;;
  esac >"$stage/lib/modules/$name.ko"
  unsign "$stage/lib/modules/$name.ko"
  echo "$name" >>"$stage/etc/modules"
done

# VBoxService (and VBoxControl, for debugging by hand) with the libraries ldd names, and
# libgcc_s, which glibc dlopen()s when a thread exits: without it VBoxService aborts on SIGTERM
# before it can delete its properties.
for bin in /usr/sbin/VBoxService /usr/sbin/VBoxControl; do
  for f in "$bin" $(in_root ldd "$bin" | grep -o '/[^ ]*') /usr/lib/x86_64-linux-gnu/libgcc_s.so.1; do
    mkdir -p "$stage$(dirname "$f")"
    cp -L "$root$f" "$stage$f"
  done
done

# Kernel, gzip'd newc initramfs and GRUB (BIOS only: grub-pc-bin), all with the chroot's tools.
cp "$root/boot/vmlinuz-$kver" "$out/iso/boot/vmlinuz"
cp "$here/guest/grub.cfg" "$out/iso/boot/grub/grub.cfg"
in_root busybox sh -c 'cd "$1" && busybox find . | busybox cpio -o -H newc | busybox gzip -9' sh "$stage" \
  >"$out/iso/boot/initrd.gz"
in_root grub-mkrescue -o "$iso.new" "$out/iso" >"$out/grub-mkrescue.log" 2>&1 ||
  die "grub-mkrescue failed; see $out/grub-mkrescue.log"
mv -f "$iso.new" "$iso"
echo "$stamp" >"$out/stamp"
log "$(du -h "$iso" | cut -f1) ISO (initramfs $(du -h "$out/iso/boot/initrd.gz" | cut -f1))"
echo "$iso"
