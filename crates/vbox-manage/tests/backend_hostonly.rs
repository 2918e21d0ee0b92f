//! The VBoxManage calls of host-only networking on a scripted fake: which listing a host gets
//! (decided once from `list hostinfo`, never by a refused `list hostonlynets`), the create
//! sequence with its DHCP server and its clean-up, the real 7.2.22 refusal replayed from its
//! capture, and the 7.x `hostonlynet` forms of a macOS host.

use std::sync::Arc;
use vbox_fixtures::fixture;
use vbox_manage::exec::Exec;
use vbox_manage::runner::{FakeReply, FakeRunner};
use vbox_manage::{ManageBackend, ManageOptions};
use vbox_types::{Backend, CreateHostOnly, ErrorKind, HostOnlyKind, ResultCode};

fn backend(version: &str, os: &str) -> (Arc<FakeRunner>, ManageBackend) {
    let fake = Arc::new(FakeRunner::new());
    fake.on(&["--version"], FakeReply::ok(format!("{version}\n")));
    fake.on(
        &["list", "hostinfo"],
        FakeReply::ok(format!("Host Information:\n\nOperating system: {os}\n")),
    );
    fake.on(
        &["list", "dhcpservers"],
        FakeReply::ok(fixture("vboxmanage-7.2.22/config/list-dhcpservers.stdout")),
    );
    let exec = Exec::new(fake.clone());
    (fake, ManageBackend::new(exec, ManageOptions::default()))
}

fn sent(fake: &FakeRunner) -> Vec<String> {
    fake.calls()
        .into_iter()
        .filter(|c| c[0] != "--version")
        .map(|c| c.join(" "))
        .collect()
}

const VBOXNET1: &str = "Name:            vboxnet1\nGUID:            786f6276-656e-4174-8000-0a0027000001\nDHCP:            Disabled\nIPAddress:       192.168.57.1\nNetworkMask:     255.255.255.0\nIPV6Address:     \nIPV6NetworkMaskPrefixLength: 0\nHardwareAddress: 0a:00:27:00:00:01\nMediumType:      Ethernet\nWireless:        No\nStatus:          Up\nVBoxNetworkName: HostInterfaceNetworking-vboxnet1\n\n";

#[tokio::test]
async fn a_linux_host_lists_interfaces_and_dhcp_servers_and_asks_its_os_once() {
    let (fake, b) = backend("7.2.22_Debianr175245", "Linux");
    fake.on(
        &["list", "hostonlyifs"],
        FakeReply::ok(fixture("vboxmanage-7.2.22/config/list-hostonlyifs.stdout")),
    );
    let listed = b.list_host_only().await.unwrap();
    assert!(listed.host_only.is_empty());
    assert_eq!(listed.dhcp_servers[0].server_ip, "192.168.56.100");
    b.list_host_only().await.unwrap();
    assert_eq!(
        sent(&fake),
        [
            "list hostinfo",
            "list hostonlyifs",
            "list dhcpservers",
            "list hostonlyifs",
            "list dhcpservers"
        ]
    );
}

#[tokio::test]
async fn create_configures_the_interface_and_its_dhcp_server() {
    let (fake, b) = backend("7.2.22_Debianr175245", "Linux");
    fake.on(
        &["hostonlyif", "create"],
        FakeReply::ok("Interface 'vboxnet1' was successfully created\n")
            .with_stderr("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"),
    );
    fake.on(&["hostonlyif", "ipconfig"], FakeReply::ok(""));
    fake.on(&["dhcpserver"], FakeReply::ok(""));
    fake.on(&["list", "hostonlyifs"], FakeReply::ok(VBOXNET1));
    let spec = CreateHostOnly {
        ipv4_address: "192.168.57.1".into(),
        dhcp: Some(vbox_types::DhcpRange {
            server_ip: "192.168.57.100".into(),
            lower_ip: "192.168.57.101".into(),
            upper_ip: "192.168.57.254".into(),
        }),
        ..CreateHostOnly::default()
    };
    let made = b.create_host_only(&spec).await.unwrap();
    assert_eq!(
        (made.name.as_str(), made.kind),
        ("vboxnet1", HostOnlyKind::Interface)
    );
    assert_eq!(
        sent(&fake),
        [
            "list hostinfo",
            "hostonlyif create",
            "hostonlyif ipconfig vboxnet1 --ip 192.168.57.1 --netmask 255.255.255.0",
            "list dhcpservers",
            "dhcpserver add --netname HostInterfaceNetworking-vboxnet1 --ip 192.168.57.100 --netmask 255.255.255.0 --lowerip 192.168.57.101 --upperip 192.168.57.254 --enable",
            "list hostonlyifs",
            "list dhcpservers",
        ]
    );
}

