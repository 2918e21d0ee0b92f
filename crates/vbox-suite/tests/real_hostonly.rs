//! Host-only networks on the real 7.2 host, through both of vboxctl's backends (the real
//! VBoxManage and a real vboxwebsrv): the listing is what the real `VBoxManage list
//! hostonlyifs` / `list dhcpservers` print (a second DHCP server added by the real VBoxManage
//! included); creating an interface fails with the typed Unsupported error and its hint (no
//! vboxnetadp driver on this host) and leaves nothing behind; a NIC naming an interface that
//! does not exist is refused and the real VBoxManage reads the adapter unchanged. Ignored by a
//! plain `cargo test`; without the real host they fail.

use std::sync::Arc;
use vbox_manage::parse::hostonly::{parse_dhcpservers, parse_hostonlyifs};
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_ops::hostonly;
use vbox_soap::{SoapBackend, SoapOptions};
use vbox_suite::real::{RealHome, RealHost};
use vbox_types::{
    AdapterChange, Backend, CreateHostOnly, CreateMachine, ErrorKind, HostNetworks, ModifyMachine,
    NetworkAttachmentType,
};

/// What the real VBoxManage lists, read with the parsers the captures pin.
fn real_listing(home: &RealHome) -> (String, String) {
    (
        home.run_ok(&["list", "hostonlyifs"]),
        home.run_ok(&["list", "dhcpservers"]),
    )
}

fn assert_matches_real(home: &RealHome, listed: &HostNetworks) {
    let (ifs, dhcp) = real_listing(home);
    assert_eq!(
        listed.host_only,
        parse_hostonlyifs(&ifs),
        "real list hostonlyifs:\n{ifs}"
    );
    assert_eq!(
        listed.dhcp_servers,
        parse_dhcpservers(&dhcp),
        "real list dhcpservers:\n{dhcp}"
    );
}

async fn list_refuse_and_leave_nothing(home: &RealHome, b: &dyn Backend) {
    // A second server beside the default one of vboxnet0, made by the real VBoxManage.
    home.run_ok(&[
        "dhcpserver",
        "add",
        "--netname",
        "HostInterfaceNetworking-vboxnet5",
        "--ip",
        "192.168.60.2",
        "--netmask",
        "255.255.255.0",
        "--lowerip",
        "192.168.60.3",
        "--upperip",
        "192.168.60.254",
        "--enable",
    ]);
    let before = hostonly::list(b).await.expect("list");
    assert!(before.host_only.is_empty(), "{before:?}");
    let nets: Vec<&str> = before
        .dhcp_servers
        .iter()
        .map(|d| d.network_name.as_str())
        .collect();
    assert_eq!(
        nets,
        [
            "HostInterfaceNetworking-vboxnet0",
            "HostInterfaceNetworking-vboxnet5"
        ]
    );
    assert_matches_real(home, &before);
    let real_before = real_listing(home);

    let err = hostonly::create(b, &CreateHostOnly::default())
        .await
        .expect_err("no vboxnetadp driver on this host");
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert_eq!(
        err.to_string(),
        "cannot create a host-only interface on this host"
    );
    let cause = std::error::Error::source(&err)
        .map(|s| s.to_string())
        .unwrap_or_default();
    assert!(
        cause.contains(
            "VBoxNetAdpCtl: Error while adding new interface: failed to open /dev/vboxnetctl"
        ),
        "{cause}"
    );
    assert!(err
        .hint()
        .is_some_and(|h| h.contains("modprobe vboxnetadp")));
    assert_eq!(
        real_listing(home),
        real_before,
        "the refused create left nothing"
    );
    assert_eq!(hostonly::list(b).await.unwrap(), before);

    let m = vbox_ops::create(
        b,
        &CreateMachine {
            name: "ho".into(),
            ..CreateMachine::default()
        },
    )
    .await
    .expect("create");
    let change = ModifyMachine {
        adapters: vec![AdapterChange {
            slot: 1,
            attachment: Some(NetworkAttachmentType::HostOnly),
            network: Some("vboxnet0".into()),
            ..AdapterChange::default()
        }],
        ..ModifyMachine::default()
    };
    let err = configure::modify(b, &m.name, &change, ForwardPolicy::default())
        .await
        .expect_err("vboxnet0 does not exist here");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(
        err.to_string()
            .contains("no host-only interface named 'vboxnet0'"),
        "{err}"
    );
    let info = home.showvminfo("ho");
    assert_eq!(
        info.get("nic2").map(String::as_str),
        Some("none"),
        "unchanged"
    );
    assert!(!info.contains_key("hostonlyadapter2"));

    let gone = hostonly::remove(b, "vboxnet0")
        .await
        .expect_err("none here");
    assert_eq!(gone.kind(), ErrorKind::NotFound, "{gone}");
    assert_eq!(
        real_listing(home),
        real_before,
        "a refused remove changed nothing"
    );
}

#[tokio::test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn host_only_through_vboxmanage_matches_the_real_vboxmanage() {
    let home = RealHost::from_env().home("ho-manage");
    let backend = home.backend();
    list_refuse_and_leave_nothing(&home, backend.as_ref()).await;
}

#[tokio::test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn host_only_through_the_web_service_matches_the_real_vboxmanage() {
    let home = RealHost::from_env().home("ho-soap");
    let web = home.start_webservice();
    let backend: Arc<dyn Backend> =
        Arc::new(SoapBackend::new(&web.url(), SoapOptions::default()).expect("connect"));
    list_refuse_and_leave_nothing(&home, backend.as_ref()).await;
}
