//! The command sequences of the VBoxManage capture sessions (`fixtures/vboxmanage-*/`), shared
//! by the tests that record and check them on the real host and the emulator's replay.
//!
//! The argv of each entry is written out by hand: an INDEX joins arguments with spaces
//! (`createvm --name web 01` is the name "web 01"). Steps the capture did not record but the
//! captured host's operator ran too (the Guest Additions properties written with `guestproperty
//! set`, since the machines had no guest OS) are [`Step::Setup`]; they also set the simulator's
//! per-machine delays (`VBoxSim/*` extradata, which real VirtualBox stores and ignores).
//! `{root}` in an argument stands for the machine folder.

/// One step of the replay.
pub enum Step {
    /// A captured command: the capture's name and the argv.
    Capture(&'static str, &'static [&'static str]),
    /// An uncaptured command the real host's operator ran too (must succeed).
    Setup(&'static [&'static str]),
    /// Run by "another process" this many ms after the next step started.
    Meanwhile(u64, &'static [&'static str]),
}

use Step::{Capture, Meanwhile, Setup};

/// `{root}` stands for the machine folder (`/home/lab/vms` on the captured host).
#[rustfmt::skip]
pub const MAIN: &[Step] = &[
    Capture("version", &["--version"]),
    Capture("createvm-ubuntu", &["createvm", "--name", "web 01", "--ostype", "Ubuntu_64", "--register"]),
    Capture("createvm-other", &["createvm", "--name", "tmpl \"q\"", "--ostype", "Other", "--register"]),
    // The captured machines had no guest OS: a quick launch, no Guest Additions, nobody
    // answering the ACPI button. Clones inherit the extradata.
    Setup(&["setextradata", "tmpl \"q\"", "VBoxSim/StartDurationMs", "10"]),
    Setup(&["setextradata", "tmpl \"q\"", "VBoxSim/NoGuestAdditions", "1"]),
    Setup(&["setextradata", "tmpl \"q\"", "VBoxSim/AcpiIgnored", "1"]),
    Capture("createvm-noostype", &["createvm", "--name", "bare", "--register"]),
    Capture("createvm-duplicate", &["createvm", "--name", "web 01", "--ostype", "Ubuntu_64", "--register"]),
    Capture("modifyvm-nics", &["modifyvm", "web 01", "--memory", "1024", "--cpus", "2", "--nic2", "intnet", "--intnet2", "labnet", "--nic3", "hostonly", "--hostonlyadapter3", "vboxnet0", "--macaddress3", "080027AABBCC", "--groups", "/lab/web", "--description", "line one\nline two"]),
    Capture("showvminfo-poweroff-ubuntu-3nics", &["showvminfo", "web 01", "--machinereadable"]),
    Capture("showvminfo-poweroff-other-quoted-name", &["showvminfo", "tmpl \"q\"", "--machinereadable"]),
    Capture("showvminfo-poweroff-no-ostype", &["showvminfo", "bare", "--machinereadable"]),
    Capture("showvminfo-human-poweroff", &["showvminfo", "web 01"]),
    Capture("list-vms", &["list", "vms"]),
    Capture("list-runningvms-empty", &["list", "runningvms"]),
    Capture("list-systemproperties", &["list", "systemproperties"]),
    Capture("snapshot-take-offline", &["snapshot", "tmpl \"q\"", "take", "base", "--description", "golden image"]),
    Capture("clonevm-linked", &["clonevm", "tmpl \"q\"", "--snapshot", "base", "--options", "link", "--name", "clone a", "--register"]),
    Capture("clonevm-full", &["clonevm", "tmpl \"q\"", "--name", "clone b", "--register"]),
    Capture("clonevm-linked-no-snapshot", &["clonevm", "bare", "--options", "link", "--name", "clone c", "--register"]),
    Capture("clonevm-mode-all", &["clonevm", "tmpl \"q\"", "--mode", "all", "--name", "clone d", "--register"]),
    Capture("snapshot-list-machinereadable", &["snapshot", "tmpl \"q\"", "list", "--machinereadable"]),
    Capture("showvminfo-poweroff-linked-clone", &["showvminfo", "clone a", "--machinereadable"]),
    Capture("startvm-headless", &["startvm", "clone a", "--type", "headless"]),
    Capture("startvm-already-running", &["startvm", "clone a", "--type", "headless"]),
    Capture("showvminfo-running", &["showvminfo", "clone a", "--machinereadable"]),
    Capture("list-runningvms", &["list", "runningvms"]),
    Capture("modifyvm-while-running", &["modifyvm", "clone a", "--memory", "256"]),
    // What the captured host's operator wrote in place of Guest Additions.
    Setup(&["guestproperty", "set", "clone a", "/VirtualBox/GuestInfo/Net/Count", "2"]),
    Setup(&["guestproperty", "set", "clone a", "/VirtualBox/GuestInfo/Net/0/V4/IP", "10.0.2.15"]),
    Setup(&["guestproperty", "set", "clone a", "/VirtualBox/GuestInfo/Net/0/V4/Netmask", "255.255.255.0"]),
    Setup(&["guestproperty", "set", "clone a", "/VirtualBox/GuestInfo/Net/0/MAC", "080027CBC7A4"]),
    Setup(&["guestproperty", "set", "clone a", "/VirtualBox/GuestInfo/Net/0/Status", "Up"]),
    Setup(&["guestproperty", "set", "clone a", "/VirtualBox/GuestInfo/Net/1/V6/IP", "fe80::a00:27ff:fe12:3456"]),
    Setup(&["guestproperty", "set", "clone a", "/VirtualBox/GuestAdd/Version", "7.0.14"]),
    Capture("guestproperty-enumerate-running", &["guestproperty", "enumerate", "clone a"]),
    Capture("guestproperty-enumerate-old-format", &["guestproperty", "enumerate", "clone a", "--old-format"]),
    Capture("guestproperty-enumerate-patterns", &["guestproperty", "enumerate", "clone a", "--patterns", "/VirtualBox/GuestInfo/Net/*"]),
    Capture("guestproperty-get-found", &["guestproperty", "get", "clone a", "/VirtualBox/GuestInfo/Net/0/V4/IP"]),
    Capture("guestproperty-get-missing", &["guestproperty", "get", "clone a", "/VirtualBox/GuestInfo/Net/9/V4/IP"]),
    // The address changes while `wait` waits, written by another VBoxManage process.
    Meanwhile(100, &["guestproperty", "set", "clone a", "/VirtualBox/GuestInfo/Net/0/V4/IP", "10.0.2.16"]),
    Capture("guestproperty-wait-change", &["guestproperty", "wait", "clone a", "/VirtualBox/GuestInfo/Net/0/*", "--timeout", "5000"]),
    // Captured with --timeout 500; a shorter timeout prints the same and waits less.
    Capture("guestproperty-wait-timeout", &["guestproperty", "wait", "clone a", "/VirtualBox/NoSuch/*", "--timeout", "100"]),
    Capture("controlvm-pause", &["controlvm", "clone a", "pause"]),
    Capture("showvminfo-paused", &["showvminfo", "clone a", "--machinereadable"]),
    Capture("controlvm-resume", &["controlvm", "clone a", "resume"]),
    Capture("snapshot-take-live", &["snapshot", "clone a", "take", "live1", "--live"]),
    Capture("controlvm-savestate", &["controlvm", "clone a", "savestate"]),
    Capture("showvminfo-saved", &["showvminfo", "clone a", "--machinereadable"]),
    Capture("startvm-from-saved", &["startvm", "clone a", "--type", "headless"]),
    Capture("controlvm-acpipowerbutton", &["controlvm", "clone a", "acpipowerbutton"]),
    Capture("controlvm-poweroff", &["controlvm", "clone a", "poweroff"]),
    Capture("showvminfo-poweroff-after-run", &["showvminfo", "clone a", "--machinereadable"]),
    Capture("guestproperty-enumerate-after-poweroff", &["guestproperty", "enumerate", "clone a"]),
    Capture("controlvm-poweroff-not-running", &["controlvm", "clone a", "poweroff"]),
    Capture("controlvm-acpi-not-running", &["controlvm", "clone a", "acpipowerbutton"]),
    Capture("showvminfo-not-found", &["showvminfo", "no such vm", "--machinereadable"]),
    Capture("startvm-not-found", &["startvm", "no such vm", "--type", "headless"]),
    Capture("unregistervm-not-found", &["unregistervm", "no such vm", "--delete"]),
    Capture("showvminfo-empty-name", &["showvminfo", "", "--machinereadable"]),
    Capture("syntax-error", &["clonevm"]),
    Capture("unregistervm-parent-of-linked", &["unregistervm", "tmpl \"q\"", "--delete"]),
    Capture("list-hdds", &["list", "hdds"]),
    Capture("unregistervm-delete-linked", &["unregistervm", "clone a", "--delete"]),
    Capture("unregistervm-delete-all", &["unregistervm", "clone d", "--delete-all"]),
    Capture("unregistervm-delete", &["unregistervm", "clone b", "--delete"]),
    Capture("list-vms-after", &["list", "vms"]),
];

