//! `modify` and `forward` on the simulator: settings read back, Vagrant's forward rules, and
//! bad input refused with nothing changed.

use crate::common::TestContext;
use crate::snap;

#[test]
fn modify_changes_what_it_is_told_and_refuses_bad_input() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["modify", "web1", "--memory", "256", "--vram", "16",
        "--boot", "disk,dvd", "--nic", "2=intnet:lab", "--nic-type", "2=virtio",
        "--cable", "2=off", "--mac", "2=08:00:27:aa:bb:01"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Modified 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["adapters", "web1"]), @"
    exit: 0
    ----- stdout -----
    SLOT  TYPE      ATTACHMENT  NETWORK  MAC           CABLE
    0     Am79C973  NAT                  [MAC]  connected
    1     Virtio    Internal    lab      [MAC]  unplugged
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["modify", "web1", "--memory", "512", "--nic", "3=bridged"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: NIC 3 of 'web1' as Bridged needs a host interface (`VBoxManage list bridgedifs` lists them)
    ");
    snap!(ctx, ctx.cmd().args(["modify", "web1", "--memory", "512", "--nic", "9=nat"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: the change names NIC 9 but 'web1' has 8 adapter slots (piix3 chipset)
    ");
    snap!(ctx, ctx.cmd().args(["modify", "web1"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: nothing to change on 'web1'
    hint: give at least one setting, e.g. --memory 2048; see `vboxctl modify --help`
    ");
    snap!(ctx, ctx.cmd().args(["-o", "json", "modify", "web1", "--cpus", "2"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "name": "web1",
      "id": "[UUID]",
      "memory_mb": 256,
      "cpus": 2,
      "vram_mb": 16,
      "boot_order": [
        "disk",
        "dvd",
        "none",
        "none"
      ],
      "description": "",
      "groups": [
        "/"
      ],
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
        },
        {
          "slot": 1,
          "enabled": true,
          "adapter_type": "Virtio",
          "mac_address": "[MAC]",
          "attachment": "Internal",
          "network": "lab",
          "bridged_interface": "",
          "host_only_interface": "",
          "host_only_network": "",
          "internal_network": "lab",
          "nat_network": "",
          "generic_driver": "",
          "cable_connected": false,
          "line_speed_kbps": 0
        }
      ],
      "forwards": []
    }
    ----- stderr -----
    Modified 'web1'
    "#);
}

#[test]
fn forwards_follow_vagrant() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    ctx.run(&["create", "web2"]);
    snap!(ctx, ctx.cmd().args(["forward", "add", "web1", "42222:22", "--name", "ssh"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Forwarding host port 42222 to guest port 22 of 'web1' (ssh)
    ");
    snap!(ctx, ctx.cmd().args(["forward", "add", "web2", "42222:22"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: host port 42222 (tcp) of forward 'tcp22' is taken by forward 'ssh' of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["forward", "add", "web2", "42222:22", "--auto-correct"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    warning: host port 42222 of forward 'tcp22' is taken; using 42223
    Forwarding host port 42223 to guest port 22 of 'web2' (tcp22)
    ");
    snap!(ctx, ctx.cmd().args(["forward", "list", "web2"]), @"
    exit: 0
    ----- stdout -----
    NIC  NAME   PROTO  HOST     GUEST
    1    tcp22  tcp    *:42223  *:22
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["forward", "remove", "web2", "nosuch"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: 'web2' has no forward named 'nosuch' on NIC 1
    hint: `vboxctl forward list web2` lists them
    ");
    snap!(ctx, ctx.cmd().args(["forward", "remove", "web2", "tcp22"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Removed forward 'tcp22' of 'web2'
    ");
    snap!(ctx, ctx.cmd().args(["-o", "json", "forward", "list", "web1"]), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "slot": 0,
        "name": "ssh",
        "protocol": "tcp",
        "host_ip": "",
        "host_port": 42222,
        "guest_ip": "",
        "guest_port": 22
      }
    ]
    ----- stderr -----
    "#);
}

#[test]
fn inventories_reach_ssh_through_a_nat_forward() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1", "--ostype", "Ubuntu_64"]);
    ctx.run(&["forward", "add", "web1", "2222:22", "--name", "ssh"]);
    snap!(ctx, ctx.cmd().args(["inventory", "--host", "web1"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "vbox_addresses": [],
      "vbox_groups": [],
      "vbox_id": "[UUID]",
      "vbox_state": "PoweredOff"
    }
    ----- stderr -----
    "#);
    ctx.run(&["start", "web1"]);
    snap!(ctx, ctx.cmd().args(["inventory", "--host", "web1"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "ansible_host": "127.0.0.1",
      "ansible_port": 2222,
      "vbox_addresses": [],
      "vbox_groups": [],
      "vbox_id": "[UUID]",
      "vbox_state": "Running"
    }
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["inventory", "--format", "salt-roster"]), @"
    exit: 0
    ----- stdout -----
    # salt-ssh roster written by vboxctl from sim://[SIM]
    web1:
      host: 127.0.0.1
      port: 2222
    ----- stderr -----
    ");
}

#[test]
fn a_running_machine_is_not_modified() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    ctx.run(&["start", "web1"]);
    snap!(ctx, ctx.cmd().args(["modify", "web1", "--memory", "512"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: cannot modify 'web1': it is Running
    hint: VirtualBox changes settings only on a stopped machine: `vboxctl stop` it first
    ");
    snap!(ctx, ctx.cmd().args(["forward", "add", "web1", "2222:22"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: cannot modify 'web1': it is Running
    hint: VirtualBox changes settings only on a stopped machine: `vboxctl stop` it first
    ");
}
