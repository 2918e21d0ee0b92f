//! `list`, `show`, `create`, `clone`, `exists`, `adapters`.

use crate::{snap, TestContext};

#[test]
fn list_empty_host() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().arg("list"), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    No machines are registered
    ");
    snap!(ctx, ctx.cmd().args(["list", "-o", "json"]), @"
    exit: 0
    ----- stdout -----
    []
    ----- stderr -----
    ");
}

#[test]
fn list_table_and_json() {
    let ctx = TestContext::new();
    ctx.run(&[
        "create",
        "web1",
        "--ostype",
        "Ubuntu_64",
        "--memory",
        "2048",
        "--cpus",
        "2",
    ]);
    ctx.run(&["create", "db", "--group", "/lab"]);
    snap!(ctx, ctx.cmd().arg("list"), @"
    exit: 0
    ----- stdout -----
    NAME  STATE       OS TYPE    MEMORY   CPUS  ID
    web1  PoweredOff  Ubuntu_64  2048 MB  2     [UUID]
    db    PoweredOff  Other      128 MB   1     [UUID]
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["list", "--output", "json"]), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "name": "web1",
        "id": "[UUID]",
        "state": "PoweredOff",
        "os_type": "Ubuntu_64",
        "memory_mb": 2048,
        "cpus": 2,
        "groups": [
          "/"
        ],
        "session_state": "Unlocked",
        "accessible": true
      },
      {
        "name": "db",
        "id": "[UUID]",
        "state": "PoweredOff",
        "os_type": "Other",
        "memory_mb": 128,
        "cpus": 1,
        "groups": [
          "/lab"
        ],
        "session_state": "Unlocked",
        "accessible": true
      }
    ]
    ----- stderr -----
    "#);
}

