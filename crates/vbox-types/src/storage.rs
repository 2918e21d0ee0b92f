//! Storage controllers, attached media and shared folders: what `storagectl`,
//! `storageattach`, `createmedium` and `sharedfolder` change and `showvminfo` reads back.
//!
//! Facts of the real 7.2.22 host (fixtures/vboxmanage-7.2.22/config/): a port beyond a
//! controller's port count grows the controller up to its bus's maximum (SATA 30, IDE 2);
//! `storageattach` to a controller that does not exist fails; detaching is `--medium none`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A storage bus (`StorageBus`; the `storagectl --add` word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageBus {
    /// IDE (PIIX4): 2 ports of 2 devices.
    Ide,
    /// SATA (AHCI): up to 30 ports of 1 device.
    Sata,
    /// SCSI (LsiLogic): 16 ports.
    Scsi,
    /// SAS (LsiLogicSas).
    Sas,
    /// Floppy (I82078).
    Floppy,
    /// USB mass storage.
    Usb,
    /// NVMe on PCIe.
    Pcie,
    /// virtio-scsi.
    Virtio,
}

impl StorageBus {
    /// Every bus.
    pub const ALL: &'static [StorageBus] = &[
        StorageBus::Ide,
        StorageBus::Sata,
        StorageBus::Scsi,
        StorageBus::Sas,
        StorageBus::Floppy,
        StorageBus::Usb,
        StorageBus::Pcie,
        StorageBus::Virtio,
    ];

    /// The `storagectl --add` word.
    pub fn manage_word(self) -> &'static str {
        match self {
            StorageBus::Ide => "ide",
            StorageBus::Sata => "sata",
            StorageBus::Scsi => "scsi",
            StorageBus::Sas => "sas",
            StorageBus::Floppy => "floppy",
            StorageBus::Usb => "usb",
            StorageBus::Pcie => "pcie",
            StorageBus::Virtio => "virtio",
        }
    }

    /// The API's `StorageBus` name (`IMachine.addStorageController`'s `connectionType`).
    pub fn api_name(self) -> &'static str {
        match self {
            StorageBus::Ide => "IDE",
            StorageBus::Sata => "SATA",
            StorageBus::Scsi => "SCSI",
            StorageBus::Sas => "SAS",
            StorageBus::Floppy => "Floppy",
            StorageBus::Usb => "USB",
            StorageBus::Pcie => "PCIe",
            StorageBus::Virtio => "VirtioSCSI",
        }
    }

    /// The controller type VirtualBox gives a new controller of this bus
    /// (`storagecontrollertype` in `showvminfo`, `StorageControllerType` in the API).
    pub fn default_controller_type(self) -> &'static str {
        match self {
            StorageBus::Ide => "PIIX4",
            StorageBus::Sata => "IntelAhci",
            StorageBus::Scsi => "LsiLogic",
            StorageBus::Sas => "LsiLogicSas",
            StorageBus::Floppy => "I82078",
            StorageBus::Usb => "USB",
            StorageBus::Pcie => "NVMe",
            StorageBus::Virtio => "VirtioSCSI",
        }
    }

    /// The most ports a controller of this bus has (`storagecontrollermaxportcount`).
    pub fn max_ports(self) -> u32 {
        match self {
            StorageBus::Ide => 2,
            StorageBus::Sata => 30,
            StorageBus::Scsi => 16,
            StorageBus::Sas | StorageBus::Pcie => 255,
            StorageBus::Floppy => 1,
            StorageBus::Usb => 8,
            StorageBus::Virtio => 256,
        }
    }

    /// Devices per port (IDE master/slave, two floppy drives; 1 elsewhere).
    pub fn devices_per_port(self) -> u32 {
        match self {
            StorageBus::Ide | StorageBus::Floppy => 2,
            _ => 1,
        }
    }

    /// From a `manage_word` or an API name (case-insensitive).
    pub fn parse(word: &str) -> Option<StorageBus> {
        StorageBus::ALL.iter().copied().find(|b| {
            b.manage_word().eq_ignore_ascii_case(word) || b.api_name().eq_ignore_ascii_case(word)
        })
    }

    /// The bus of a controller type (`IntelAhci` → SATA, `PIIX4` → IDE).
    pub fn of_controller_type(kind: &str) -> Option<StorageBus> {
        let k = kind.to_ascii_lowercase();
        Some(match k.as_str() {
            "piix3" | "piix4" | "ich6" => StorageBus::Ide,
            "intelahci" => StorageBus::Sata,
            "lsilogic" | "buslogic" => StorageBus::Scsi,
            "lsilogicsas" => StorageBus::Sas,
            "i82078" => StorageBus::Floppy,
            "usb" => StorageBus::Usb,
            "nvme" => StorageBus::Pcie,
            "virtioscsi" | "virtio" => StorageBus::Virtio,
            _ => return None,
        })
    }
}

