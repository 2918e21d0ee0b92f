#!/usr/bin/env bash
# The main job, end to end on the simulator: a template with a disk, linked clones of it,
# started headless in parallel, their IP addresses discovered through the (simulated) Guest
# Additions, an inventory in salt-cloud's shape, then a clean-up.
#
#   scripts/demo.sh            # fresh simulator state in a temporary directory, removed at the end
#   KEEP=1 scripts/demo.sh     # leave the machines running for you to inspect (the script prints how)
#   CLONES=5 scripts/demo.sh   # more clones
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet -p vboxctl
vboxctl() { ./target/debug/vboxctl "$@"; }

state=${VBOXCTL_DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/vboxctl-demo.XXXXXX")}
export VBOXCTL_CONNECT="sim://$state"
clones=${CLONES:-3}
step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "Simulated VirtualBox host in $state"
vboxctl version

step "A template: Ubuntu (64-bit), 1 GB, 2 CPUs, a 4 GB disk, NAT on adapter 1"
vboxctl create lab-template --ostype Ubuntu_64 --memory 1024 --cpus 2 --disk 4096 --group /lab
# The simulated guest boots in 20 s by default, like a small real guest; this one is quicker.
vboxctl extradata set lab-template VBoxSim/BootDelayMs 6000
vboxctl snapshot take lab-template golden --description "base of the linked clones"

step "$clones linked clones of the golden snapshot"
for i in $(seq 1 "$clones"); do
  vboxctl clone lab-template "lab web $i" --linked --snapshot golden --group /lab
done
vboxctl list

step "Start them headless, in parallel, and wait for their addresses"
pids=()
for i in $(seq 1 "$clones"); do
  vboxctl start "lab web $i" --wait-ip 60 & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

step "Addresses matched to adapters (JSON)"
vboxctl -o json ip "lab web 1"

step "Inventory in salt-cloud's list_nodes shape"
vboxctl -o json nodes

if [[ ${KEEP:-0} == 1 ]]; then
  step "Left running. Try: VBOXCTL_CONNECT=$VBOXCTL_CONNECT ./target/debug/vboxctl show 'lab web 1'"
  exit 0
fi

step "Clean up: ACPI stop, destroy the clones, then the template (its disk is no longer shared)"
for i in $(seq 1 "$clones"); do vboxctl stop "lab web $i" --timeout 30; done
for i in $(seq 1 "$clones"); do vboxctl destroy "lab web $i"; done
vboxctl destroy lab-template
vboxctl list
[[ -n ${VBOXCTL_DEMO_DIR:-} ]] || rm -rf "$state"
step "Done"
