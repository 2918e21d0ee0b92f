//! `hostonly` on the simulator: a fresh host lists what the real Linux 7.2.22 host lists (no
//! interface, the default vboxnet0 DHCP server); create, attach a NIC, remove; a NIC naming a
//! missing interface is refused; through the emulator, the real host's refusal (the global
//! `VBoxSim/NoHostOnlyDriver` key) is the typed error with its hint.

use crate::common::TestContext;
use crate::snap;

#[test]
fn create_list_attach_and_remove() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["hostonly", "list"]), @r#"
    exit: 0
    ----- stdout -----
    DHCP NETWORK                      SERVER          RANGE                          ENABLED
    HostInterfaceNetworking-vboxnet0  192.168.56.100  192.168.56.101-192.168.56.254  yes
    ----- stderr -----
    The host has no host-only interface or network
    "#);
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["modify", "web1", "--nic", "2=hostonly:vboxnet0"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: NIC 2 of 'web1': this host has no host-only interface named 'vboxnet0' (host-only interfaces: none; `vboxctl hostonly list` lists them, `vboxctl hostonly create` makes one)
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "create"]), @r#"
    exit: 0
    ----- stdout -----
    vboxnet0
    ----- stderr -----
    Created host-only interface 'vboxnet0' (192.168.56.1/255.255.255.0)
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "create", "--ip", "10.1.0.1", "--netmask", "255.255.0.0", "--no-dhcp"]), @r#"
    exit: 0
    ----- stdout -----
    vboxnet1
    ----- stderr -----
    Created host-only interface 'vboxnet1' (1[VERSION].1/255.255.0.0)
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "list"]), @r#"
    exit: 0
    ----- stdout -----
    NAME      KIND       ADDRESS                     STATUS  DHCP
    vboxnet0  interface  192.168.56.1/255.255.255.0  Up      192.168.56.100 192.168.56.101-192.168.56.254
    vboxnet1  interface  1[VERSION].1/255.255.0.0        Up      -
    DHCP NETWORK                      SERVER          RANGE                          ENABLED
    HostInterfaceNetworking-vboxnet0  192.168.56.100  192.168.56.101-192.168.56.254  yes
    ----- stderr -----
    "#);
    ctx.run(&["modify", "web1", "--nic", "2=hostonly:vboxnet0"]);
    snap!(ctx, ctx.cmd().args(["adapters", "web1"]), @r#"
    exit: 0
    ----- stdout -----
    SLOT  TYPE      ATTACHMENT  NETWORK   MAC           CABLE
    0     Am79C973  NAT                   [MAC]  connected
    1     Am79C973  HostOnly    vboxnet0  [MAC]  connected
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "remove", "vboxnet1"]), @r#"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Removed host-only network 'vboxnet1'
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "remove", "vboxnet1"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: there is no host-only interface or network named 'vboxnet1'
    "#);
    snap!(ctx, ctx.cmd().args(["-o", "json", "hostonly", "list"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "host_only": [
        {
          "name": "vboxnet0",
          "kind": "interface",
          "network_name": "HostInterfaceNetworking-vboxnet0",
          "ipv4_address": "192.168.56.1",
          "ipv4_mask": "255.255.255.0",
          "ipv6_address": "",
          "ipv6_prefix_length": 0,
          "dhcp_enabled": false,
          "status": "Up",
          "dhcp_server": {
            "network_name": "HostInterfaceNetworking-vboxnet0",
            "server_ip": "192.168.56.100",
            "network_mask": "255.255.255.0",
            "lower_ip": "192.168.56.101",
            "upper_ip": "192.168.56.254",
            "enabled": true
          }
        }
      ],
      "dhcp_servers": [
        {
          "network_name": "HostInterfaceNetworking-vboxnet0",
          "server_ip": "192.168.56.100",
          "network_mask": "255.255.255.0",
          "lower_ip": "192.168.56.101",
          "upper_ip": "192.168.56.254",
          "enabled": true
        }
      ]
    }
    ----- stderr -----
    "#);
}

#[test]
fn bad_input_and_the_other_form_are_refused() {
    let ctx = TestContext::new();
    snap!(ctx, ctx.cmd().args(["hostonly", "create", "--ip", "192.168.56.150"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: 192.168.56.150 is inside the DHCP range 192.168.56.101-192.168.56.254: the host's and the server's addresses must stay out of it
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "create", "--dhcp-range", "192.168.56.10"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: --dhcp-range '192.168.56.10' is not FIRST-LAST
    hint: for example --dhcp-range 192.168.56.101-192.168.56.254
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "create", "--kind", "network", "--name", "lab"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: cannot create a host-only network on this host
      caused by: a host-only network cannot be made on this Linux host with VirtualBox 7.1: VirtualBox has host-only networks (`hostonlynet`) only in its macOS builds (this host has: interface)
    hint: leave out --kind to make the form this host has (`vboxctl hostonly list` shows what exists), or attach NICs as NAT or to an internal network instead
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "create", "--name", "vboxnet5"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: VirtualBox names a new host-only interface itself (vboxnetN); 'vboxnet5' cannot be chosen
    "#);
    snap!(ctx, ctx.cmd().args(["hostonly", "list"]), @r#"
    exit: 0
    ----- stdout -----
    DHCP NETWORK                      SERVER          RANGE                          ENABLED
    HostInterfaceNetworking-vboxnet0  192.168.56.100  192.168.56.101-192.168.56.254  yes
    ----- stderr -----
    The host has no host-only interface or network
    "#);
}

#[test]
fn the_real_host_s_refusal_through_the_emulator() {
    let ctx = TestContext::emulator("7.2");
    ctx.run(&[
        "extradata",
        "set",
        "global",
        "VBoxSim/NoHostOnlyDriver",
        "1",
    ]);
    snap!(ctx, ctx.cmd().args(["hostonly", "create"]), @r#"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: cannot create a host-only interface on this host
      caused by: this host cannot create host-only interfaces (VirtualBox's vboxnetadp kernel driver is not loaded): VBoxNetAdpCtl: Error while adding new interface: failed to open /dev/vboxnetctl: No such file or directory
    hint: VirtualBox's host-only networking needs its vboxnetadp kernel module: load it (`sudo modprobe vboxnetadp`; it comes with VirtualBox's kernel modules), or attach NICs as NAT with port forwards (`vboxctl modify NAME --nic 1=nat`, `vboxctl forward add`) or to an internal network shared by the machines (`--nic 2=intnet:NET`)
    "#);
    snap!(ctx, ctx.cmd().args(["-o", "json", "hostonly", "list"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "host_only": [],
      "dhcp_servers": [
        {
          "network_name": "HostInterfaceNetworking-vboxnet0",
          "server_ip": "192.168.56.100",
          "network_mask": "255.255.255.0",
          "lower_ip": "192.168.56.101",
          "upper_ip": "192.168.56.254",
          "enabled": true
        }
      ]
    }
    ----- stderr -----
    "#);
}
