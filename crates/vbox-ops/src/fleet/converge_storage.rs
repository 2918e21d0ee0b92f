//! The storage and shared folders of a map entry against a machine's [`MachineConfig`].
//!
//! `storage` names the slots it manages and leaves every other slot alone (a clone keeps
//! its template's boot disk); `shared_folders` (when given) is the whole list of permanent
//! shares, as `forwarded_ports` is of forwards: a share the map does not name is removed.
//! Shares are compared by name and host path: VBoxManage does not print the read-only and
//! auto-mount flags, so through it they cannot be read back; they are set when a share is
//! added.

use super::converge::Difference;
use vbox_types::{
    Machine, MachineConfig, MediumSource, SharedFolder, SharedFolderRemoval, StorageAttach,
    StorageBus, StorageKind, StorageSlot,
};

/// What a map wants in one slot (`[[profiles.NAME.storage]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageSpec {
    /// The slot.
    pub slot: StorageSlot,
    /// Disk or DVD.
    pub kind: StorageKind,
    /// What it holds.
    pub want: StorageWant,
    /// The bus of a controller created for it (`None`: SATA for disks, IDE for DVDs).
    pub bus: Option<StorageBus>,
}

/// What a slot should hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageWant {
    /// This image (an ISO, or an existing disk).
    Image(String),
    /// Some disk; a new one of this many MB when the slot is empty, at `path` or in the
    /// machine's folder. An existing disk is kept whatever its size.
    NewDisk {
        /// Size in MB.
        size_mb: u64,
        /// Where to create it.
        path: Option<String>,
    },
    /// An empty DVD drive.
    EmptyDrive,
    /// Nothing: the slot is emptied.
    Nothing,
}

/// The file of a new disk for `slot` of `m` when the map gives no path:
/// `<machine folder>/<machine>-<controller>-<port>-<device>.vdi`.
pub fn default_disk_path(m: &Machine, slot: &StorageSlot) -> String {
    let folder = m
        .settings_file
        .rsplit_once(['/', '\\'])
        .map_or("", |(dir, _)| dir);
    let file = format!(
        "{}-{}-{}-{}.vdi",
        m.name, slot.controller, slot.port, slot.device
    );
    format!("{folder}/{}", file.replace(['/', '\\', ':'], "_"))
}

/// Add what differs in storage to `d`.
pub(super) fn storage_difference(
    wanted: &[StorageSpec],
    m: &Machine,
    config: &MachineConfig,
    d: &mut Difference,
) {
    for w in wanted {
        let have = config.attachments.iter().find(|a| a.slot == w.slot);
        let shown = |a: Option<&vbox_types::StorageAttachment>| match a {
            None => "nothing".to_string(),
            Some(a) => match &a.medium {
                Some(path) => format!("{} {path}", a.kind),
                None => format!("an empty {}", a.kind),
            },
        };
        let source = match (&w.want, have) {
            (StorageWant::Nothing, None) => continue,
            (StorageWant::Nothing, Some(_)) => {
                d.lines
                    .push(format!("storage {}: {} → nothing", w.slot, shown(have)));
                d.change.storage_detached.push(w.slot.clone());
                continue;
            }
            (StorageWant::Image(path), Some(a))
                if a.kind == w.kind && a.medium.as_deref() == Some(path.as_str()) =>
            {
                continue
            }
            (StorageWant::NewDisk { .. }, Some(a)) if a.kind == StorageKind::Disk => continue,
            (StorageWant::EmptyDrive, Some(a)) if a.kind == w.kind && a.medium.is_none() => {
                continue
            }
            (StorageWant::Image(path), _) => MediumSource::Existing(path.clone()),
            (StorageWant::NewDisk { size_mb, path }, _) => MediumSource::New {
                path: path
                    .clone()
                    .unwrap_or_else(|| default_disk_path(m, &w.slot)),
                size_mb: *size_mb,
            },
            (StorageWant::EmptyDrive, _) => MediumSource::EmptyDrive,
        };
        let what = match &source {
            MediumSource::Existing(path) => format!("{} {path}", w.kind),
            MediumSource::New { path, size_mb } => format!("a new {size_mb} MB disk {path}"),
            MediumSource::EmptyDrive => format!("an empty {}", w.kind),
        };
        d.lines
            .push(format!("storage {}: {} → {what}", w.slot, shown(have)));
        if have.is_some() {
            // What sits there goes first: a disk slot takes no second medium.
            d.change.storage_detached.push(w.slot.clone());
        }
        d.change.storage_attached.push(StorageAttach {
            slot: w.slot.clone(),
            kind: w.kind,
            source,
            bus: w.bus,
        });
    }
}