#[test]
fn create_reports_on_stderr_and_json_on_stdout() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["create", "web1", "--ostype", "Ubuntu_64", "--disk", "1024"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Created 'web1' (Ubuntu_64, 128 MB, 1 CPU, 1024 MB disk)
    ");
    snap!(ctx, ctx.cmd().args(["-o", "json", "create", "web2", "--memory", "512", "--cpus", "2",
        "--group", "/lab/web", "--description", "two\nlines"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "web2",
      "id": "[UUID]",
      "state": "PoweredOff",
      "os_type": "Other",
      "memory_mb": 512,
      "cpus": 2,
      "groups": [
        "/lab/web"
      ],
      "session_state": "Unlocked",
      "accessible": true,
      "description": "two\nlines",
      "last_state_change": "[TIME]",
      "session_name": null,
      "chipset": "PIIX3",
      "firmware": "BIOS",
      "settings_file": "[SIM]/machines/lab/web/web2/web2.vbox",
      "current_snapshot": null,
      "adapters": [
        {
          "slot": 0,
          "enabled": true,
          "adapter_type": "Am79C973",
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
    Created 'web2' (Other, 512 MB, 2 CPUs, no disk)
    "#);
    snap!(ctx, ctx.cmd().args(["create", "web1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: a machine named 'web1' already exists
    ");
}

#[test]
fn show_table_and_json() {
    let ctx = TestContext::new();
    ctx.run(&[
        "create",
        "web1",
        "--ostype",
        "Ubuntu_64",
        "--group",
        "/lab",
        "--description",
        "front end\nsecond line",
    ]);
    snap!(ctx, ctx.cmd().args(["show", "web1"]), @"
    exit: 0
    ----- stdout -----
    Name:          web1
    UUID:          [UUID]
    State:         PoweredOff (since [TIME])
    Session:       Unlocked
    OS type:       Ubuntu_64
    Memory:        128 MB
    CPUs:          1
    Chipset:       PIIX3
    Firmware:      BIOS
    Groups:        /lab
    Description:   front end
                   second line
    Settings file: [SIM]/machines/lab/web1/web1.vbox
    Disks:
    Addresses:
    Adapters:
      SLOT  TYPE      ATTACHMENT  NETWORK  MAC           CABLE
      0     I82540EM  NAT                  [MAC]  connected
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["show", "web1", "-o", "json"]), @r#"
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
        "/lab"
      ],
      "session_state": "Unlocked",
      "accessible": true,
      "description": "front end\nsecond line",
      "last_state_change": "[TIME]",
      "session_name": null,
      "chipset": "PIIX3",
      "firmware": "BIOS",
      "settings_file": "[SIM]/machines/lab/web1/web1.vbox",
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
}

#[test]
fn clone_full_linked_and_by_salt_word() {
    let ctx = TestContext::new();
    ctx.run(&[
        "create",
        "template",
        "--ostype",
        "Ubuntu_64",
        "--disk",
        "1024",
    ]);
    snap!(ctx, ctx.cmd().args(["clone", "template", "full"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Cloning 'template' to 'full' …
    Cloned 'template' to 'full' (full, machine)
    ");
    snap!(ctx, ctx.cmd().args(["clone", "template", "linked", "--linked", "--group", "/clones", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "linked",
      "id": "[UUID]",
      "state": "PoweredOff",
      "os_type": "Ubuntu_64",
      "memory_mb": 128,
      "cpus": 1,
      "groups": [
        "/clones"
      ],
      "session_state": "Unlocked",
      "accessible": true,
      "description": "",
      "last_state_change": "[TIME]",
      "session_name": null,
      "chipset": "PIIX3",
      "firmware": "BIOS",
      "settings_file": "[SIM]/machines/clones/linked/linked.vbox",
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
      "disks": [
        {
          "id": "[UUID]",
          "location": "[SIM]/machines/clones/linked/Snapshots/{[UUID]}.vdi",
          "size_mb": 1024
        }
      ],
      "storage": {
        "controllers": [
          {
            "name": "SATA",
            "bus": "sata",
            "controller_type": "IntelAhci",
            "port_count": 30,
            "max_port_count": 30
          }
        ],
        "attachments": [
          {
            "controller": "SATA",
            "port": 0,
            "device": 0,
            "kind": "disk",
            "medium": "[SIM]/machines/clones/linked/Snapshots/{[UUID]}.vdi",
            "medium_id": "[UUID]",
            "size_bytes": 1073741824
          }
        ]
      }
    }
    ----- stderr -----
    Cloning 'template' to 'linked' …
    Cloned 'template' to 'linked' (linked, machine)
    "#);
    snap!(ctx, ctx.cmd().args(["clone", "template", "salty", "--mode", "all"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Cloning 'template' to 'salty' …
    Cloned 'template' to 'salty' (full, all)
    ");
    snap!(ctx, ctx.cmd().args(["clone", "template", "from-base", "--snapshot", "vboxctl-linked-base"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Cloning 'template' to 'from-base' …
    Cloned 'template' to 'from-base' (full, machine, snapshot 'vboxctl-linked-base')
    ");
    snap!(ctx, ctx.cmd().args(["clone", "template", "nope", "--snapshot", "missing"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Cloning 'template' to 'nope' …
    error: cannot clone 'template'
      caused by: Could not find a snapshot named 'missing'
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "list", "template"]), @"
    exit: 0
    ----- stdout -----
    NAME                   TAKEN                     ID
    vboxctl-linked-base *  [TIME]  [UUID]
    ----- stderr -----
    ");
}

#[test]
fn exists_answers_with_the_exit_status() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["exists", "web1"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["exists", "ghost"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["exists", "web1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "web1",
      "exists": true
    }
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["exists", "ghost", "-o", "json"]), @r#"
    exit: 1
    ----- stdout -----
    {
      "name": "ghost",
      "exists": false
    }
    ----- stderr -----
    "#);
}

#[test]
fn adapters_table_and_json() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1", "--ostype", "Ubuntu_64"]);
    ctx.run(&["create", "bare", "--no-nic"]);
    snap!(ctx, ctx.cmd().args(["adapters", "web1"]), @"
    exit: 0
    ----- stdout -----
    SLOT  TYPE      ATTACHMENT  NETWORK  MAC           CABLE
    0     I82540EM  NAT                  [MAC]  connected
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["adapters", "web1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    [
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
    ]
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["adapters", "bare"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    'bare' has no enabled network adapter
    ");
}
