//! Storage set up piece by piece, as `createmedium`, `storagectl` and `storageattach` do it:
//! new base images, storage controllers, and hard disks attached to a controller's port.
//!
//! Machine records keep only their disk attachments (each names its controller), which is
//! all clones and snapshots need. The controllers themselves (bus, type, port count) are
//! kept in `storage.json` next to the registry, read and written inside the registry's
//! transaction; a controller some attachment names but the file does not (a clone's) counts
//! as a SATA controller.

use super::machine::MachineRecord;
use super::media::{self, Attachment};
use super::{errors, parse_uuid, session, Ctx, Registry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use vbox_types::{Error, MachineState, Result, ResultCode};

/// The file with the controllers, in the state directory.
pub(crate) const CONTROLLERS_FILE: &str = "storage.json";

/// One storage controller of a machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ControllerRecord {
    /// Name (`SATA`).
    pub name: String,
    /// Bus (`storagectl --add` word: `sata`, `ide`, …).
    pub bus: String,
    /// `StorageControllerType` (`IntelAhci`).
    pub kind: String,
    /// Active ports.
    pub ports: u32,
}

/// A bus: its `--add` word, default controller type, the types it allows, port limits
/// (min, max, default) and devices per port.
struct Bus {
    word: &'static str,
    types: &'static [&'static str],
    ports: (u32, u32, u32),
    devices: u32,
}

const BUSES: &[Bus] = &[
    Bus {
        word: "ide",
        types: &["PIIX4", "PIIX3", "ICH6"],
        ports: (2, 2, 2),
        devices: 2,
    },
    Bus {
        word: "sata",
        types: &["IntelAhci"],
        ports: (1, 30, 30),
        devices: 1,
    },
    Bus {
        word: "scsi",
        types: &["LsiLogic", "BusLogic"],
        ports: (16, 16, 16),
        devices: 1,
    },
    Bus {
        word: "sas",
        types: &["LsiLogicSas"],
        ports: (1, 255, 8),
        devices: 1,
    },
    Bus {
        word: "floppy",
        types: &["I82078"],
        ports: (1, 1, 1),
        devices: 2,
    },
    Bus {
        word: "usb",
        types: &["USB"],
        ports: (8, 8, 8),
        devices: 1,
    },
    Bus {
        word: "pcie",
        types: &["NVMe"],
        ports: (1, 255, 1),
        devices: 1,
    },
    Bus {
        word: "virtio",
        types: &["VirtioSCSI"],
        ports: (1, 256, 1),
        devices: 1,
    },
];

fn bus(word: &str) -> Option<&'static Bus> {
    BUSES.iter().find(|b| b.word.eq_ignore_ascii_case(word))
}

/// The `--controller` type of a bus, in VirtualBox's spelling; `None` if the bus does not
/// take that type.
pub(crate) fn controller_type(bus_word: &str, kind: &str) -> Option<&'static str> {
    bus(bus_word)?
        .types
        .iter()
        .copied()
        .find(|t| t.eq_ignore_ascii_case(kind))
}

/// Whether `--add` names a bus.
pub(crate) fn is_bus(word: &str) -> bool {
    bus(word).is_some()
}

type Table = BTreeMap<String, Vec<ControllerRecord>>;