/// Add what differs in the permanent shares to `d`.
pub(super) fn share_difference(
    wanted: &[SharedFolder],
    config: &MachineConfig,
    d: &mut Difference,
) {
    let have: Vec<&SharedFolder> = config
        .shared_folders
        .iter()
        .filter(|s| !s.transient)
        .collect();
    for h in &have {
        match wanted.iter().find(|w| w.name == h.name) {
            Some(w) if w.host_path == h.host_path => {}
            Some(w) => {
                d.lines.push(format!(
                    "shared folder '{}': {} → {}",
                    w.name, h.host_path, w.host_path
                ));
                d.change.shared_folders_removed.push(removal(h));
                d.change.shared_folders_added.push(permanent(w));
            }
            None => {
                d.lines.push(format!("shared folder '{}': remove", h.name));
                d.change.shared_folders_removed.push(removal(h));
            }
        }
    }
    for w in wanted
        .iter()
        .filter(|w| !have.iter().any(|h| h.name == w.name))
    {
        d.lines
            .push(format!("shared folder '{}': add {}", w.name, w.host_path));
        d.change.shared_folders_added.push(permanent(w));
    }
}

fn removal(s: &SharedFolder) -> SharedFolderRemoval {
    SharedFolderRemoval {
        name: s.name.clone(),
        transient: false,
    }
}

fn permanent(s: &SharedFolder) -> SharedFolder {
    SharedFolder {
        transient: false,
        ..s.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbox_types::StorageAttachment;

    fn machine() -> Machine {
        let mut m = Machine::inaccessible("id", "web");
        m.settings_file = "/vms/web/web.vbox".into();
        m
    }

    fn disk_at(slot: StorageSlot, path: &str) -> StorageAttachment {
        StorageAttachment {
            slot,
            kind: StorageKind::Disk,
            medium: Some(path.into()),
            medium_id: Some("id".into()),
            size_bytes: Some(8 << 20),
        }
    }

    #[test]
    fn named_slots_converge_and_others_stay() {
        let wanted = [
            StorageSpec {
                slot: StorageSlot::new("SATA", 1, 0),
                kind: StorageKind::Disk,
                want: StorageWant::NewDisk {
                    size_mb: 1024,
                    path: None,
                },
                bus: None,
            },
            StorageSpec {
                slot: StorageSlot::new("IDE", 1, 0),
                kind: StorageKind::Dvd,
                want: StorageWant::Image("/isos/a.iso".into()),
                bus: None,
            },
        ];
        let config = MachineConfig {
            attachments: vec![disk_at(StorageSlot::new("SATA", 0, 0), "/vms/web/boot.vdi")],
            ..MachineConfig::default()
        };
        let mut d = Difference::default();
        storage_difference(&wanted, &machine(), &config, &mut d);
        assert_eq!(
            d.lines,
            [
                "storage SATA:1:0: nothing → a new 1024 MB disk /vms/web/web-SATA-1-0.vdi",
                "storage IDE:1:0: nothing → dvd /isos/a.iso"
            ]
        );
        assert!(d.change.storage_detached.is_empty());

        // Applied: nothing differs; a disk of another size is kept.
        let mut iso = disk_at(StorageSlot::new("IDE", 1, 0), "/isos/a.iso");
        iso.kind = StorageKind::Dvd;
        let config = MachineConfig {
            attachments: vec![disk_at(StorageSlot::new("SATA", 1, 0), "/x.vdi"), iso],
            ..MachineConfig::default()
        };
        let mut d = Difference::default();
        storage_difference(&wanted, &machine(), &config, &mut d);
        assert!(d.is_empty(), "{:?}", d.lines);
    }

    #[test]
    fn shares_are_the_whole_list() {
        let config = MachineConfig {
            shared_folders: vec![
                SharedFolder::new("old", "/old"),
                SharedFolder::new("code", "/a"),
            ],
            ..MachineConfig::default()
        };
        let wanted = [
            SharedFolder::new("code", "/b"),
            SharedFolder::new("new", "/n"),
        ];
        let mut d = Difference::default();
        share_difference(&wanted, &config, &mut d);
        assert_eq!(
            d.lines,
            [
                "shared folder 'old': remove",
                "shared folder 'code': /a → /b",
                "shared folder 'new': add /n"
            ]
        );
        assert_eq!(d.change.shared_folders_removed.len(), 2);
        assert_eq!(d.change.shared_folders_added.len(), 2);
    }
}
