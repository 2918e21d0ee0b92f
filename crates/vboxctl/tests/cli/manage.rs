//! The whole command set through `vboxmanage://` and the VBoxManage emulator: a process per
//! VBoxManage call, parsed from the text a real VBoxManage of that version prints.

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
    Cloned 'tmpl' to 'web 01' (linked, machine)
    ");
    ctx.fast_guest("web 01");
    snap!(ctx, ctx.cmd().args(["start", "web 01", "--wait-ip", "20"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    Started 'web 01' (headless)
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
    Addresses:     10.0.2.15
    Adapters:
      SLOT  TYPE      ATTACHMENT  NETWORK  MAC           CABLE
      0     I82540EM  NAT                  [MAC]  connected
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["stop", "web 01"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Shut down 'web 01' (ACPI)
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "web 01"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Deleted disk [SIM]/machines/web 01/Snapshots/{[UUID]}.vdi
    Destroyed 'web 01'
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "tmpl"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Deleted disk [SIM]/machines/tmpl/tmpl.vdi
    Deleted disk [SIM]/machines/tmpl/Snapshots/{[UUID]}.vdi
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
    error: Could not find a registered machine named '-odd'
    ");
}