impl fmt::Display for StorageBus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.manage_word())
    }
}

/// What sits in a storage slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// A hard disk.
    Disk,
    /// An optical drive (an ISO, or empty).
    Dvd,
    /// A floppy drive.
    Floppy,
}

impl StorageKind {
    /// The `storageattach --type` word.
    pub fn manage_word(self) -> &'static str {
        match self {
            StorageKind::Disk => "hdd",
            StorageKind::Dvd => "dvddrive",
            StorageKind::Floppy => "fdd",
        }
    }

    /// The API's `DeviceType` name.
    pub fn api_name(self) -> &'static str {
        match self {
            StorageKind::Disk => "HardDisk",
            StorageKind::Dvd => "DVD",
            StorageKind::Floppy => "Floppy",
        }
    }

    /// From `disk`/`hdd`/`HardDisk`, `dvd`/`dvddrive`/`DVD`, `fdd`/`floppy`.
    pub fn parse(word: &str) -> Option<StorageKind> {
        match word.trim().to_ascii_lowercase().as_str() {
            "disk" | "hdd" | "harddisk" => Some(StorageKind::Disk),
            "dvd" | "dvddrive" | "iso" => Some(StorageKind::Dvd),
            "fdd" | "floppy" => Some(StorageKind::Floppy),
            _ => None,
        }
    }

    /// The bus of a controller created for this kind when the machine has none of that name.
    ///
    /// Disks go on SATA: 30 ports, what `createvm --default` and `create --disk` use, and
    /// what every current guest boots from. DVDs go on IDE: the one bus every guest
    /// (installers of old systems included) reads a CD from without a driver, and it keeps
    /// the disks' SATA ports free; a DVD may still be put on SATA by naming the bus.
    /// Floppies need the floppy controller.
    pub fn default_bus(self) -> StorageBus {
        match self {
            StorageKind::Disk => StorageBus::Sata,
            StorageKind::Dvd => StorageBus::Ide,
            StorageKind::Floppy => StorageBus::Floppy,
        }
    }
}

impl fmt::Display for StorageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StorageKind::Disk => "disk",
            StorageKind::Dvd => "dvd",
            StorageKind::Floppy => "floppy",
        })
    }
}

/// A slot of a controller: controller name, port and device (`showvminfo`'s `"CTL-P-D"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StorageSlot {
    /// Controller name (`SATA`, `IDE`).
    pub controller: String,
    /// Port, 0-based.
    pub port: u32,
    /// Device on the port, 0-based (IDE: 0 master, 1 slave).
    pub device: u32,
}

impl StorageSlot {
    /// A slot.
    pub fn new(controller: impl Into<String>, port: u32, device: u32) -> StorageSlot {
        StorageSlot {
            controller: controller.into(),
            port,
            device,
        }
    }

    /// `CTL-P-D`, as `showvminfo --machinereadable` names it.
    pub fn key(&self) -> String {
        format!("{}-{}-{}", self.controller, self.port, self.device)
    }
}

impl fmt::Display for StorageSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.controller, self.port, self.device)
    }
}

/// What to put into a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediumSource {
    /// An existing image file (or the UUID of a registered medium).
    Existing(String),
    /// A new dynamically allocated VDI of this many MB at this path, created first; the file
    /// must not exist.
    New {
        /// Path of the new image.
        path: String,
        /// Size in MB.
        size_mb: u64,
    },
    /// An empty optical drive (`--medium emptydrive`).
    EmptyDrive,
}

