//! Awkward machine names work everywhere: spaces, quotes, Unicode, a leading dash (after
//! `--`).

use crate::{snap, TestContext};

#[test]
fn spaces_quotes_and_unicode() {
    let ctx = TestContext::new();
    for name in ["my web server", r#"it's "quoted""#, "snö☃man"] {
        ctx.machine(name);
    }
    snap!(ctx, ctx.cmd().arg("list"), @r#"
    exit: 0
    ----- stdout -----
    NAME           STATE       OS TYPE    MEMORY  CPUS  ID
    my web server  PoweredOff  Ubuntu_64  128 MB  1     [UUID]
    it's "quoted"  PoweredOff  Ubuntu_64  128 MB  1     [UUID]
    snö☃man        PoweredOff  Ubuntu_64  128 MB  1     [UUID]
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["show", "it's \"quoted\"", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "it's \"quoted\"",
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
      "description": "",
      "last_state_change": "[TIME]",
      "session_name": null,
      "chipset": "PIIX3",
      "firmware": "BIOS",
      "settings_file": "[SIM]/machines/it's _quoted_/it's _quoted_.vbox",
      "current_snapshot": null,
      "adapters": [
        {
          "slot": 0,
          "enabled": true,
          "adapter_type": "I82540EM",
          "mac_address": "[MAC]",
          "attachment": "NAT",
          "network": "",
          "bridged_interface": "",
          "host_only_interface": "",
          "host_only_network": "",
          "internal_network": "",
          "nat_network": "",
          "generic_driver": "",
          "cable_connected": true,
          "line_speed_kbps": 0
        }
      ],
      "private_ips": [],
      "public_ips": [],
      "snapshots": [],
      "disks": [],
      "storage": {
        "controllers": [],
        "attachments": []
      }
    }
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["start", "snö☃man", "--wait-ip", "20"]), @"
    exit: 0
    ----- stdout -----
    10.0.2.15
    ----- stderr -----
    Starting 'snö☃man' …
    Started 'snö☃man' (headless)
    Waiting up to 20s for an IP address of 'snö☃man' …
    ");
    snap!(ctx, ctx.cmd().args(["stop", "snö☃man", "--mode", "poweroff"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Stopping 'snö☃man' …
    Powered off 'snö☃man'
    ");
    snap!(ctx, ctx.cmd().args(["exists", "my web server"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "my web server"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Destroying 'my web server' …
    Destroyed 'my web server'
    ");
}

#[test]
fn leading_dash_after_double_dash() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["create", "--", "-odd"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Created '-odd' (Other, 128 MB, 1 CPU, no disk)
    ");
    snap!(ctx, ctx.cmd().args(["show", "-odd"]), @"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: invalid value 'dd' for '--output <OUTPUT>'
      [possible values: table, json, ndjson]

    For more information, try '--help'.
    ");
    snap!(ctx, ctx.cmd().args(["exists", "--", "-odd"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["clone", "--", "-odd", "-odder"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Cloning '-odd' to '-odder' …
    Cloned '-odd' to '-odder' (full, machine)
    ");
    snap!(ctx, ctx.cmd().args(["destroy", "--", "-odder"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Destroying '-odder' …
    Destroyed '-odder'
    ");
    snap!(ctx, ctx.cmd().args(["extradata", "set", "--", "-odd", "k", "v"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Set extradata 'k' of '-odd'
    ");
    snap!(ctx, ctx.cmd().args(["extradata", "get", "--", "-odd", "k"]), @"
    exit: 0
    ----- stdout -----
    v
    ----- stderr -----
    ");
}
