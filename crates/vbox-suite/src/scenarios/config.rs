//! Settings of a stopped machine: memory, CPUs, description, VRAM, boot order, NICs (kind,
//! network, card, MAC, cable) and NAT port forwards, each read back; bad input changes nothing;
//! a running machine refuses.

use crate::support::{create_blank, power_off, start};
use crate::{free_port, Harness};
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_ops::Error;
use vbox_types::{
    AdapterChange, Backend, BootDevice, ErrorKind, ForwardRemoval, MachineConfig, ModifyMachine,
    NatProtocol, NetworkAdapterType, NetworkAttachmentType, PortForward,
};

async fn config(b: &dyn Backend, name: &str) -> MachineConfig {
    b.machine_config(name).await.expect("machine settings")
}

/// The expected change of the scenario: every setting at once, in one `modify`.
fn full_change(ssh_port: u16, dns_port: u16) -> ModifyMachine {
    ModifyMachine {
        memory_mb: Some(256),
        cpus: Some(2),
        description: Some("web server\nsecond line".into()),
        vram_mb: Some(16),
        boot_order: Some(vec![BootDevice::Disk, BootDevice::Dvd]),
        adapters: vec![
            AdapterChange {
                slot: 0,
                adapter_type: Some(NetworkAdapterType::Virtio),
                ..AdapterChange::default()
            },
            AdapterChange {
                slot: 1,
                attachment: Some(NetworkAttachmentType::Internal),
                network: Some("lab net".into()),
                mac_address: Some("080027AABB01".into()),
                adapter_type: Some(NetworkAdapterType::I82540EM),
                cable_connected: Some(false),
            },
        ],
        forwards_added: vec![
            PortForward {
                host_ip: "127.0.0.1".into(),
                ..PortForward::tcp("ssh", ssh_port, 22)
            },
            PortForward {
                protocol: NatProtocol::Udp,
                guest_ip: "10.0.2.15".into(),
                ..PortForward::tcp("dns", dns_port, 53)
            },
        ],
        ..ModifyMachine::default()
    }
}

/// Every setting changed by one `modify` and read back through the backend; then each bad
/// input is refused with a clear error and changes nothing; a rule is removed; and a running
/// machine refuses a change.
pub async fn settings_and_forwards_are_changed_and_read_back(h: &dyn Harness) {
    let backend = h.backend();
    let b = backend.as_ref();
    let name = h.machine_name("cfg");
    let m = create_blank(h, b, &name).await;
    assert!(
        configure::ensure_nat_nic(b, &m).await.unwrap(),
        "a machine without an OS type gets NIC 1 on NAT"
    );
    let (ssh, dns) = (free_port(), free_port());
    let policy = ForwardPolicy::default();
    configure::modify(b, &name, &full_change(ssh, dns), policy)
        .await
        .expect("modify");

    let m = vbox_ops::get(b, &name).await.unwrap();
    assert_eq!((m.memory_mb, m.cpus), (256, 2));
    assert_eq!(m.description, "web server\nsecond line");
    let nic1 = &m.adapters[0];
    assert!(nic1.enabled);
    assert_eq!(nic1.attachment, NetworkAttachmentType::NAT);
    assert_eq!(nic1.adapter_type, NetworkAdapterType::Virtio);
    let nic2 = &m.adapters[1];
    assert_eq!(
        (nic2.attachment, nic2.internal_network.as_str()),
        (NetworkAttachmentType::Internal, "lab net")
    );
    assert_eq!(nic2.mac_address, "080027AABB01");
    assert_eq!(nic2.adapter_type, NetworkAdapterType::I82540EM);
    assert!(!nic2.cable_connected);
    let c = config(b, &name).await;
    assert_eq!(c.vram_mb, 16);
    assert_eq!(
        c.boot_order,
        [
            BootDevice::Disk,
            BootDevice::Dvd,
            BootDevice::None,
            BootDevice::None
        ]
    );
    // VirtualBox lists an adapter's rules by name.
    let mut added = full_change(ssh, dns).forwards_added;
    added.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(c.forwards, added);

    // Bad input: each refused before anything changes.
    let taken = ModifyMachine {
        memory_mb: Some(512),
        forwards_added: vec![PortForward::tcp("other", ssh, 2222)],
        ..ModifyMachine::default()
    };
    let bridged_nowhere = ModifyMachine {
        memory_mb: Some(512),
        adapters: vec![AdapterChange {
            slot: 2,
            attachment: Some(NetworkAttachmentType::Bridged),
            ..AdapterChange::default()
        }],
        ..ModifyMachine::default()
    };
    let beyond = ModifyMachine {
        memory_mb: Some(512),
        adapters: vec![AdapterChange {
            slot: m.adapters.len() as u32,
            attachment: Some(NetworkAttachmentType::NAT),
            ..AdapterChange::default()
        }],
        ..ModifyMachine::default()
    };
    for (what, change, needle) in [
        ("a taken host port", taken, "is taken by forward 'ssh'"),
        (
            "bridged to no interface",
            bridged_nowhere,
            "needs a host interface",
        ),
        ("a slot beyond the chipset", beyond, "adapter slots"),
    ] {
        let e = configure::modify(b, &name, &change, policy)
            .await
            .expect_err(what);
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{what}: {e}");
        assert!(e.to_string().contains(needle), "{what}: {e}");
    }
    assert_eq!(vbox_ops::get(b, &name).await.unwrap().memory_mb, 256);
    assert_eq!(config(b, &name).await, c, "refused changes changed nothing");

    // Auto-correct takes the next free port and says so.
    let corrected = configure::modify(
        b,
        &name,
        &ModifyMachine {
            forwards_added: vec![PortForward {
                host_ip: "127.0.0.1".into(),
                ..PortForward::tcp("web", ssh, 80)
            }],
            ..ModifyMachine::default()
        },
        ForwardPolicy {
            auto_correct: true,
            ..policy
        },
    )
    .await
    .expect("auto-correct");
    let web_port = corrected.forwards[0].host_port;
    assert!(web_port > ssh, "moved up from {ssh} to {web_port}");
    assert_eq!(corrected.corrected.len(), 1);

    let remove = ModifyMachine {
        forwards_removed: vec![
            ForwardRemoval {
                slot: 0,
                name: "dns".into(),
            },
            ForwardRemoval {
                slot: 0,
                name: "web".into(),
            },
        ],
        ..ModifyMachine::default()
    };
    configure::modify(b, &name, &remove, policy)
        .await
        .expect("remove forwards");
    let names: Vec<String> = configure::forwards(b, &name)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["ssh"]);

    // NIC 2 detached (the real host's driverless VM process cannot join an internal network).
    let detach = ModifyMachine {
        adapters: vec![AdapterChange {
            slot: 1,
            attachment: Some(NetworkAttachmentType::Null),
            ..AdapterChange::default()
        }],
        ..ModifyMachine::default()
    };
    configure::modify(b, &name, &detach, policy)
        .await
        .expect("detach NIC 2");
    assert!(!vbox_ops::get(b, &name).await.unwrap().adapters[1].enabled);

    // A running machine refuses, naming its state.
    start(h, b, &name).await;
    let e = configure::modify(
        b,
        &name,
        &ModifyMachine {
            memory_mb: Some(512),
            ..ModifyMachine::default()
        },
        policy,
    )
    .await
    .expect_err("running");
    assert!(matches!(e, Error::InvalidState { .. }), "{e}");
    power_off(h, b, &name).await;
    vbox_ops::destroy(b, &name, &vbox_ops::DestroyOptions::default())
        .await
        .expect("destroy");
}
