//! `start`, `ip`, `stop`, `destroy`: a machine's life on a simulated host with a fast guest.

use crate::{snap, TestContext};

#[test]
fn start_and_wait_for_addresses() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    snap!(ctx, ctx.cmd().args(["start", "web1", "--wait-ip", "20"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    Starting 'web1' …
    Started 'web1' (headless)
    Waiting up to 20s for an IP address of 'web1' …
    ");
    snap!(ctx, ctx.cmd().args(["ip", "web1"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["ip", "web1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "address": "10.0.2.15",
        "family": "ipv4",
        "adapter_slot": 0,
        "mac": "[MAC]",
        "interface_index": 0,
        "scope": "private"
      }
    ]
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["ip", "web1", "--interface", "0"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["ip", "web1", "--interface", "3"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: 'web1' reports no IP address on adapter slot 3
    hint: `vboxctl adapters web1` lists the slots, `vboxctl ip web1` every address
    ");
}

#[test]
fn start_json_includes_the_addresses() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    snap!(ctx, ctx.cmd().args(["start", "web1", "--wait-ip", "20", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "web1",
      "id": "[UUID]",
      "state": "Running",
      "os_type": "Ubuntu_64",
      "memory_mb": 128,
      "cpus": 1,
      "groups": [
        "/"
      ],
      "session_state": "Locked",
      "accessible": true,
      "start_type": "headless",
      "addresses": [
        {
          "address": "10.0.2.15",
          "family": "ipv4",
          "adapter_slot": 0,
          "mac": "[MAC]",
          "interface_index": 0,
          "scope": "private"
        }
      ]
    }
    ----- stderr -----
    Starting 'web1' …
    Started 'web1' (headless)
    Waiting up to 20s for an IP address of 'web1' …
    "#);
}

#[test]
fn ip_before_the_guest_has_booted() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    snap!(ctx, ctx.cmd().args(["ip", "web1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: 'web1' is PoweredOff, so it has no IP address
    hint: start it first, e.g. with `vboxctl start web1 --wait-ip 120`
    ");
    ctx.run(&["extradata", "set", "web1", "VBoxSim/BootDelayMs", "60000"]);
    ctx.run(&["start", "web1"]);
    snap!(ctx, ctx.cmd().args(["ip", "web1", "-o", "json"]), @"
    exit: 1
    ----- stdout -----
    []
    ----- stderr -----
    error: 'web1' reports no IP address
    hint: the Guest Additions are not running in the guest (yet); while it boots, wait with `--wait SECS`
    ");
    snap!(ctx, ctx.cmd().args(["ip", "web1", "--wait", "1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Waiting up to 1s for an IP address of 'web1' …
    error: timed out after [SECS]s waiting for an IP address of 'web1'
    hint: the Guest Additions have not reported in 'web1' (no /VirtualBox/GuestAdd/Version yet): the guest may still be booting (wait longer), or they are not installed (install them, or look the address up elsewhere, e.g. DHCP leases)
    ");
}

#[test]
fn ip_wait_without_guest_additions_times_out_with_a_hint() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    ctx.run(&["extradata", "set", "web1", "VBoxSim/NoGuestAdditions", "1"]);
    ctx.run(&["start", "web1"]);
    snap!(ctx, ctx.cmd().args(["ip", "web1", "--wait", "1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Waiting up to 1s for an IP address of 'web1' …
    error: timed out after [SECS]s waiting for an IP address of 'web1'
    hint: the Guest Additions have not reported in 'web1' (no /VirtualBox/GuestAdd/Version yet): the guest may still be booting (wait longer), or they are not installed (install them, or look the address up elsewhere, e.g. DHCP leases)
    ");
    snap!(ctx, ctx.cmd().args(["ip", "web1", "--wait", "1", "-o", "json"]), @"
    exit: 1
    ----- stdout -----
    []
    ----- stderr -----
    Waiting up to 1s for an IP address of 'web1' …
    error: timed out after [SECS]s waiting for an IP address of 'web1'
    hint: the Guest Additions have not reported in 'web1' (no /VirtualBox/GuestAdd/Version yet): the guest may still be booting (wait longer), or they are not installed (install them, or look the address up elsewhere, e.g. DHCP leases)
    ");
}

#[test]
fn start_a_running_machine_reports_its_state() {
    let ctx = TestContext::new();
    ctx.running("web1");
    snap!(ctx, ctx.cmd().args(["start", "web1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Starting 'web1' …
    error: cannot start 'web1': it is Running
    hint: it is already running; stop it first
    ");
}

#[test]
fn stop_acpi_poweroff_and_already_off() {
    let ctx = TestContext::new();
    ctx.running("web1");
    snap!(ctx, ctx.cmd().args(["stop", "web1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "web1",
      "id": "[UUID]",
      "state": "PoweredOff",
      "os_type": "Ubuntu_64",
      "memory_mb": 128,
      "cpus": 1,
      "groups": [
        "/"
      ],
      "session_state": "Unlocked",
      "accessible": true,
      "mode": "acpi",
      "was_running": true,
      "escalated": false
    }
    ----- stderr -----
    Stopping 'web1' …
    Shut down 'web1' (ACPI)
    "#);
    snap!(ctx, ctx.cmd().args(["stop", "web1"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Stopping 'web1' …
    'web1' is not running (PoweredOff); nothing to do
    ");
    ctx.run(&["start", "web1"]);
    snap!(ctx, ctx.cmd().args(["stop", "web1", "--mode", "poweroff"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Stopping 'web1' …
    Powered off 'web1'
    ");
}

#[test]
fn stop_escalates_when_the_guest_ignores_acpi() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    ctx.run(&["extradata", "set", "web1", "VBoxSim/AcpiIgnored", "1"]);
    ctx.run(&["start", "web1"]);
    snap!(ctx, ctx.cmd().args(["stop", "web1", "--timeout", "1", "--no-escalate"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Stopping 'web1' …
    error: timed out after [SECS]s waiting for 'web1' to shut down after the ACPI power button
    hint: the guest ignored the power button (no ACPI support, or still booting); use --mode poweroff, or allow escalation
    ");
    snap!(ctx, ctx.cmd().args(["stop", "web1", "--timeout", "1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "web1",
      "id": "[UUID]",
      "state": "PoweredOff",
      "os_type": "Ubuntu_64",
      "memory_mb": 128,
      "cpus": 1,
      "groups": [
        "/"
      ],
      "session_state": "Unlocked",
      "accessible": true,
      "mode": "acpi",
      "was_running": true,
      "escalated": true
    }
    ----- stderr -----
    Stopping 'web1' …
    Powered off 'web1': the guest did not shut down within 1s of the ACPI power button
    "#);
}

#[test]
fn savestate_then_start_again() {
    let ctx = TestContext::new();
    ctx.running("web1");
    snap!(ctx, ctx.cmd().args(["stop", "web1", "--mode", "savestate"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Stopping 'web1' …
    Saved the state of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["list"]), @"
    exit: 0
    ----- stdout -----
    NAME  STATE  OS TYPE    MEMORY  CPUS  ID
    web1  Saved  Ubuntu_64  128 MB  1     [UUID]
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["start", "web1"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Starting 'web1' …
    Started 'web1' (headless)
    ");
}

#[test]
fn destroy_running_machine_with_its_disk() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1", "--ostype", "Ubuntu_64", "--disk", "1024"]);
    ctx.fast_guest("web1");
    ctx.run(&["start", "web1"]);
    snap!(ctx, ctx.cmd().args(["destroy", "web1"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Destroying 'web1' …
    Powered off 'web1' first
    Deleted disk [SIM]/machines/web1/web1.vdi
    Destroyed 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["exists", "web1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    ");
}

#[test]
fn destroy_keep_disks_json() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1", "--disk", "1024"]);
    snap!(ctx, ctx.cmd().args(["destroy", "web1", "--keep-disks", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "web1",
      "powered_off": false,
      "deleted_media": [],
      "kept_media": [
        {
          "id": "[UUID]",
          "location": "[SIM]/machines/web1/web1.vdi"
        }
      ]
    }
    ----- stderr -----
    Destroying 'web1' …
    Kept disk [SIM]/machines/web1/web1.vdi
    Destroyed 'web1'
    "#);
}

#[test]
fn destroy_template_of_linked_clones() {
    let ctx = TestContext::new();
    ctx.run(&["create", "template", "--disk", "1024"]);
    ctx.run(&["clone", "template", "child", "--linked"]);
    snap!(ctx, ctx.cmd().args(["destroy", "template"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Destroying 'template' …
    error: refusing to destroy 'template': its disks are the parents of the disks of linked clones: 'child'
    hint: destroy the linked clones first, or pass --force to remove the machine and keep the shared disks
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "template", "--force"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Destroying 'template' …
    Deleted disk [SIM]/machines/template/Snapshots/{[UUID]}.vdi
    Kept disk [SIM]/machines/template/template.vdi
    Destroyed 'template'
    ");
    snap!(ctx, ctx.cmd().args(["list"]), @"
    exit: 0
    ----- stdout -----
    NAME   STATE       OS TYPE  MEMORY  CPUS  ID
    child  PoweredOff  Other    128 MB  1     [UUID]
    ----- stderr -----
    ");
}

#[test]
fn errors_name_the_machine_not_its_uuid() {
    let ctx = TestContext::new();
    ctx.machine("web1");
    ctx.left_starting("web1", 600_000);
    snap!(ctx, ctx.cmd().args(["destroy", "web1", "--timeout", "1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Destroying 'web1' …
    error: timed out after [SECS]s waiting for 'web1' to settle (it is Starting, session Spawning)
    ");
    snap!(ctx, ctx.cmd().args(["stop", "web1", "--timeout", "1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Stopping 'web1' …
    error: timed out after [SECS]s waiting for 'web1' to settle (it is Starting, session Spawning)
    ");
}
