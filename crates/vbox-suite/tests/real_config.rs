//! Settings changed by vboxctl and read back by the real `VBoxManage showvminfo
//! --machinereadable` of the real 7.2 host, through both of vboxctl's backends (the real
//! VBoxManage and a real vboxwebsrv): memory, CPUs, description, VRAM, boot order, NICs with
//! their card, MAC and cable, NAT port forwards; `create`'s NIC 1 on NAT; bad input that
//! changes nothing. Ignored by a plain `cargo test`; without the real host they fail.

use std::sync::Arc;
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_soap::{SoapBackend, SoapOptions};
use vbox_suite::real::{RealHome, RealHost};
use vbox_types::{
    AdapterChange, Backend, BootDevice, CreateMachine, ErrorKind, ModifyMachine, NatProtocol,
    NetworkAdapterType, NetworkAttachmentType, PortForward,
};

/// Create, change everything, read back with the real VBoxManage, then refuse bad input.
async fn change_and_read_back(home: &RealHome, b: &dyn Backend) {
    let spec = CreateMachine {
        name: "cfg".into(),
        ..CreateMachine::default()
    };
    let m = vbox_ops::create(b, &spec).await.expect("create");
    assert!(configure::ensure_nat_nic(b, &m).await.unwrap());
    home.assert_showvminfo_has(&home.showvminfo_lines("cfg"), "nic1=\"nat\"");

    let (ssh, dns) = (vbox_suite::free_port(), vbox_suite::free_port());
    let change = ModifyMachine {
        memory_mb: Some(256),
        cpus: Some(2),
        description: Some("web server".into()),
        vram_mb: Some(16),
        boot_order: Some(vec![BootDevice::Disk, BootDevice::Dvd, BootDevice::Net]),
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
            AdapterChange {
                slot: 2,
                attachment: Some(NetworkAttachmentType::Bridged),
                network: Some("eth0".into()),
                ..AdapterChange::default()
            },
        ],
        forwards_added: vec![
            PortForward {
                host_ip: "127.0.0.1".into(),
                ..PortForward::tcp("ssh", ssh, 22)
            },
            PortForward {
                protocol: NatProtocol::Udp,
                guest_ip: "10.0.2.15".into(),
                ..PortForward::tcp("dns", dns, 53)
            },
        ],
        ..ModifyMachine::default()
    };
    configure::modify(b, "cfg", &change, ForwardPolicy::default())
        .await
        .expect("modify");
    let lines = home.showvminfo_lines("cfg");
    for line in [
        "memory=256".to_string(),
        "cpus=2".into(),
        "description=\"web server\"".into(),
        "vram=16".into(),
        "boot1=\"disk\"".into(),
        "boot2=\"dvd\"".into(),
        "boot3=\"net\"".into(),
        "boot4=\"none\"".into(),
        "nic1=\"nat\"".into(),
        "nictype1=\"virtio\"".into(),
        "intnet2=\"lab net\"".into(),
        "nic2=\"intnet\"".into(),
        "macaddress2=\"080027AABB01\"".into(),
        "nictype2=\"82540EM\"".into(),
        "cableconnected2=\"off\"".into(),
        "bridgeadapter3=\"eth0\"".into(),
        "nic3=\"bridged\"".into(),
        // An adapter's rules are listed by name.
        format!("Forwarding(0)=\"dns,udp,,{dns},10.0.2.15,53\""),
        format!("Forwarding(1)=\"ssh,tcp,127.0.0.1,{ssh},,22\""),
    ] {
        home.assert_showvminfo_has(&lines, &line);
    }
    // vboxctl reads back what the real VBoxManage shows.
    let c = b.machine_config("cfg").await.expect("machine settings");
    assert_eq!(c.vram_mb, 16);
    assert_eq!(c.forwards.len(), 2);
    assert_eq!(c.forwards[0].name, "dns");

    // Bad input: refused, and the real VBoxManage shows exactly what it showed before.
    let count = vbox_ops::get(b, "cfg").await.unwrap().adapters.len() as u32;
    let bad = [
        ModifyMachine {
            memory_mb: Some(512),
            forwards_added: vec![PortForward::tcp("again", ssh, 2222)],
            ..ModifyMachine::default()
        },
        ModifyMachine {
            memory_mb: Some(512),
            adapters: vec![AdapterChange {
                slot: 3,
                attachment: Some(NetworkAttachmentType::Bridged),
                ..AdapterChange::default()
            }],
            ..ModifyMachine::default()
        },
        ModifyMachine {
            memory_mb: Some(512),
            adapters: vec![AdapterChange {
                slot: count,
                attachment: Some(NetworkAttachmentType::NAT),
                ..AdapterChange::default()
            }],
            ..ModifyMachine::default()
        },
    ];
    for change in &bad {
        let e = configure::modify(b, "cfg", change, ForwardPolicy::default())
            .await
            .expect_err("bad input");
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert_eq!(home.showvminfo_lines("cfg"), lines, "{e}: nothing changed");
    }
    // What VirtualBox itself refuses changes nothing either.
    let e = configure::modify(
        b,
        "cfg",
        &ModifyMachine {
            memory_mb: Some(512),
            vram_mb: Some(1000),
            ..ModifyMachine::default()
        },
        ForwardPolicy::default(),
    )
    .await
    .expect_err("VRAM out of range");
    assert!(e.to_string().contains("cfg"), "{e}");
    assert_eq!(
        home.showvminfo_lines("cfg"),
        lines,
        "a refused VRAM changed nothing"
    );
}

#[tokio::test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn settings_through_vboxmanage_read_back_by_the_real_vboxmanage() {
    let home = RealHost::from_env().home("cfg-manage");
    let backend = home.backend();
    change_and_read_back(&home, backend.as_ref()).await;
}

#[tokio::test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn settings_through_the_web_service_read_back_by_the_real_vboxmanage() {
    let home = RealHost::from_env().home("cfg-soap");
    let web = home.start_webservice();
    let backend: Arc<dyn Backend> =
        Arc::new(SoapBackend::new(&web.url(), SoapOptions::default()).expect("connect"));
    change_and_read_back(&home, backend.as_ref()).await;
}
