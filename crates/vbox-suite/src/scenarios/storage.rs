//! Storage and shared folders of a machine: a new disk and an ISO, each on a controller made
//! for it, and a share, read back with the disk's size; bad input (a missing ISO, a port
//! beyond the bus's maximum, a missing share path, a transient share on a stopped machine)
//! refused without a change; detach and unshare; a transient share on the running machine.
//!
//! The files live in the machine's folder: the one place every backend's VirtualBox sees
//! (the real host's chroot shares its homes, not this machine's `/tmp`).

use crate::support::{create_blank, power_off, start};
use crate::Harness;
use std::path::{Path, PathBuf};
use vbox_ops::configure::{self, ForwardPolicy};
use vbox_types::{
    Backend, ErrorKind, MachineConfig, MediumSource, ModifyMachine, SharedFolder,
    SharedFolderRemoval, StorageAttach, StorageKind, StorageSlot,
};

async fn config(b: &dyn Backend, name: &str) -> MachineConfig {
    b.machine_config(name).await.expect("machine settings")
}

async fn modify(b: &dyn Backend, name: &str, change: &ModifyMachine) -> vbox_ops::Result<()> {
    configure::modify(b, name, change, ForwardPolicy::default())
        .await
        .map(drop)
}

fn text(p: &Path) -> String {
    p.display().to_string()
}

fn share(name: &str, path: &Path, transient: bool) -> ModifyMachine {
    ModifyMachine {
        shared_folders_added: vec![SharedFolder {
            transient,
            ..SharedFolder::new(name, text(path))
        }],
        ..ModifyMachine::default()
    }
}

/// Attach, share, read back, refuse bad input, detach, share transiently while running.
pub async fn storage_and_shared_folders_are_changed_and_read_back(h: &dyn Harness) {
    let backend = h.backend();
    let b = backend.as_ref();
    let name = h.machine_name("stg");
    let m = create_blank(h, b, &name).await;
    let folder: PathBuf = Path::new(&m.settings_file)
        .parent()
        .expect("machine folder")
        .to_path_buf();
    let (iso, shared) = (folder.join("tiny.iso"), folder.join("share"));
    crate::write_tiny_iso(&iso).expect("write the ISO");
    std::fs::create_dir_all(&shared).expect("share folder");
    let disk = folder.join("d0.vdi");

    let change = ModifyMachine {
        storage_attached: vec![
            StorageAttach::new(
                StorageSlot::new("SATA", 0, 0),
                StorageKind::Disk,
                MediumSource::New {
                    path: text(&disk),
                    size_mb: 8,
                },
            ),
            StorageAttach::new(
                StorageSlot::new("IDE", 1, 0),
                StorageKind::Dvd,
                MediumSource::Existing(text(&iso)),
            ),
        ],
        ..share("s1", &shared, false)
    };
    modify(b, &name, &change).await.expect("attach and share");
    let c = config(b, &name).await;
    let names: Vec<&str> = c.controllers.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["SATA", "IDE"], "{c:#?}");
    let found: Vec<(String, StorageKind, Option<String>)> = c
        .attachments
        .iter()
        .map(|a| (a.slot.key(), a.kind, a.medium.clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("IDE-1-0".to_string(), StorageKind::Dvd, Some(text(&iso))),
            ("SATA-0-0".to_string(), StorageKind::Disk, Some(text(&disk))),
        ],
        "{c:#?}"
    );
    let d0 = c.attachments.iter().find(|a| a.kind == StorageKind::Disk);
    assert_eq!(d0.and_then(|a| a.size_bytes), Some(8 << 20));
    let shares: Vec<(&str, &str, bool)> = c
        .shared_folders
        .iter()
        .map(|s| (s.name.as_str(), s.host_path.as_str(), s.transient))
        .collect();
    assert_eq!(shares, [("s1", text(&shared).as_str(), false)]);

    // Bad input: a clear error, nothing changed.
    let missing_iso = ModifyMachine {
        storage_attached: vec![StorageAttach::new(
            StorageSlot::new("IDE", 0, 0),
            StorageKind::Dvd,
            MediumSource::Existing(text(&folder.join("nope.iso"))),
        )],
        ..ModifyMachine::default()
    };
    let beyond = ModifyMachine {
        storage_attached: vec![StorageAttach::new(
            StorageSlot::new("SATA", 30, 0),
            StorageKind::Disk,
            MediumSource::New {
                path: text(&folder.join("d30.vdi")),
                size_mb: 4,
            },
        )],
        ..ModifyMachine::default()
    };
    for (what, change, kind) in [
        ("a missing ISO", missing_iso, ErrorKind::NotFound),
        ("a port beyond 29", beyond, ErrorKind::InvalidInput),
        (
            "a missing share path",
            share("s3", &folder.join("nope"), false),
            ErrorKind::NotFound,
        ),
        (
            "a transient share of a stopped machine",
            share("s2", &shared, true),
            ErrorKind::InvalidState,
        ),
    ] {
        let e = modify(b, &name, &change).await.expect_err(what);
        assert_eq!(e.kind(), kind, "{what}: {e}");
        assert_eq!(config(b, &name).await, c, "{what} changed nothing");
    }
    assert!(!folder.join("d30.vdi").exists());

    let undo = ModifyMachine {
        storage_detached: vec![StorageSlot::new("IDE", 1, 0)],
        shared_folders_removed: vec![SharedFolderRemoval {
            name: "s1".into(),
            transient: false,
        }],
        ..ModifyMachine::default()
    };
    modify(b, &name, &undo).await.expect("detach and unshare");
    let c = config(b, &name).await;
    assert_eq!(c.attachments.len(), 1, "{c:#?}");
    assert!(c.shared_folders.is_empty());

    // Running: a transient share comes and goes; a permanent one is refused.
    start(h, b, &name).await;
    modify(b, &name, &share("s2", &shared, true))
        .await
        .expect("transient share");
    let listed: Vec<(String, bool)> = config(b, &name)
        .await
        .shared_folders
        .into_iter()
        .map(|s| (s.name, s.transient))
        .collect();
    assert_eq!(listed, [("s2".to_string(), true)]);
    let e = modify(b, &name, &share("s4", &shared, false))
        .await
        .expect_err("a permanent share of a running machine");
    assert_eq!(e.kind(), ErrorKind::InvalidState, "{e}");
    power_off(h, b, &name).await;
    assert!(
        config(b, &name).await.shared_folders.is_empty(),
        "gone at power-off"
    );
    vbox_ops::destroy(b, &name, &vbox_ops::DestroyOptions::default())
        .await
        .expect("destroy");
}