fn load(root: &Path) -> Table {
    std::fs::read_to_string(root.join(CONTROLLERS_FILE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Save, forgetting machines that are gone.
fn save(root: &Path, reg: &Registry, mut table: Table) -> Result<()> {
    table.retain(|id, _| reg.machines.iter().any(|m| &m.id == id));
    let path = root.join(CONTROLLERS_FILE);
    let tmp = root.join(format!(".{CONTROLLERS_FILE}.tmp-{}", std::process::id()));
    let text = serde_json::to_string_pretty(&table).unwrap_or_default();
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| errors::file_error("Could not write", &path, e))
}

/// Give machine `to` the recorded controllers of `from` (a clone's).
pub(crate) fn copy_controllers(reg: &Registry, from: &str, to: &str, root: &Path) -> Result<()> {
    let mut table = load(root);
    let Some(list) = table.get(from).cloned() else {
        return Ok(());
    };
    table.insert(to.to_string(), list);
    save(root, reg, table)
}

/// The controllers set up for a machine (`storagectl`, `addStorageController`), without
/// those only its attachments name.
pub(crate) fn recorded(root: &Path, m: &MachineRecord) -> Vec<ControllerRecord> {
    load(root).remove(&m.id).unwrap_or_default()
}

/// A machine's controllers: those set up, then those only its attachments name.
pub(crate) fn controllers(root: &Path, m: &MachineRecord) -> Vec<ControllerRecord> {
    let mut out = load(root).remove(&m.id).unwrap_or_default();
    for a in &m.disks {
        if !out.iter().any(|c| c.name == a.controller) {
            out.push(ControllerRecord {
                name: a.controller.clone(),
                bus: "sata".to_string(),
                kind: "IntelAhci".to_string(),
                ports: 30,
            });
        }
    }
    // A clone's optical drives name controllers it has no record of: the IDE they were on.
    for d in &m.hw.config.drives {
        if !out.iter().any(|c| c.name == d.controller) {
            out.push(ControllerRecord {
                name: d.controller.clone(),
                bus: "ide".to_string(),
                kind: "PIIX4".to_string(),
                ports: 2,
            });
        }
    }
    out
}

/// The bus word, type, port count and maximum of a controller (`showvminfo`'s
/// `storagecontrollertype`, `…portcount`, `…maxportcount`), and its devices per port.
pub(crate) fn limits(c: &ControllerRecord) -> (u32, u32) {
    bus(&c.bus).map_or((30, 1), |b| (b.ports.1, b.devices))
}

fn not_found(name: &str) -> Error {
    Error::from_code(
        ResultCode::OBJECT_NOT_FOUND,
        format!("Could not find a storage controller named '{name}'"),
    )
}

/// Settings changes need the write lock and a mutable state.
fn check_mutable(m: &MachineRecord, now: i64) -> Result<()> {
    session::check_write(m, now)?;
    if matches!(m.state, MachineState::Saved | MachineState::AbortedSaved) {
        return Err(errors::not_mutable(m.state));
    }
    Ok(())
}

/// `IMachine::addStorageController` (with the type and port count `storagectl` sets).
pub(crate) fn add_controller(
    reg: &mut Registry,
    i: usize,
    name: &str,
    bus_word: &str,
    kind: Option<&str>,
    ctx: &Ctx<'_>,
) -> Result<()> {
    let m = &reg.machines[i];
    check_mutable(m, ctx.now)?;
    let b =
        bus(bus_word).ok_or_else(|| errors::invalid_arg(format!("Invalid bus '{bus_word}'")))?;
    if name.is_empty() {
        return Err(errors::invalid_arg(
            "Storage controller name must not be empty",
        ));
    }
    if controllers(ctx.root, m).iter().any(|c| c.name == name) {
        return Err(Error::from_code(
            ResultCode::OBJECT_IN_USE,
            format!("Storage controller named '{name}' already exists"),
        ));
    }
    let kind = match kind {
        Some(k) => controller_type(b.word, k).ok_or_else(|| {
            errors::invalid_arg(format!(
                "Invalid storage controller type '{k}' for bus '{}'",
                b.word
            ))
        })?,
        None => b.types[0],
    };
    let mut table = load(ctx.root);
    table
        .entry(m.id.clone())
        .or_default()
        .push(ControllerRecord {
            name: name.to_string(),
            bus: b.word.to_string(),
            kind: kind.to_string(),
            ports: b.ports.2,
        });
    save(ctx.root, reg, table)
}

/// `IStorageController::portCount`.
pub(crate) fn set_port_count(
    reg: &mut Registry,
    i: usize,
    name: &str,
    ports: u32,
    ctx: &Ctx<'_>,
) -> Result<()> {
    let m = &reg.machines[i];
    check_mutable(m, ctx.now)?;
    let mut table = load(ctx.root);
    let list = table
        .entry(m.id.clone())
        .or_insert_with(|| controllers(ctx.root, m));
    let c = list
        .iter_mut()
        .find(|c| c.name == name)
        .ok_or_else(|| not_found(name))?;
    let (min, max, _) = bus(&c.bus).map_or((1, 30, 30), |b| b.ports);
    if !(min..=max).contains(&ports) {
        return Err(errors::invalid_arg(format!(
            "Invalid port count: {ports} (must be in range [{min}, {max}])"
        )));
    }
    c.ports = ports;
    save(ctx.root, reg, table)
}

/// `IMachine::removeStorageController`: its attachments go with it.
pub(crate) fn remove_controller(
    reg: &mut Registry,
    i: usize,
    name: &str,
    ctx: &Ctx<'_>,
) -> Result<()> {
    check_mutable(&reg.machines[i], ctx.now)?;
    let mut table = load(ctx.root);
    let m = &mut reg.machines[i];
    let mut list = controllers(ctx.root, m);
    let before = list.len();
    list.retain(|c| c.name != name);
    if list.len() == before {
        return Err(not_found(name));
    }
    m.disks.retain(|a| a.controller != name);
    table.insert(m.id.clone(), list);
    reg.touch(i);
    save(ctx.root, reg, table)
}

/// `IMachine::attachDevice` of a hard disk (`storageattach --type hdd --medium <file|uuid>`),
/// replacing what was attached there. An image that is not registered yet is opened.
pub(crate) fn attach(
    reg: &mut Registry,
    i: usize,
    slot: (&str, u32, u32),
    medium: &str,
    ctx: &Ctx<'_>,
) -> Result<()> {
    let (controller, port, device) = slot;
    check_mutable(&reg.machines[i], ctx.now)?;
    let id = match find_medium(reg, medium, ctx.root) {
        Some(id) => id,
        None => open_medium(reg, medium, ctx.root, false)?,
    };
    fit_slot(reg, i, slot, ctx)?;
    let m = &mut reg.machines[i];
    if m.disks.iter().any(|a| {
        a.medium == id && (a.controller != controller || a.port != port || a.device != device)
    }) {
        return Err(Error::from_code(
            ResultCode::OBJECT_IN_USE,
            format!("Medium '{medium}' is already attached to this virtual machine"),
        ));
    }
    empty_slot(m, slot);
    m.disks.push(Attachment {
        controller: controller.to_string(),
        port,
        device,
        medium: id,
    });
    reg.touch(i);
    Ok(())
}

/// `IMachine::detachDevice` (`storageattach --medium none`).
pub(crate) fn detach(
    reg: &mut Registry,
    i: usize,
    slot: (&str, u32, u32),
    ctx: &Ctx<'_>,
) -> Result<()> {
    let (controller, port, device) = slot;
    check_mutable(&reg.machines[i], ctx.now)?;
    check_slot(ctx.root, &reg.machines[i], slot)?;
    let m = &mut reg.machines[i];
    if !empty_slot(m, slot) {
        return Err(Error::from_code(
            ResultCode::OBJECT_NOT_FOUND,
            format!("No storage device attached to device slot {device} on port {port} of controller '{controller}'"),
        ));
    }
    reg.touch(i);
    Ok(())
}

/// Take whatever sits in `slot` (a disk or a drive) off machine `m`; whether there was one.
fn empty_slot(m: &mut MachineRecord, (controller, port, device): (&str, u32, u32)) -> bool {
    let at = |c: &str, p: u32, d: u32| c == controller && p == port && d == device;
    let before = m.disks.len() + m.hw.config.drives.len();
    m.disks.retain(|a| !at(&a.controller, a.port, a.device));
    m.hw.config
        .drives
        .retain(|d| !at(&d.controller, d.port, d.device));
    m.disks.len() + m.hw.config.drives.len() != before
}

fn check_slot(
    root: &Path,
    m: &MachineRecord,
    (controller, port, device): (&str, u32, u32),
) -> Result<ControllerRecord> {
    let c = controllers(root, m)
        .into_iter()
        .find(|c| c.name == controller)
        .ok_or_else(|| not_found(controller))?;
    let (max, devices) = limits(&c);
    // The bus's maximum is the limit, not the port count (real 7.2.22: `port=30 (must be in
    // range [0, 29])` on a SATA controller of 1 port).
    if port >= max || device >= devices {
        return Err(errors::invalid_arg(format!(
            "The port and/or device parameter are out of range: port={port} (must be in range [0, {}]), device={device} (must be in range [0, {}])",
            max - 1,
            devices - 1
        )));
    }
    Ok(c)
}

/// Check the slot and grow the controller's port count to reach it, as `storageattach` to
/// a port beyond the count does (real 7.2.22: port 3 of a 1-port SATA controller makes 4).
fn fit_slot(reg: &mut Registry, i: usize, slot: (&str, u32, u32), ctx: &Ctx<'_>) -> Result<()> {
    let c = check_slot(ctx.root, &reg.machines[i], slot)?;
    if slot.1 < c.ports {
        return Ok(());
    }
    let m = &reg.machines[i];
    let mut table = load(ctx.root);
    let list = table
        .entry(m.id.clone())
        .or_insert_with(|| controllers(ctx.root, m));
    if let Some(c) = list.iter_mut().find(|c| c.name == slot.0) {
        c.ports = slot.1 + 1;
    }
    save(ctx.root, reg, table)
}

/// A registered medium by UUID or location (relative locations are relative to `root`).
pub(crate) fn find_medium(reg: &Registry, medium: &str, root: &Path) -> Option<String> {
    if let Some(id) = parse_uuid(medium) {
        return reg.media.iter().find(|m| m.id == id).map(|m| m.id.clone());
    }
    let path = root.join(medium);
    reg.media
        .iter()
        .find(|m| Path::new(&m.location) == path)
        .map(|m| m.id.clone())
}

/// `IVirtualBox::openMedium` of an image file that exists but is not registered; an
/// optical image must carry an ISO 9660 volume descriptor (`CD001` at byte 32769), as the
/// real 7.2.22 host refuses any other file ("Could not get the storage format").
pub(crate) fn open_medium(
    reg: &mut Registry,
    medium: &str,
    root: &Path,
    dvd: bool,
) -> Result<String> {
    let path = root.join(medium);
    if parse_uuid(medium).is_some() || !path.is_file() {
        return Err(Error::from_code(
            ResultCode::FILE_ERROR,
            format!(
                "Could not find file for the medium '{}' (VERR_FILE_NOT_FOUND)",
                path.display()
            ),
        ));
    }
    let bytes = std::fs::read(&path).unwrap_or_default();
    if dvd && bytes.get(32769..32774) != Some(b"CD001".as_slice()) {
        return Err(Error::from_code(
            ResultCode::IPRT_ERROR,
            format!(
                "Could not get the storage format of the medium '{}' (VERR_NOT_SUPPORTED)",
                path.display()
            ),
        ));
    }
    let id = super::new_uuid();
    reg.media.push(media::MediumRecord {
        id: id.clone(),
        location: path.to_string_lossy().into_owned(),
        format: if dvd { "RAW" } else { "VDI" }.to_string(),
        parent: None,
        logical_size: if dvd { bytes.len() as u64 } else { 0 },
        dvd,
    });
    Ok(id)
}

/// `IMachine::attachDevice` of an optical drive, empty (`medium` `None`) or with an image
/// (file or UUID; opened when not registered). Unlike a disk, one image may sit in several
/// drives of a machine (real 7.2.22: an ISO in IDE 1:0 attached again to SATA 2:0).
pub(crate) fn attach_dvd(
    reg: &mut Registry,
    i: usize,
    slot: (&str, u32, u32),
    medium: Option<&str>,
    ctx: &Ctx<'_>,
) -> Result<()> {
    let (controller, port, device) = slot;
    check_mutable(&reg.machines[i], ctx.now)?;
    let id = match medium {
        None => None,
        Some(m) => Some(match find_medium(reg, m, ctx.root) {
            Some(id) => id,
            None => open_medium(reg, m, ctx.root, true)?,
        }),
    };
    fit_slot(reg, i, slot, ctx)?;
    let m = &mut reg.machines[i];
    empty_slot(m, slot);
    m.hw.config.drives.push(super::config::DriveRecord {
        controller: controller.to_string(),
        port,
        device,
        medium: id,
    });
    reg.touch(i);
    Ok(())
}

/// `IVirtualBox::createMedium` + `createBaseStorage`: a new, unattached base VDI. A file
/// that exists refuses (VD's `VERR_ALREADY_EXISTS`).
pub(crate) fn create_medium(reg: &mut Registry, location: &Path, size_mb: u64) -> Result<String> {
    let taken = reg.media.iter().any(|m| Path::new(&m.location) == location);
    if taken || location.exists() {
        let shown = location.display();
        return Err(Error::from_code(
            ResultCode::FILE_ERROR,
            format!(
                "Could not create the medium storage unit '{shown}'.\nVD: error VERR_ALREADY_EXISTS (-105) creating image file '{shown}'"
            ),
        ));
    }
    media::create_base(&mut reg.media, location, size_mb * 1024 * 1024)
}
