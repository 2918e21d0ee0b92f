//! Storage controllers, attachments and shared folders from `showvminfo --machinereadable`
//! (real 7.2.22: fixtures/vboxmanage-7.2.22/config/showvminfo-storage-share.stdout).
//!
//! Each controller is `storagecontrollername<i>`, `…type<i>`, `…portcount<i>`,
//! `…maxportcount<i>`; each slot is `"CTL-P-D"` = `none`, `emptydrive` or the medium's path,
//! with `"CTL-ImageUUID-P-D"` for a medium. Only optical drives have `"CTL-IsEjected-P-D"`,
//! which tells a DVD from a disk. Shares are `SharedFolder{Name,Path}{Machine,Transient}MappingN`
//! without their read-only and auto-mount flags.

use super::showvminfo::MachineInfoMap;
use vbox_types::{
    SharedFolder, StorageAttachment, StorageBus, StorageController, StorageKind, StorageSlot,
};

/// The controllers of `map`, in VirtualBox's order.
pub fn controllers(map: &MachineInfoMap) -> Vec<StorageController> {
    let mut out = Vec::new();
    for i in 0.. {
        let Some(name) = map.get(&format!("storagecontrollername{i}")) else {
            break;
        };
        let kind = map
            .get(&format!("storagecontrollertype{i}"))
            .unwrap_or_default();
        let number = |key: &str| {
            map.get(&format!("{key}{i}"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        out.push(StorageController {
            name: name.to_string(),
            bus: StorageBus::of_controller_type(kind).unwrap_or(StorageBus::Sata),
            controller_type: kind.to_string(),
            port_count: number("storagecontrollerportcount"),
            max_port_count: number("storagecontrollermaxportcount"),
        });
    }
    out
}

/// The occupied slots of `controllers`, sorted by slot (controller name, port, device) as
/// every backend reports them.
pub fn attachments(
    map: &MachineInfoMap,
    controllers: &[StorageController],
) -> Vec<StorageAttachment> {
    let mut out = Vec::new();
    for c in controllers {
        for port in 0..c.port_count {
            for device in 0..c.bus.devices_per_port() {
                let slot = StorageSlot::new(&c.name, port, device);
                let Some(value) = map.get(&slot.key()) else {
                    continue;
                };
                if value == "none" {
                    continue;
                }
                let (p, d) = (port, device);
                let dvd = map.get(&format!("{}-IsEjected-{p}-{d}", c.name)).is_some();
                let kind = match c.bus {
                    StorageBus::Floppy => StorageKind::Floppy,
                    _ if dvd => StorageKind::Dvd,
                    _ => StorageKind::Disk,
                };
                let empty = value == "emptydrive";
                out.push(StorageAttachment {
                    slot,
                    kind,
                    medium: (!empty).then(|| value.to_string()),
                    medium_id: map
                        .get(&format!("{}-ImageUUID-{p}-{d}", c.name))
                        .map(str::to_string),
                    size_bytes: None,
                });
            }
        }
    }
    out.sort_by(|a, b| a.slot.cmp(&b.slot));
    out
}

/// The shares of `map`: the machine's, then the transient ones of a running machine. Flags
/// `showvminfo` does not print stay `false`.
pub fn shared_folders(map: &MachineInfoMap) -> Vec<SharedFolder> {
    let mut out = Vec::new();
    for (scope, transient) in [("Machine", false), ("Transient", true)] {
        for n in 1.. {
            let name = map.get(&format!("SharedFolderName{scope}Mapping{n}"));
            let path = map.get(&format!("SharedFolderPath{scope}Mapping{n}"));
            let (Some(name), Some(path)) = (name, path) else {
                break;
            };
            out.push(SharedFolder {
                auto_mount: false,
                transient,
                ..SharedFolder::new(name, path)
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::showvminfo::parse_machinereadable;

    /// A real 7.2.22 IDE controller with an empty DVD drive and an ISO (recorded while this
    /// module was written: `storageattach … --type dvddrive --medium emptydrive`, then an ISO).
    #[test]
    fn dvds_are_told_from_disks_by_their_eject_key() {
        let text = "storagecontrollername0=\"IDE\"\nstoragecontrollertype0=\"PIIX4\"\n\
            storagecontrollermaxportcount0=\"2\"\nstoragecontrollerportcount0=\"2\"\n\
            \"IDE-0-0\"=\"none\"\n\"IDE-0-1\"=\"emptydrive\"\n\"IDE-IsEjected-0-1\"=\"off\"\n\
            \"IDE-1-0\"=\"/h/t.iso\"\n\"IDE-ImageUUID-1-0\"=\"4f3d7256-eb7d-439d-9310-f83e7515d4a3\"\n\
            \"IDE-tempeject-1-0\"=\"off\"\n\"IDE-IsEjected-1-0\"=\"off\"\n\"IDE-1-1\"=\"none\"\n";
        let map = parse_machinereadable(text);
        let c = controllers(&map);
        assert_eq!(c[0].bus, StorageBus::Ide);
        let a = attachments(&map, &c);
        assert_eq!(a.len(), 2);
        assert_eq!(
            (a[0].kind, a[0].medium.as_deref()),
            (StorageKind::Dvd, None)
        );
        assert_eq!(a[1].slot, StorageSlot::new("IDE", 1, 0));
        assert_eq!(a[1].medium.as_deref(), Some("/h/t.iso"));
        assert_eq!(a[1].kind, StorageKind::Dvd);
    }
}
