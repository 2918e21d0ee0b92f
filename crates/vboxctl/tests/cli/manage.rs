//! The whole command set through `vboxmanage://` and the VBoxManage emulator: a process per
//! VBoxManage call, parsed from the text a real VBoxManage of that version prints.

use crate::common::render;
use crate::{snap, TestContext};

#[test]
fn lifecycle_through_vboxmanage_7_1() {
    let ctx = TestContext::emulator("7.1");
    ctx.run(&[
        "create",
        "tmpl",
        "--ostype",
        "Ubuntu_64",
        "--memory",
        "1024",
        "--disk",
        "64",
    ]);
    ctx.fast_guest("tmpl");
    snap!(ctx, ctx.cmd().args(["list"]), @"
    exit: 0
    ----- stdout -----
    NAME  STATE       OS TYPE    MEMORY   CPUS  ID
    tmpl  PoweredOff  Ubuntu_64  1024 MB  1     [UUID]
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["clone", "tmpl", "web 01", "--linked"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Cloning 'tmpl' to 'web 01' …
    Cloned 'tmpl' to 'web 01' (linked, machine)
    ");
    ctx.fast_guest("web 01");
    snap!(ctx, ctx.cmd().args(["start", "web 01", "--wait-ip", "20"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    Starting 'web 01' …
    Started 'web 01' (headless)
    Waiting up to 20s for an IP address of 'web 01' …
    ");
    snap!(ctx, ctx.cmd().args(["ip", "web 01"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["show", "web 01"]), @"
    exit: 0
    ----- stdout -----
    Name:          web 01
    UUID:          [UUID]
    State:         Running (since [TIME])
    Session:       Locked (headless)
    OS type:       Ubuntu_64
    Memory:        1024 MB
    CPUs:          1
    Chipset:       PIIX3
    Firmware:      BIOS
    Groups:        /
    Description:
    Settings file: [SIM]/machines/web 01/web 01.vbox
    Disks:         [SIM]/machines/web 01/Snapshots/{[UUID]}.vdi (64 MB)
    Addresses:     10.0.2.15
    Adapters:
      SLOT  TYPE      ATTACHMENT  NETWORK  MAC           CABLE
      0     I82540EM  NAT                  [MAC]  connected
    Storage:
      SLOT      BUS   KIND  SIZE   MEDIUM
      SATA:0:0  sata  disk  64 MB  [SIM]/machines/web 01/Snapshots/{[UUID]}.vdi
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["stop", "web 01"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Stopping 'web 01' …
    Shut down 'web 01' (ACPI)
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "web 01"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Destroying 'web 01' …
    Deleted disk [SIM]/machines/web 01/Snapshots/{[UUID]}.vdi
    Destroyed 'web 01'
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "tmpl"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Destroying 'tmpl' …
    Deleted disk [SIM]/machines/tmpl/Snapshots/{[UUID]}.vdi
    Deleted disk [SIM]/machines/tmpl/tmpl.vdi
    Destroyed 'tmpl'
    ");
    snap!(ctx, ctx.cmd().args(["list"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    No machines are registered
    ");
}

#[test]
fn version_and_missing_machines_through_vboxmanage_6_1() {
    let ctx = TestContext::emulator("6.1");
    snap!(ctx, ctx.cmd().args(["show", "nope"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: Could not find a registered machine named 'nope'
    ");
    snap!(ctx, ctx.cmd().args(["start", "--", "-odd"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Starting '-odd' …
    error: Could not find a registered machine named '-odd'
    ");
}

#[test]
fn very_verbose_shows_each_vboxmanage_command_line() {
    let ctx = TestContext::emulator("7.1");
    ctx.run(&["create", "web 01"]);
    let out = ctx.cmd().args(["-vv", "show", "web 01"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("VBoxManage ") || l.contains(" INFO "))
        .map(str::trim)
        .collect();
    assert!(lines.contains(&"DEBUG VBoxManage --version"), "{err}");
    assert!(lines.contains(&"INFO get_machine 'web 01'"), "{err}");
    assert!(
        lines.contains(&"DEBUG VBoxManage showvminfo 'web 01' --machinereadable"),
        "{err}"
    );
    // One `-v` shows the operations, not the command lines.
    let out = ctx.cmd().args(["-v", "show", "web 01"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("INFO get_machine 'web 01'") && !err.contains("VBoxManage showvminfo"),
        "{err}"
    );
}

/// `list` asks VBoxManage for its columns in one listing, however many machines there are:
/// the binary's own wrappers must not turn it into a `showvminfo` per machine (the `-v`
/// wrapper once did, through the trait's fallback to the full listing).
#[test]
fn list_is_one_listing_process_whatever_the_machine_count() {
    let ctx = TestContext::emulator("7.2");
    for name in ["a", "b", "c"] {
        ctx.run(&["create", name, "--ostype", "Ubuntu_64"]);
    }
    for args in [&["-vv", "list"][..], &["-vv", "-o", "json", "list"][..]] {
        let out = ctx.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{}", render(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        let mut calls: Vec<&str> = err
            .lines()
            .filter_map(|l| l.trim().strip_prefix("DEBUG VBoxManage "))
            .collect();
        calls.sort_unstable();
        assert_eq!(
            calls,
            ["--version", "list --long vms", "list ostypes"],
            "{args:?}:\n{err}"
        );
    }
}
