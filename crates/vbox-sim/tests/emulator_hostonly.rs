//! The emulated host-only commands against the real 7.2.22 captures
//! (`fixtures/vboxmanage-7.2.22/config/` and `…/hostonly/`): listings, the driver's refusal
//! (the global `VBoxSim/NoHostOnlyDriver` key), missing interfaces and DHCP servers, word for
//! word; then what the simulator adds: interfaces that can be created and used.

#[path = "emulator_harness.rs"]
mod harness;

use harness::Host;
use vbox_fixtures::fixture;

fn capture(name: &str) -> (String, String) {
    let stdout = fixture(&format!("vboxmanage-7.2.22/{name}.stdout"));
    let stderr = fixture(&format!("vboxmanage-7.2.22/{name}.stderr"));
    (stdout, stderr)
}

fn assert_as_captured(host: &Host, args: &[&str], name: &str, code: i32) {
    let got = host.run(args);
    let (out, err) = capture(name);
    assert_eq!((got.code, got.out, got.err), (code, out, err), "{args:?}");
}

#[test]
fn a_fresh_host_and_its_refusals_are_the_real_hosts() {
    let host = Host::new("7.2.22");
    assert_as_captured(
        &host,
        &["list", "hostonlyifs"],
        "config/list-hostonlyifs",
        0,
    );
    assert_as_captured(
        &host,
        &["list", "dhcpservers"],
        "config/list-dhcpservers",
        0,
    );
    host.ok(&["setextradata", "global", "VBoxSim/NoHostOnlyDriver", "1"]);
    assert_eq!(
        host.ok(&["getextradata", "global", "VBoxSim/NoHostOnlyDriver"]),
        "Value: 1\n"
    );
    assert_as_captured(
        &host,
        &["hostonlyif", "create"],
        "config/hostonlyif-create",
        1,
    );
    assert_as_captured(
        &host,
        &["hostonlyif", "remove", "vboxnet0"],
        "hostonly/hostonlyif-remove-missing",
        1,
    );
    assert_as_captured(
        &host,
        &[
            "hostonlyif",
            "ipconfig",
            "vboxnet0",
            "--ip",
            "192.168.56.1",
            "--netmask",
            "255.255.255.0",
        ],
        "hostonly/hostonlyif-ipconfig-missing",
        1,
    );
    let add = [
        "dhcpserver",
        "add",
        "--network=HostInterfaceNetworking-vboxnet9",
        "--server-ip=192.168.60.2",
        "--netmask=255.255.255.0",
        "--lower-ip=192.168.60.3",
        "--upper-ip=192.168.60.254",
        "--enable",
    ];
    assert_as_captured(&host, &add, "hostonly/dhcpserver-add", 0);
    assert_as_captured(
        &host,
        &["list", "dhcpservers"],
        "hostonly/list-dhcpservers-two",
        0,
    );
    assert_as_captured(
        &host,
        &[
            "dhcpserver",
            "remove",
            "--network=HostInterfaceNetworking-vboxnet9",
        ],
        "hostonly/dhcpserver-remove",
        0,
    );
    let legacy = [
        "dhcpserver",
        "add",
        "--netname",
        "HostInterfaceNetworking-vboxnet8",
        "--ip",
        "192.168.61.2",
        "--netmask",
        "255.255.255.0",
        "--lowerip",
        "192.168.61.3",
        "--upperip",
        "192.168.61.254",
        "--enable",
    ];
    assert_as_captured(&host, &legacy, "hostonly/dhcpserver-add-legacy", 0);
    assert_as_captured(&host, &legacy, "hostonly/dhcpserver-add-exists", 2);
    assert_as_captured(
        &host,
        &[
            "dhcpserver",
            "remove",
            "--netname",
            "HostInterfaceNetworking-vboxnet8",
        ],
        "hostonly/dhcpserver-remove-legacy",
        0,
    );
    assert_as_captured(
        &host,
        &[
            "dhcpserver",
            "remove",
            "--network=HostInterfaceNetworking-nope",
        ],
        "hostonly/dhcpserver-remove-missing",
        1,
    );
    assert_as_captured(
        &host,
        &["list", "dhcpservers"],
        "config/list-dhcpservers",
        0,
    );
    let nets = host.run(&["list", "hostonlynets"]);
    assert_eq!(nets.code, 2);
    assert!(
        nets.err.contains("Unknown subcommand \"hostonlynets\"."),
        "{}",
        nets.err
    );
    assert_eq!(host.run(&["hostonlynet", "remove", "--name", "x"]).code, 2);
}

#[test]
fn interfaces_can_be_created_used_and_removed() {
    let host = Host::new("7.2.22");
    let made = host.run(&["hostonlyif", "create"]);
    assert_eq!(made.out, "Interface 'vboxnet0' was successfully created\n");
    assert!(made.err.ends_with("100%\n"), "{}", made.err);
    host.ok(&[
        "hostonlyif",
        "ipconfig",
        "vboxnet0",
        "--ip",
        "192.168.56.1",
        "--netmask",
        "255.255.255.0",
    ]);
    let listed = host.ok(&["list", "hostonlyifs"]);
    assert!(
        listed.starts_with("Name:            vboxnet0\nGUID:            "),
        "{listed}"
    );
    assert!(
        listed.contains("IPAddress:       192.168.56.1\n"),
        "{listed}"
    );
    assert!(
        listed.ends_with("VBoxNetworkName: HostInterfaceNetworking-vboxnet0\n\n"),
        "{listed}"
    );
    host.quick_vm("a");
    let used = host.run(&[
        "modifyvm",
        "a",
        "--nic2",
        "hostonly",
        "--hostonlyadapter2",
        "vboxnet0",
    ]);
    assert_eq!((used.code, used.err.as_str()), (0, ""));
    let missing = host.run(&[
        "modifyvm",
        "a",
        "--nic3",
        "hostonly",
        "--hostonlyadapter3",
        "vboxnet7",
    ]);
    assert_eq!(
        (missing.code, missing.err.as_str()),
        (
            0,
            "VBoxManage: warning: Interface \"vboxnet7\" doesn't seem to exist\n"
        )
    );
    host.ok(&["hostonlyif", "remove", "vboxnet0"]);
    assert_eq!(host.ok(&["list", "hostonlyifs"]), "");
    // VirtualBox keeps the DHCP server of a removed interface.
    assert_eq!(
        host.ok(&["list", "dhcpservers"]),
        fixture("vboxmanage-7.2.22/config/list-dhcpservers.stdout")
    );
}
