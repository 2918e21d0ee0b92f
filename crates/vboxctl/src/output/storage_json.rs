//! JSON of `storage`, `share` and `show`'s storage (documented in `docs/output-schema.md`).

use serde::Serialize;
use vbox_types::{MachineConfig, SharedFolder, StorageAttachment, StorageController};

/// A storage controller.
#[derive(Debug, Serialize)]
pub struct ControllerJson {
    pub name: String,
    /// `ide`, `sata`, `scsi`, `sas`, `floppy`, `usb`, `pcie`, `virtio`.
    pub bus: &'static str,
    /// `IntelAhci`, `PIIX4`, …
    pub controller_type: String,
    pub port_count: u32,
    pub max_port_count: u32,
}

impl ControllerJson {
    pub fn new(c: &StorageController) -> ControllerJson {
        ControllerJson {
            name: c.name.clone(),
            bus: c.bus.manage_word(),
            controller_type: c.controller_type.clone(),
            port_count: c.port_count,
            max_port_count: c.max_port_count,
        }
    }
}

/// An occupied slot.
#[derive(Debug, Serialize)]
pub struct AttachmentJson {
    pub controller: String,
    pub port: u32,
    pub device: u32,
    /// `disk`, `dvd` or `floppy`.
    pub kind: String,
    /// The image's path; null for an empty drive.
    pub medium: Option<String>,
    /// The image's UUID; null for an empty drive.
    pub medium_id: Option<String>,
    /// Logical size in bytes, when known.
    pub size_bytes: Option<u64>,
}

impl AttachmentJson {
    pub fn new(a: &StorageAttachment) -> AttachmentJson {
        AttachmentJson {
            controller: a.slot.controller.clone(),
            port: a.slot.port,
            device: a.slot.device,
            kind: a.kind.to_string(),
            medium: a.medium.clone(),
            medium_id: a.medium_id.clone(),
            size_bytes: a.size_bytes,
        }
    }
}

/// A shared folder.
#[derive(Debug, Serialize)]
pub struct SharedFolderJson {
    pub name: String,
    pub host_path: String,
    pub read_only: bool,
    pub auto_mount: bool,
    pub mount_point: String,
    pub transient: bool,
}

impl SharedFolderJson {
    pub fn new(s: &SharedFolder) -> SharedFolderJson {
        SharedFolderJson {
            name: s.name.clone(),
            host_path: s.host_path.clone(),
            read_only: s.read_only,
            auto_mount: s.auto_mount,
            mount_point: s.mount_point.clone(),
            transient: s.transient,
        }
    }
}

/// `storage list -o json`, and `show`'s `storage`.
#[derive(Debug, Serialize)]
pub struct StorageJson {
    pub controllers: Vec<ControllerJson>,
    pub attachments: Vec<AttachmentJson>,
}

impl StorageJson {
    pub fn new(c: &MachineConfig) -> StorageJson {
        StorageJson {
            controllers: c.controllers.iter().map(ControllerJson::new).collect(),
            attachments: c.attachments.iter().map(AttachmentJson::new).collect(),
        }
    }
}