/// The `disks-` captures come from a second, fresh host.
#[rustfmt::skip]
pub const DISKS: &[Step] = &[
    Capture("disks-createvm-base", &["createvm", "--name", "base", "--ostype", "Ubuntu_64", "--register"]),
    Setup(&["setextradata", "base", "VBoxSim/StartDurationMs", "10"]),
    Setup(&["setextradata", "base", "VBoxSim/NoGuestAdditions", "1"]),
    Capture("disks-createmedium", &["createmedium", "disk", "--filename", "{root}/base/base.vdi", "--size", "64", "--format", "VDI"]),
    Capture("disks-storagectl-add", &["storagectl", "base", "--name", "SATA", "--add", "sata", "--controller", "IntelAhci", "--portcount", "2"]),
    Capture("disks-storageattach", &["storageattach", "base", "--storagectl", "SATA", "--port", "0", "--device", "0", "--type", "hdd", "--medium", "{root}/base/base.vdi"]),
    Capture("disks-showvminfo-with-disk", &["showvminfo", "base", "--machinereadable"]),
    Capture("disks-snapshot-take", &["snapshot", "base", "take", "golden"]),
    Capture("disks-clonevm-linked-1", &["clonevm", "base", "--snapshot", "golden", "--options", "link", "--name", "lc1", "--register"]),
    Capture("disks-clonevm-linked-2", &["clonevm", "base", "--snapshot", "golden", "--options", "link", "--name", "lc2", "--register"]),
    Capture("disks-clonevm-full-with-disk", &["clonevm", "base", "--name", "full1", "--register"]),
    Capture("disks-list-hdds-after-clones", &["list", "hdds"]),
    Capture("disks-showvminfo-linked-with-disk", &["showvminfo", "lc1", "--machinereadable"]),
    Capture("disks-unregistervm-base-delete-with-linked-children", &["unregistervm", "base", "--delete"]),
    Capture("disks-list-vms-after-base-delete", &["list", "vms"]),
    Capture("disks-list-hdds-after-base-delete", &["list", "hdds"]),
    Capture("disks-showvminfo-lc1-after-base-delete", &["showvminfo", "lc1", "--machinereadable"]),
    Capture("disks-startvm-lc1-after-base-delete", &["startvm", "lc1", "--type", "headless"]),
    Capture("disks-controlvm-lc1-poweroff", &["controlvm", "lc1", "poweroff"]),
    Capture("disks-unregistervm-lc1-delete", &["unregistervm", "lc1", "--delete"]),
    Capture("disks-unregistervm-lc2-delete", &["unregistervm", "lc2", "--delete"]),
    Capture("disks-list-hdds-after-children-delete", &["list", "hdds"]),
    Capture("disks-unregistervm-full1-delete", &["unregistervm", "full1", "--delete"]),
    Capture("disks-list-hdds-final", &["list", "hdds"]),
];

