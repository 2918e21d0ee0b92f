#!/usr/bin/env bash
# The main job, end to end on the simulator: a template with a disk, then `vboxctl up` of the
# lab map in examples/lab.toml — linked clones made and started headless in parallel, their
# IP addresses discovered through the (simulated) Guest Additions — the ready machines with
# their addresses, an inventory, then `vboxctl down --destroy`.
#
#   scripts/demo.sh            # fresh simulator state in a temporary directory, removed at the end
#   KEEP=1 scripts/demo.sh     # leave the machines running for you to inspect (the script prints how)
#   CLONES=5 scripts/demo.sh   # more web servers (the map's `count`)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p vboxctl
vboxctl() { ./target/debug/vboxctl "$@"; }

state=${VBOXCTL_DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/vboxctl-demo.XXXXXX")}
mkdir -p "$state"   # sim:///dir must exist: a mistyped path is an error, not a new host
export VBOXCTL_CONNECT="sim://$state"
clones=${CLONES:-3}
step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

# The example map with the number of web servers asked for.
map="$state/lab.toml"
sed "s/^count = [0-9]*/count = $clones/" examples/lab.toml > "$map"

step "Simulated VirtualBox host in $state"
vboxctl version

step "A template: Ubuntu (64-bit), 1 GB, 2 CPUs, a 4 GB disk, adapter 1 on a new host-only vboxnet0"
vboxctl create lab-template --ostype Ubuntu_64 --memory 1024 --cpus 2 --disk 4096 --group /lab
# NAT would give every guest 10.0.2.15; on a host-only network each gets its own DHCP lease.
# A fresh host has no host-only interface (as a real Linux host): make vboxnet0 first.
vboxctl hostonly create
vboxctl modify lab-template --nic 1=hostonly:vboxnet0
# The simulated guest boots in 20 s by default, like a small real guest; this one is quicker.
# Clones copy the template's extradata, so they boot as fast.
vboxctl extradata set lab-template VBoxSim/BootDelayMs 6000

step "The plan for examples/lab.toml ($clones web servers and a database)"
vboxctl up "$map" --dry-run

step "vboxctl up: clone, start headless in parallel, wait for the addresses"
vboxctl up "$map" --parallel 8

step "Again: nothing to do"
vboxctl -q up "$map"

step "The machines for Ansible and salt-ssh"
vboxctl inventory --map "$map" --format salt-roster

if [[ ${KEEP:-0} == 1 ]]; then
  step "Left running. Try: VBOXCTL_CONNECT=$VBOXCTL_CONNECT ./target/debug/vboxctl inventory --map $map"
  exit 0
fi

step "Clean up: vboxctl down --destroy, then the template (its disk is no longer shared)"
vboxctl down "$map" --destroy --parallel 8
vboxctl destroy lab-template
vboxctl list
[[ -n ${VBOXCTL_DEMO_DIR:-} ]] || rm -rf "$state"
step "Done"