#[tokio::test]
async fn a_failure_after_the_create_removes_the_interface() {
    let (fake, b) = backend("7.1.12r169651", "Linux");
    fake.on(
        &["hostonlyif", "create"],
        FakeReply::ok("Interface 'vboxnet0' was successfully created\n"),
    );
    fake.on(
        &["hostonlyif", "ipconfig"],
        FakeReply::fail(1, "VBoxManage: error: boom\nVBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component HostNetworkInterfaceWrap, interface IHostNetworkInterface, callee nsISupports\n"),
    );
    fake.on(&["hostonlyif", "remove"], FakeReply::ok(""));
    let e = b
        .create_host_only(&CreateHostOnly::default())
        .await
        .unwrap_err();
    assert_eq!(e.message(), "boom");
    let calls = sent(&fake);
    assert_eq!(
        calls.last().map(String::as_str),
        Some("hostonlyif remove vboxnet0")
    );
}

/// The real 7.2.22 `hostonlyif create` without the vboxnetadp driver, replayed.
#[tokio::test]
async fn the_real_refusal_is_unsupported_and_nothing_follows() {
    let (fake, b) = backend("7.2.22_Debianr175245", "Linux");
    fake.on(
        &["hostonlyif", "create"],
        FakeReply::fail(
            1,
            fixture("vboxmanage-7.2.22/config/hostonlyif-create.stderr"),
        ),
    );
    let e = b
        .create_host_only(&CreateHostOnly::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert_eq!(e.code(), Some(ResultCode::E_FAIL));
    assert!(
        e.message()
            .contains("vboxnetadp kernel driver is not loaded"),
        "{e}"
    );
    assert_eq!(sent(&fake), ["list hostinfo", "hostonlyif create"]);
    let net = CreateHostOnly {
        kind: Some(HostOnlyKind::Network),
        name: Some("lab".into()),
        ..CreateHostOnly::default()
    };
    let e = b.create_host_only(&net).await.unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Unsupported,
        "no hostonlynet on Linux: {e}"
    );
    assert_eq!(sent(&fake).len(), 2, "refused without a call");
}

#[tokio::test]
async fn a_macos_7_host_uses_hostonlynet() {
    let (fake, b) = backend("7.0.14r161095", "Darwin");
    fake.on(
        &["list", "hostonlynets"],
        FakeReply::ok(fixture(
            "vboxmanage/list-hostonlynets-7.0-macos-anonymized.txt",
        )),
    );
    fake.on(&["hostonlynet"], FakeReply::ok(""));
    let listed = b.list_host_only().await.unwrap();
    assert_eq!(listed.host_only.len(), 2);
    assert_eq!(listed.host_only[0].kind, HostOnlyKind::Network);
    let spec = CreateHostOnly {
        name: Some("vagrantnet-vbox1".into()),
        ..CreateHostOnly::default()
    };
    let made = b.create_host_only(&spec).await.unwrap();
    assert_eq!(made.name, "vagrantnet-vbox1");
    b.remove_host_only("vagrantnet-vbox2").await.unwrap();
    let calls = sent(&fake);
    assert!(calls.contains(&"hostonlynet add --name vagrantnet-vbox1 --netmask 255.255.255.0 --lower-ip 192.168.56.101 --upper-ip 192.168.56.254 --enable".to_string()), "{calls:?}");
    assert_eq!(
        calls.last().map(String::as_str),
        Some("hostonlynet remove --name vagrantnet-vbox2")
    );
    assert!(!calls.iter().any(|c| c.starts_with("list hostonlyifs")));
}