/// Pause, resume, reset and save of a running machine, the states each refuses, what a reset, a
/// save and a power-off do to TRANSIENT guest properties, and a launch the host refuses:
/// recorded on VirtualBox 7.2 (a third fresh host).
#[rustfmt::skip]
pub const CONTROL: &[Step] = &[
    Capture("ctl-createvm", &["createvm", "--name", "ctl", "--ostype", "Other", "--register"]),
    Setup(&["setextradata", "ctl", "VBoxSim/StartDurationMs", "10"]),
    Setup(&["setextradata", "ctl", "VBoxSim/NoGuestAdditions", "1"]),
    Capture("ctl-pause-not-running", &["controlvm", "ctl", "pause"]),
    Capture("ctl-startvm", &["startvm", "ctl", "--type", "headless"]),
    Capture("ctl-resume-running", &["controlvm", "ctl", "resume"]),
    // As VBoxService writes them: TRANSIENT (deleted at power-off, kept over a reset).
    Setup(&["guestproperty", "set", "ctl", "/VirtualBox/GuestInfo/Net/0/V4/IP", "10.0.2.15", "--flags", "TRANSIENT"]),
    Setup(&["guestproperty", "set", "ctl", "/VirtualBox/GuestInfo/Net/Count", "1", "--flags", "TRANSIENT"]),
    Capture("ctl-reset", &["controlvm", "ctl", "reset"]),
    Capture("ctl-guestproperty-after-reset", &["guestproperty", "enumerate", "ctl"]),
    Capture("ctl-pause", &["controlvm", "ctl", "pause"]),
    Capture("ctl-pause-paused", &["controlvm", "ctl", "pause"]),
    Capture("ctl-reset-paused", &["controlvm", "ctl", "reset"]),
    Capture("ctl-resume", &["controlvm", "ctl", "resume"]),
    Capture("ctl-savestate", &["controlvm", "ctl", "savestate"]),
    Capture("ctl-guestproperty-saved", &["guestproperty", "enumerate", "ctl"]),
    Capture("ctl-reset-saved", &["controlvm", "ctl", "reset"]),
    Capture("ctl-startvm-restore", &["startvm", "ctl", "--type", "headless"]),
    Capture("ctl-guestproperty-restored", &["guestproperty", "enumerate", "ctl"]),
    Capture("ctl-poweroff", &["controlvm", "ctl", "poweroff"]),
    Capture("ctl-guestproperty-after-poweroff", &["guestproperty", "enumerate", "ctl"]),
    // The real host refuses driverless mode for a machine that forbids the emulator fallback;
    // the simulator is told to refuse with the same text.
    Setup(&["setextradata", "ctl", "VBoxInternal/HM/FallbackToIEM", "0"]),
    Setup(&["setextradata", "ctl", "VBoxSim/StartFailure", "Driverless mode (VERR_SUP_DRIVERLESS)"]),
    Capture("ctl-startvm-refused", &["startvm", "ctl", "--type", "headless"]),
    Capture("ctl-showvminfo-after-refusal", &["showvminfo", "ctl", "--machinereadable"]),
    Capture("ctl-unregistervm", &["unregistervm", "ctl", "--delete"]),
];

/// The name and argv of every captured step of a sequence, in order.
pub fn captures(steps: &[Step]) -> Vec<(&'static str, &'static [&'static str])> {
    steps
        .iter()
        .filter_map(|s| match s {
            Capture(name, argv) => Some((*name, *argv)),
            _ => None,
        })
        .collect()
}
