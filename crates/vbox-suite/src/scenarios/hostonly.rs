//! Host-only interfaces and their DHCP servers: a fresh host lists what the real Linux 7.2.22
//! host lists (no interface, the default `vboxnet0` DHCP server); a NIC naming a host-only
//! interface that does not exist is refused and changes nothing; then the simulator creates
//! one (with its address and DHCP server), a NIC attaches to it, and it is removed with its
//! server, while the real host refuses the creation with the typed error and its hint and keeps
//! everything as it was.

use crate::support::create_blank;
use crate::Harness;
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_ops::hostonly;
use vbox_types::{
    interface_network_name, AdapterChange, CreateHostOnly, ErrorKind, HostOnlyKind, ModifyMachine,
    NetworkAttachmentType,
};

fn attach(slot: u32, kind: NetworkAttachmentType, network: &str) -> ModifyMachine {
    ModifyMachine {
        adapters: vec![AdapterChange {
            slot,
            attachment: Some(kind),
            network: Some(network.into()),
            ..AdapterChange::default()
        }],
        ..ModifyMachine::default()
    }
}

/// List, refuse a NIC on a missing interface, create (or see the real host refuse), attach,
/// remove.
pub async fn host_only_networks_are_listed_created_and_removed(h: &dyn Harness) {
    let backend = h.backend();
    let b = backend.as_ref();
    let before = hostonly::list(b).await.expect("list host-only networks");
    assert!(before.host_only.is_empty(), "{before:?}");
    let default = before
        .dhcp_servers
        .iter()
        .find(|d| d.network_name == interface_network_name("vboxnet0"))
        .expect("the default DHCP server of vboxnet0");
    assert_eq!(
        (
            default.server_ip.as_str(),
            default.lower_ip.as_str(),
            default.upper_ip.as_str()
        ),
        ("192.168.56.100", "192.168.56.101", "192.168.56.254")
    );
    assert!(default.enabled);

    let name = h.machine_name("ho");
    create_blank(h, b, &name).await;
    let nic = |m: &vbox_types::Machine| {
        (
            m.adapters[1].attachment,
            m.adapters[1].host_only_interface.clone(),
        )
    };
    let was = nic(&vbox_ops::get(b, &name).await.unwrap());
    for (kind, network, needle) in [
        (
            NetworkAttachmentType::HostOnly,
            "vboxnet7",
            "no host-only interface named 'vboxnet7'",
        ),
        (
            NetworkAttachmentType::HostOnlyNetwork,
            "lab",
            "no host-only network named 'lab'",
        ),
    ] {
        let err = configure::modify(
            b,
            &name,
            &attach(1, kind, network),
            ForwardPolicy::default(),
        )
        .await
        .expect_err("a missing host-only interface is refused");
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        assert!(err.to_string().contains(needle), "{err}");
    }
    assert_eq!(
        nic(&vbox_ops::get(b, &name).await.unwrap()),
        was,
        "refused, so unchanged"
    );

    let created = hostonly::create(b, &CreateHostOnly::default()).await;
    if !h.simulated() {
        let err = created.expect_err("the real host has no vboxnetadp driver");
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
        let cause = std::error::Error::source(&err)
            .map(|s| s.to_string())
            .unwrap_or_default();
        assert!(cause.contains("/dev/vboxnetctl"), "{cause}");
        assert!(err.hint().is_some_and(|h| h.contains("vboxnetadp")));
        assert_eq!(
            hostonly::list(b).await.unwrap(),
            before,
            "a refused create leaves nothing"
        );
        return;
    }
    let made = created.expect("the simulator creates host-only interfaces");
    assert_eq!(made.name, "vboxnet0");
    assert_eq!(made.kind, HostOnlyKind::Interface);
    assert_eq!(
        (made.ipv4_address.as_str(), made.ipv4_mask.as_str()),
        ("192.168.56.1", "255.255.255.0")
    );
    let dhcp = made.dhcp_server.clone().expect("its DHCP server");
    assert_eq!(
        (dhcp.server_ip.as_str(), dhcp.lower_ip.as_str()),
        ("192.168.56.100", "192.168.56.101")
    );
    let listed = hostonly::list(b).await.unwrap();
    assert_eq!(listed.host_only, std::slice::from_ref(&made));
    assert_eq!(
        listed.dhcp_servers.len(),
        before.dhcp_servers.len(),
        "the default server was reused"
    );

    configure::modify(
        b,
        &name,
        &attach(1, NetworkAttachmentType::HostOnly, "vboxnet0"),
        ForwardPolicy::default(),
    )
    .await
    .expect("attach NIC 2 to the new interface");
    assert_eq!(
        nic(&vbox_ops::get(b, &name).await.unwrap()),
        (NetworkAttachmentType::HostOnly, "vboxnet0".to_string())
    );

    hostonly::remove(b, "vboxnet0").await.expect("remove");
    let after = hostonly::list(b).await.unwrap();
    assert!(after.host_only.is_empty());
    assert!(
        !after
            .dhcp_servers
            .iter()
            .any(|d| d.network_name == made.network_name),
        "its DHCP server went with it"
    );
    let gone = hostonly::remove(b, "vboxnet0")
        .await
        .expect_err("already removed");
    assert_eq!(gone.kind(), ErrorKind::NotFound, "{gone}");
}
