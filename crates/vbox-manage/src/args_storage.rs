//! `storagectl`, `storageattach`, `createmedium` and `sharedfolder` argv for the storage and
//! shared-folder changes of [`vbox_types::ModifyMachine`], in the forms the real 7.2.22 host
//! was captured with (fixtures/vboxmanage-7.2.22/config/INDEX.tsv).

use crate::args::Argv;
use vbox_types::{SharedFolder, SharedFolderRemoval, StorageBus, StorageKind, StorageSlot};

/// `storagectl <vm> --name <n> --add <bus>`: the bus's default controller type and port count
/// (a port beyond the count grows the controller when something is attached there).
pub fn storagectl_add(vm: &str, name: &str, bus: StorageBus) -> Vec<String> {
    Argv::new(&["storagectl"])
        .arg(vm)
        .opt("--name", name)
        .opt("--add", bus.manage_word())
        .into()
}

/// `storagectl <vm> --name <n> --remove` (its attachments go with it).
pub fn storagectl_remove(vm: &str, name: &str) -> Vec<String> {
    Argv::new(&["storagectl"])
        .arg(vm)
        .opt("--name", name)
        .arg("--remove")
        .into()
}

fn slot_args(vm: &str, slot: &StorageSlot) -> Argv {
    Argv::new(&["storageattach"])
        .arg(vm)
        .opt("--storagectl", &slot.controller)
        .opt("--port", slot.port.to_string())
        .opt("--device", slot.device.to_string())
}

/// `storageattach <vm> --storagectl <c> --port <p> --device <d> --type <t> --medium <m>`;
/// `medium` is a file, a UUID or `emptydrive`.
pub fn storageattach_medium(
    vm: &str,
    slot: &StorageSlot,
    kind: StorageKind,
    medium: &str,
) -> Vec<String> {
    slot_args(vm, slot)
        .opt("--type", kind.manage_word())
        .opt("--medium", medium)
        .into()
}

/// `storageattach <vm> --storagectl <c> --port <p> --device <d> --medium none`: empties the
/// slot (the drive goes with its medium).
pub fn storage_detach(vm: &str, slot: &StorageSlot) -> Vec<String> {
    slot_args(vm, slot).opt("--medium", "none").into()
}

/// `sharedfolder add <vm> --name <n> --hostpath <p> [--readonly] [--automount]
/// [--auto-mount-point <m>] [--transient]`.
pub fn sharedfolder_add(vm: &str, share: &SharedFolder) -> Vec<String> {
    let mut a = Argv::new(&["sharedfolder", "add"])
        .arg(vm)
        .opt("--name", &share.name)
        .opt("--hostpath", &share.host_path);
    if share.read_only {
        a = a.arg("--readonly");
    }
    if share.auto_mount {
        a = a.arg("--automount");
    }
    if !share.mount_point.is_empty() {
        a = a.opt("--auto-mount-point", &share.mount_point);
    }
    if share.transient {
        a = a.arg("--transient");
    }
    a.into()
}

/// `sharedfolder remove <vm> --name <n> [--transient]`.
pub fn sharedfolder_remove(vm: &str, share: &SharedFolderRemoval) -> Vec<String> {
    let a = Argv::new(&["sharedfolder", "remove"])
        .arg(vm)
        .opt("--name", &share.name);
    if share.transient {
        a.arg("--transient").into()
    } else {
        a.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(argv: Vec<String>) -> String {
        format!("VBoxManage {}", argv.join(" "))
    }

    /// The command lines of the real captures (INDEX.tsv), word for word.
    #[test]
    fn argv_match_the_captured_command_lines() {
        let disk = "/home/lab/.config/VirtualBox/d.vdi";
        assert_eq!(
            line(storageattach_medium(
                "st",
                &StorageSlot::new("SATA", 3, 0),
                StorageKind::Disk,
                disk
            )),
            format!("VBoxManage storageattach st --storagectl SATA --port 3 --device 0 --type hdd --medium {disk}")
        );
        assert_eq!(
            line(storage_detach("st", &StorageSlot::new("SATA", 3, 0))),
            "VBoxManage storageattach st --storagectl SATA --port 3 --device 0 --medium none"
        );
        assert_eq!(
            line(storagectl_add("st", "IDE", StorageBus::Ide)),
            "VBoxManage storagectl st --name IDE --add ide"
        );
        let share = SharedFolder {
            read_only: true,
            ..SharedFolder::new("s1", "/home/lab/.config/VirtualBox/share")
        };
        assert_eq!(
            line(sharedfolder_add("st", &share)),
            "VBoxManage sharedfolder add st --name s1 --hostpath /home/lab/.config/VirtualBox/share --readonly --automount"
        );
        let transient = SharedFolder {
            auto_mount: false,
            transient: true,
            ..SharedFolder::new("s2", "/home/lab/.config/VirtualBox/share")
        };
        assert_eq!(
            line(sharedfolder_add("st", &transient)),
            "VBoxManage sharedfolder add st --name s2 --hostpath /home/lab/.config/VirtualBox/share --transient"
        );
        let removal = SharedFolderRemoval {
            name: "s2".into(),
            transient: true,
        };
        assert_eq!(
            line(sharedfolder_remove("st", &removal)),
            "VBoxManage sharedfolder remove st --name s2 --transient"
        );
    }

    #[test]
    fn dashed_values_stay_values() {
        let argv = sharedfolder_add("st", &SharedFolder::new("-x", "/p"));
        assert!(argv.contains(&"--name=-x".to_string()), "{argv:?}");
    }
}
