//! Checks of storage and shared-folder changes against the machine before anything changes:
//! what VirtualBox would refuse only halfway through (after a controller or a new disk was
//! made), or not at all.
//!
//! Real 7.2.22 facts (fixtures/vboxmanage-7.2.22/config/): a port beyond a controller's port
//! count is fine and grows the controller, a port beyond the bus's maximum (SATA 30, IDE 2)
//! is the limit; `sharedfolder add --transient` needs a running machine, a permanent add on a
//! running one fails on the lock.

use crate::error::{Error, Result};
use vbox_types::{
    Machine, MachineConfig, MediumSource, ModifyMachine, StorageAttach, StorageAttachment,
    StorageBus, StorageKind,
};

/// Check every storage and share change of `change` against `m` and its `config`.
pub fn check(m: &Machine, config: &MachineConfig, change: &ModifyMachine) -> Result<()> {
    for a in &change.storage_attached {
        check_attach(m, config, a)?;
    }
    for s in &change.storage_detached {
        if !config.controllers.iter().any(|c| c.name == s.controller) {
            return Err(Error::InvalidInput(format!(
                "'{}' has no storage controller named '{}' to detach {s} from",
                m.name, s.controller
            )));
        }
    }
    let running = m.state.is_online();
    for s in &change.shared_folders_added {
        if s.name.is_empty() || s.host_path.is_empty() {
            return Err(Error::InvalidInput(format!(
                "shared folder '{}' needs a name and a host path",
                s.name
            )));
        }
        if s.transient && !running {
            return Err(Error::InvalidInput(format!(
                "transient shared folder '{}' needs '{}' running (it is {}); add it without --transient to keep it in the settings",
                s.name, m.name, m.state
            )));
        }
    }
    for s in &change.shared_folders_removed {
        if s.transient && !running {
            return Err(Error::InvalidInput(format!(
                "'{}' is {}: it has no transient shared folders",
                m.name, m.state
            )));
        }
    }
    Ok(())
}

/// The bus a slot's controller has, or gets when the attachment creates it.
pub fn bus_for(config: &MachineConfig, a: &StorageAttach) -> StorageBus {
    config
        .controllers
        .iter()
        .find(|c| c.name == a.slot.controller)
        .map(|c| c.bus)
        .unwrap_or_else(|| a.bus.unwrap_or_else(|| a.kind.default_bus()))
}

fn check_attach(m: &Machine, config: &MachineConfig, a: &StorageAttach) -> Result<()> {
    if a.slot.controller.trim().is_empty() {
        return Err(Error::InvalidInput(
            "a storage controller name is required".into(),
        ));
    }
    let bus = bus_for(config, a);
    let (max_ports, devices) = (bus.max_ports(), bus.devices_per_port());
    if a.slot.port >= max_ports || a.slot.device >= devices {
        return Err(Error::InvalidInput(format!(
            "slot {} of '{}' is out of range: a {} controller has ports 0–{} with devices 0–{}",
            a.slot,
            m.name,
            bus.api_name(),
            max_ports - 1,
            devices - 1
        )));
    }
    // VirtualBox replaces what a slot holds without a word: a disk would be detached and
    // its data gone from the machine. A drive's disc may be swapped; a disk must be detached
    // first, on purpose.
    let held = config.attachments.iter().find(|x| x.slot == a.slot);
    if let Some(StorageAttachment {
        kind: StorageKind::Disk,
        medium: Some(disk),
        ..
    }) = held
    {
        return Err(Error::InvalidInput(format!(
            "{} of '{}' holds the disk {disk}: detach it first (`vboxctl storage detach {} {}`) or choose another slot",
            a.slot, m.name, m.name, a.slot
        )));
    }
    match (&a.source, a.kind) {
        (MediumSource::New { path, size_mb }, StorageKind::Disk)
            if path.trim().is_empty() || *size_mb == 0 =>
        {
            return Err(Error::InvalidInput(format!(
                "a new disk for {} needs a path and a size above 0 MB",
                a.slot
            )));
        }
        (MediumSource::New { .. }, StorageKind::Disk) => {}
        (MediumSource::New { .. }, kind) => {
            return Err(Error::InvalidInput(format!(
                "only disks can be created; a {kind} needs an existing image"
            )));
        }
        (MediumSource::EmptyDrive, StorageKind::Disk) => {
            return Err(Error::InvalidInput(format!(
                "a disk slot cannot be empty ({}): give an image, or detach it",
                a.slot
            )));
        }
        (MediumSource::Existing(path), _) if path.trim().is_empty() => {
            return Err(Error::InvalidInput(format!(
                "the image for {} is empty",
                a.slot
            )));
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbox_types::{MachineState, SharedFolder, StorageController, StorageSlot};

    fn machine(state: MachineState) -> Machine {
        let mut m = Machine::inaccessible("id", "st");
        m.accessible = true;
        m.state = state;
        m
    }

    fn config() -> MachineConfig {
        MachineConfig {
            controllers: vec![StorageController {
                name: "IDE".into(),
                bus: StorageBus::Ide,
                controller_type: "PIIX4".into(),
                port_count: 2,
                max_port_count: 2,
            }],
            ..MachineConfig::default()
        }
    }

    fn iso(controller: &str, port: u32) -> ModifyMachine {
        ModifyMachine {
            storage_attached: vec![StorageAttach {
                slot: StorageSlot::new(controller, port, 0),
                kind: StorageKind::Dvd,
                source: MediumSource::Existing("/x.iso".into()),
                bus: None,
            }],
            ..ModifyMachine::default()
        }
    }

    #[test]
    fn ports_are_limited_by_the_bus_not_the_port_count() {
        let off = machine(MachineState::PoweredOff);
        assert!(check(&off, &config(), &iso("IDE", 1)).is_ok());
        let e = check(&off, &config(), &iso("IDE", 2)).unwrap_err();
        assert!(e.to_string().contains("ports 0–1"), "{e}");
        // A new SATA controller takes ports up to 29.
        let mut sata = iso("SATA", 29);
        sata.storage_attached[0].bus = Some(StorageBus::Sata);
        assert!(check(&off, &config(), &sata).is_ok());
        sata.storage_attached[0].slot.port = 30;
        assert!(check(&off, &config(), &sata).is_err());
    }

    #[test]
    fn transient_shares_need_a_running_machine() {
        let share = ModifyMachine {
            shared_folders_added: vec![SharedFolder {
                transient: true,
                ..SharedFolder::new("s", "/tmp")
            }],
            ..ModifyMachine::default()
        };
        let e = check(&machine(MachineState::PoweredOff), &config(), &share).unwrap_err();
        assert!(e.to_string().contains("needs 'st' running"), "{e}");
        assert!(check(&machine(MachineState::Running), &config(), &share).is_ok());
    }

    #[test]
    fn a_disk_is_never_replaced_but_a_disc_may_be() {
        let off = machine(MachineState::PoweredOff);
        let held = |kind, medium: &str| MachineConfig {
            attachments: vec![StorageAttachment {
                slot: StorageSlot::new("IDE", 1, 0),
                kind,
                medium: Some(medium.into()),
                medium_id: Some("id".into()),
                size_bytes: None,
            }],
            ..config()
        };
        let e = check(&off, &held(StorageKind::Disk, "/d.vdi"), &iso("IDE", 1)).unwrap_err();
        assert!(
            e.to_string()
                .contains("holds the disk /d.vdi: detach it first"),
            "{e}"
        );
        assert!(check(&off, &held(StorageKind::Dvd, "/old.iso"), &iso("IDE", 1)).is_ok());
    }
}