/// Attach a medium to a slot, creating the controller when the machine has none of that name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageAttach {
    /// Where.
    pub slot: StorageSlot,
    /// Disk, DVD or floppy.
    pub kind: StorageKind,
    /// What.
    pub source: MediumSource,
    /// The bus of a controller created for this attachment; `None` takes
    /// [`StorageKind::default_bus`]. An existing controller keeps its bus.
    pub bus: Option<StorageBus>,
}

impl StorageAttach {
    /// An attachment whose controller, when created, gets the kind's default bus.
    pub fn new(slot: StorageSlot, kind: StorageKind, source: MediumSource) -> StorageAttach {
        StorageAttach {
            slot,
            kind,
            source,
            bus: None,
        }
    }
}

/// A storage controller of a machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageController {
    /// Name.
    pub name: String,
    /// Bus.
    pub bus: StorageBus,
    /// Controller type (`IntelAhci`, `PIIX4`).
    pub controller_type: String,
    /// Active ports.
    pub port_count: u32,
    /// The most ports it can have.
    pub max_port_count: u32,
}

/// A device attached to a slot, as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageAttachment {
    /// Where.
    pub slot: StorageSlot,
    /// Disk, DVD or floppy.
    pub kind: StorageKind,
    /// The medium's file; `None` for an empty drive.
    pub medium: Option<String>,
    /// The medium's UUID; `None` for an empty drive.
    pub medium_id: Option<String>,
    /// The medium's logical size in bytes, when the media registry knows it.
    pub size_bytes: Option<u64>,
}

/// A shared folder (`sharedfolder add`, `IMachine.createSharedFolder`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SharedFolder {
    /// Share name, as the guest mounts it.
    pub name: String,
    /// Absolute host path; it must exist.
    pub host_path: String,
    /// The guest may not write.
    pub read_only: bool,
    /// The Guest Additions mount it at boot.
    pub auto_mount: bool,
    /// Where an auto-mounted share goes in the guest; empty lets the Guest Additions choose.
    pub mount_point: String,
    /// Only for the machine's current run (needs a running machine; gone at power-off).
    pub transient: bool,
}

impl SharedFolder {
    /// A permanent, writable, auto-mounted share (Vagrant's `synced_folder` with the
    /// VirtualBox provider).
    pub fn new(name: impl Into<String>, host_path: impl Into<String>) -> SharedFolder {
        SharedFolder {
            name: name.into(),
            host_path: host_path.into(),
            read_only: false,
            auto_mount: true,
            mount_point: String::new(),
            transient: false,
        }
    }
}

/// A shared folder to remove.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SharedFolderRemoval {
    /// Share name.
    pub name: String,
    /// Remove the transient share of that name (the machine runs).
    pub transient: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buses_and_kinds_parse_every_spelling() {
        for b in StorageBus::ALL {
            assert_eq!(StorageBus::parse(b.manage_word()), Some(*b));
            assert_eq!(StorageBus::parse(b.api_name()), Some(*b));
            assert_eq!(
                StorageBus::of_controller_type(b.default_controller_type()),
                Some(*b)
            );
        }
        for k in [StorageKind::Disk, StorageKind::Dvd, StorageKind::Floppy] {
            assert_eq!(StorageKind::parse(k.manage_word()), Some(k));
            assert_eq!(StorageKind::parse(k.api_name()), Some(k));
            assert_eq!(StorageKind::parse(&k.to_string()), Some(k));
        }
        assert_eq!(StorageKind::parse("tape"), None);
    }

    #[test]
    fn limits_are_the_real_hosts() {
        // storagecontrollermaxportcount of the 7.2.22 capture: SATA 30, IDE 2.
        assert_eq!(StorageBus::Sata.max_ports(), 30);
        assert_eq!(StorageBus::Ide.max_ports(), 2);
        assert_eq!(StorageBus::Ide.devices_per_port(), 2);
        assert_eq!(StorageSlot::new("SATA", 3, 0).key(), "SATA-3-0");
    }
}
