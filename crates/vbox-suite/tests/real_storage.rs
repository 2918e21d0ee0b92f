//! Storage and shared folders changed by vboxctl and read back by the real `VBoxManage
//! showvminfo --machinereadable` of the real 7.2 host, through both of vboxctl's backends (the
//! real VBoxManage and a real vboxwebsrv): a new disk on a controller made for it, an ISO on
//! an IDE controller made for it, a second disk beyond the port count (which grows it), a
//! shared folder; each read back identically by vboxctl; bad input (a missing ISO, a port
//! beyond the bus's maximum, a missing share path, a transient share on a stopped machine, a
//! disk attached twice) refused with a clear error and nothing changed; then detach and
//! remove. Ignored by a plain `cargo test`; without the real host they fail.

use std::collections::BTreeSet;
use std::sync::Arc;
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_soap::{SoapBackend, SoapOptions};
use vbox_suite::real::{RealHome, RealHost};
use vbox_types::{
    Backend, CreateMachine, ErrorKind, MachineConfig, MediumSource, ModifyMachine, SharedFolder,
    SharedFolderRemoval, StorageAttach, StorageBus, StorageKind, StorageSlot,
};

/// What the real `showvminfo` says of every occupied slot and share, as `(key, value)`.
fn real_storage(home: &RealHome) -> BTreeSet<(String, String)> {
    home.showvminfo("stg")
        .into_iter()
        .filter(|(k, v)| {
            let slot = ["SATA-", "IDE-", "SCSI-"].iter().any(|c| k.starts_with(c))
                && k.matches('-').count() == 2;
            (slot && v != "none") || k.starts_with("SharedFolder")
        })
        .collect()
}

/// The same facts from vboxctl's [`MachineConfig`].
fn vboxctl_storage(c: &MachineConfig) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for a in &c.attachments {
        let value = a.medium.clone().unwrap_or_else(|| "emptydrive".into());
        out.insert((a.slot.key(), value));
    }
    for (n, s) in c.shared_folders.iter().filter(|s| !s.transient).enumerate() {
        out.insert((
            format!("SharedFolderNameMachineMapping{}", n + 1),
            s.name.clone(),
        ));
        out.insert((
            format!("SharedFolderPathMachineMapping{}", n + 1),
            s.host_path.clone(),
        ));
    }
    out
}

/// A change of one attachment alone.
fn attaching(a: StorageAttach) -> ModifyMachine {
    ModifyMachine {
        storage_attached: vec![a],
        ..ModifyMachine::default()
    }
}

async fn modify(b: &dyn Backend, change: &ModifyMachine) -> vbox_ops::Result<()> {
    configure::modify(b, "stg", change, ForwardPolicy::default())
        .await
        .map(drop)
}

