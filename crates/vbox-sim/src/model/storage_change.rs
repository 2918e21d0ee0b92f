//! The storage and shared-folder part of a [`ModifyMachine`] in one registry transaction, in
//! the order `VBoxManage` takes the steps: detach, attach (a missing controller added first,
//! a new disk created first), remove shares, add shares. A refused step undoes what the
//! transaction cannot (the controllers file and a new disk's file), so nothing changes.

use super::{shares, storage, Ctx, Registry};
use std::path::PathBuf;
use vbox_types::{
    MachineConfig, MediumSource, ModifyMachine, Result, StorageAttach, StorageAttachment,
    StorageBus, StorageController, StorageKind, StorageSlot,
};

/// Apply the storage and share steps of `change` to machine `i`.
pub(crate) fn apply(
    reg: &mut Registry,
    i: usize,
    change: &ModifyMachine,
    ctx: &Ctx<'_>,
) -> Result<()> {
    let table = std::fs::read(ctx.root.join(storage::CONTROLLERS_FILE)).ok();
    let mut made: Vec<PathBuf> = Vec::new();
    let result = steps(reg, i, change, ctx, &mut made);
    if result.is_err() {
        let path = ctx.root.join(storage::CONTROLLERS_FILE);
        let _ = match &table {
            Some(bytes) => std::fs::write(&path, bytes),
            None => std::fs::remove_file(&path),
        };
        for file in made {
            let _ = std::fs::remove_file(file);
        }
    }
    result
}

fn steps(
    reg: &mut Registry,
    i: usize,
    change: &ModifyMachine,
    ctx: &Ctx<'_>,
    made: &mut Vec<PathBuf>,
) -> Result<()> {
    for s in &change.storage_detached {
        storage::detach(reg, i, (&s.controller, s.port, s.device), ctx)?;
    }
    for a in &change.storage_attached {
        attach(reg, i, a, ctx, made)?;
    }
    for s in &change.shared_folders_removed {
        shares::remove(&mut reg.machines[i], &s.name, s.transient, ctx)?;
    }
    for s in &change.shared_folders_added {
        shares::add(&mut reg.machines[i], s, ctx)?;
    }
    if change.touches_storage_or_shares() {
        reg.touch(i);
    }
    Ok(())
}

fn attach(
    reg: &mut Registry,
    i: usize,
    a: &StorageAttach,
    ctx: &Ctx<'_>,
    made: &mut Vec<PathBuf>,
) -> Result<()> {
    let slot = (a.slot.controller.as_str(), a.slot.port, a.slot.device);
    // The medium first: a missing image leaves no controller behind.
    let medium = match (&a.source, a.kind) {
        (MediumSource::New { path, size_mb }, _) => {
            let location = ctx.root.join(path);
            let id = storage::create_medium(reg, &location, *size_mb)?;
            made.push(location);
            Some(id)
        }
        (MediumSource::Existing(path), StorageKind::Disk) => {
            Some(match storage::find_medium(reg, path, ctx.root) {
                Some(id) => id,
                None => storage::open_medium(reg, path, ctx.root, false)?,
            })
        }
        (MediumSource::Existing(path), _) => Some(path.clone()),
        (MediumSource::EmptyDrive, _) => None,
    };
    let m = &reg.machines[i];
    if !storage::controllers(ctx.root, m)
        .iter()
        .any(|c| c.name == a.slot.controller)
    {
        let bus = a.bus.unwrap_or_else(|| a.kind.default_bus());
        storage::add_controller(reg, i, &a.slot.controller, bus.manage_word(), None, ctx)?;
    }
    match a.kind {
        StorageKind::Disk => {
            let id = medium.unwrap_or_default();
            storage::attach(reg, i, slot, &id, ctx)
        }
        _ => storage::attach_dvd(reg, i, slot, medium.as_deref(), ctx),
    }
}

/// The controllers, attachments (with sizes from the media registry) and shares of machine
/// `i`, as backends report them in [`MachineConfig`].
pub(crate) fn report(reg: &Registry, i: usize, ctx: &Ctx<'_>, config: &mut MachineConfig) {
    let m = &reg.machines[i];
    config.controllers = storage::controllers(ctx.root, m)
        .iter()
        .map(|c| {
            let bus = StorageBus::parse(&c.bus).unwrap_or(StorageBus::Sata);
            StorageController {
                name: c.name.clone(),
                bus,
                controller_type: c.kind.clone(),
                port_count: c.ports,
                max_port_count: storage::limits(c).0,
            }
        })
        .collect();
    let medium = |id: &str| reg.media.iter().find(|x| x.id == id);
    let mut attachments: Vec<StorageAttachment> = m
        .disks
        .iter()
        .map(|d| StorageAttachment {
            slot: StorageSlot::new(&d.controller, d.port, d.device),
            kind: StorageKind::Disk,
            medium: medium(&d.medium).map(|x| x.location.clone()),
            medium_id: Some(d.medium.clone()),
            size_bytes: medium(&d.medium).map(|x| x.logical_size),
        })
        .collect();
    attachments.extend(m.hw.config.drives.iter().map(|d| {
        let image = d.medium.as_deref().and_then(medium);
        StorageAttachment {
            slot: StorageSlot::new(&d.controller, d.port, d.device),
            kind: StorageKind::Dvd,
            medium: image.map(|x| x.location.clone()),
            medium_id: d.medium.clone(),
            size_bytes: image.map(|x| x.logical_size),
        }
    }));
    attachments.sort_by(|a, b| a.slot.cmp(&b.slot));
    config.attachments = attachments;
    config.shared_folders = shares::list(m);
}