/// Create, attach and share, read back with the real VBoxManage, refuse bad input, detach.
async fn storage_and_shares(home: &RealHome, b: &dyn Backend) {
    let spec = CreateMachine {
        name: "stg".into(),
        ..CreateMachine::default()
    };
    vbox_ops::create(b, &spec).await.expect("create");
    let dir = home.dir().join("stg-files");
    std::fs::create_dir_all(dir.join("share")).unwrap();
    let iso = dir.join("tiny.iso");
    vbox_suite::write_tiny_iso(&iso).unwrap();
    let (iso, share) = (
        iso.display().to_string(),
        dir.join("share").display().to_string(),
    );
    let disk = |n: u32| dir.join(format!("d{n}.vdi")).display().to_string();

    // A new disk and an ISO, each on a controller made for it, and a share.
    let change = ModifyMachine {
        storage_attached: vec![
            StorageAttach::new(
                StorageSlot::new("SATA", 0, 0),
                StorageKind::Disk,
                MediumSource::New {
                    path: disk(0),
                    size_mb: 8,
                },
            ),
            StorageAttach::new(
                StorageSlot::new("IDE", 1, 0),
                StorageKind::Dvd,
                MediumSource::Existing(iso.clone()),
            ),
        ],
        shared_folders_added: vec![SharedFolder {
            read_only: true,
            ..SharedFolder::new("s1", &share)
        }],
        ..ModifyMachine::default()
    };
    modify(b, &change).await.expect("attach and share");
    let lines = home.showvminfo_lines("stg");
    for line in [
        "storagecontrollername0=\"SATA\"".to_string(),
        "storagecontrollertype0=\"IntelAhci\"".into(),
        "storagecontrollername1=\"IDE\"".into(),
        "storagecontrollertype1=\"PIIX4\"".into(),
        format!("\"SATA-0-0\"=\"{}\"", disk(0)),
        format!("\"IDE-1-0\"=\"{iso}\""),
        "SharedFolderNameMachineMapping1=\"s1\"".into(),
        format!("SharedFolderPathMachineMapping1=\"{share}\""),
    ] {
        home.assert_showvminfo_has(&lines, &line);
    }
    let c = b.machine_config("stg").await.expect("machine settings");
    assert_eq!(vboxctl_storage(&c), real_storage(home), "{c:#?}");
    let d0 = c.attachments.iter().find(|a| a.kind == StorageKind::Disk);
    assert_eq!(d0.and_then(|a| a.size_bytes), Some(8 << 20), "{c:#?}");
    let dvd = c.attachments.iter().find(|a| a.kind == StorageKind::Dvd);
    assert_eq!(
        dvd.map(|a| a.slot.clone()),
        Some(StorageSlot::new("IDE", 1, 0))
    );
    let ide = c.controllers.iter().find(|c| c.name == "IDE").unwrap();
    assert_eq!((ide.bus, ide.max_port_count), (StorageBus::Ide, 2));

    // A second new disk beyond the SATA controller's port count grows it (real 7.2.22).
    let grow = attaching(StorageAttach::new(
        StorageSlot::new("SATA", 3, 0),
        StorageKind::Disk,
        MediumSource::New {
            path: disk(3),
            size_mb: 4,
        },
    ));
    modify(b, &grow).await.expect("a disk at port 3");
    let lines = home.showvminfo_lines("stg");
    home.assert_showvminfo_has(&lines, &format!("\"SATA-3-0\"=\"{}\"", disk(3)));
    let c = b.machine_config("stg").await.unwrap();
    assert_eq!(vboxctl_storage(&c), real_storage(home), "{c:#?}");
    let sata = c.controllers.iter().find(|c| c.name == "SATA").unwrap();
    assert!(sata.port_count >= 4, "{sata:?}");

    // Bad input: a clear error, and the real VBoxManage shows exactly what it showed before.
    let missing = dir.join("nope.iso").display().to_string();
    let bad: Vec<(ModifyMachine, ErrorKind, &str)> = vec![
        (
            attaching(StorageAttach::new(
                StorageSlot::new("IDE", 0, 0),
                StorageKind::Dvd,
                MediumSource::Existing(missing.clone()),
            )),
            ErrorKind::NotFound,
            "nope.iso",
        ),
        (
            // On a controller that the attachment would create: it is not left behind.
            attaching(StorageAttach {
                bus: Some(StorageBus::Scsi),
                ..StorageAttach::new(
                    StorageSlot::new("SCSI", 0, 0),
                    StorageKind::Dvd,
                    MediumSource::Existing(missing.clone()),
                )
            }),
            ErrorKind::NotFound,
            "nope.iso",
        ),
        (
            attaching(StorageAttach::new(
                StorageSlot::new("SATA", 30, 0),
                StorageKind::Disk,
                MediumSource::New {
                    path: disk(30),
                    size_mb: 4,
                },
            )),
            ErrorKind::InvalidInput,
            "ports 0–29",
        ),
        (
            ModifyMachine {
                shared_folders_added: vec![SharedFolder::new(
                    "s3",
                    dir.join("nope").display().to_string(),
                )],
                ..ModifyMachine::default()
            },
            ErrorKind::NotFound,
            "nope",
        ),
        (
            ModifyMachine {
                shared_folders_added: vec![SharedFolder {
                    transient: true,
                    ..SharedFolder::new("s2", &share)
                }],
                ..ModifyMachine::default()
            },
            ErrorKind::InvalidState,
            "transient shared folders of 'stg'",
        ),
        (
            attaching(StorageAttach::new(
                StorageSlot::new("SATA", 5, 0),
                StorageKind::Disk,
                MediumSource::Existing(disk(0)),
            )),
            ErrorKind::InUse,
            "already attached",
        ),
    ];
    for (change, kind, text) in &bad {
        let e = modify(b, change).await.expect_err("bad input");
        let full = format!(
            "{e}: {:?}",
            std::error::Error::source(&e).map(|s| s.to_string())
        );
        assert_eq!(e.kind(), *kind, "{full}");
        assert!(full.contains(text), "{full} should say {text}");
        assert_eq!(
            home.showvminfo_lines("stg"),
            lines,
            "{full}: nothing changed"
        );
    }
    assert!(!std::path::Path::new(&disk(30)).exists(), "no disk made");

    // Detach and unshare.
    let undo = ModifyMachine {
        storage_detached: vec![
            StorageSlot::new("SATA", 3, 0),
            StorageSlot::new("IDE", 1, 0),
        ],
        shared_folders_removed: vec![SharedFolderRemoval {
            name: "s1".into(),
            transient: false,
        }],
        ..ModifyMachine::default()
    };
    modify(b, &undo).await.expect("detach and unshare");
    let info = home.showvminfo("stg");
    assert_eq!(info.get("SATA-3-0").map(String::as_str), Some("none"));
    assert_eq!(info.get("IDE-1-0").map(String::as_str), Some("none"));
    assert!(!info.contains_key("SharedFolderNameMachineMapping1"));
    let c = b.machine_config("stg").await.unwrap();
    assert_eq!(vboxctl_storage(&c), real_storage(home), "{c:#?}");
    assert!(c.shared_folders.is_empty());
}

#[tokio::test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn storage_through_vboxmanage_read_back_by_the_real_vboxmanage() {
    let home = RealHost::from_env().home("stg-manage");
    let backend = home.backend();
    storage_and_shares(&home, backend.as_ref()).await;
}

#[tokio::test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn storage_through_the_web_service_read_back_by_the_real_vboxmanage() {
    let home = RealHost::from_env().home("stg-soap");
    let web = home.start_webservice();
    let backend: Arc<dyn Backend> =
        Arc::new(SoapBackend::new(&web.url(), SoapOptions::default()).expect("connect"));
    storage_and_shares(&home, backend.as_ref()).await;
}
