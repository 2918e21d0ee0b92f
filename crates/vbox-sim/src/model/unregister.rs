//! `IMachine::unregister` + `deleteConfig`.
//!
//! Reproduces the real half-way failure (7.0.14 `disks-unregistervm-base-delete-with-linked-
//! children`): the machine is unregistered first, then the returned media are deleted in
//! order, children before parents; a medium that still has differencing children (a linked
//! clone's disk) stops the deletion with VBOX_E_OBJECT_IN_USE, and the machine stays
//! unregistered with its folder and `.vbox` file left on disk. Careful callers check for child
//! media before they unregister.
//!
//! Media live in the registries of the machines that use them, their parent chains included
//! (`Machine::i_addMediumToRegistry`); unregistering a machine closes what its registry holds
//! unless it is still in use or has children (`VirtualBox::i_unregisterMachineMedia`). So a
//! template's image left registered by the half-way failure is closed with the last linked
//! clone on it (`disks-list-hdds-after-children-delete` of 7.0.14 and 7.2.22: only
//! `full1.vdi` is left).

use super::machine::MachineRecord;
use super::media;
use super::session;
use super::{errors, Ctx, Registry};
use std::path::Path;
use vbox_types::{
    ApiVersion, CleanupMode, Error, Medium, Result, ResultCode, Unregister, UnregisterReport,
};

/// Unregister machine `idx` (and delete its files when asked).
pub(crate) fn unregister(
    reg: &mut Registry,
    idx: usize,
    how: &Unregister,
    ctx: &Ctx<'_>,
) -> Result<UnregisterReport> {
    let m = &reg.machines[idx];
    if how.cleanup == CleanupMode::DetachAllReturnHardDisksAndVMRemovable
        && ctx.api() < ApiVersion::V7_0
    {
        return Err(Error::from_code(
            ResultCode::NOT_SUPPORTED,
            format!(
                "CleanupMode DetachAllReturnHardDisksAndVMRemovable needs VirtualBox 7.0 or later (this host has API {})",
                ctx.api()
            ),
        ));
    }
    session::check_unregister(m, ctx.now)?;
    if how.cleanup == CleanupMode::UnregisterOnly {
        if !m.snapshots.is_empty() {
            return Err(Error::from_code(
                ResultCode::INVALID_OBJECT_STATE,
                format!(
                    "Cannot unregister the machine '{}' because it has {} snapshots",
                    m.name,
                    m.snapshots.len()
                ),
            ));
        }
        if !m.disks.is_empty() {
            return Err(Error::from_code(
                ResultCode::INVALID_OBJECT_STATE,
                format!(
                    "Cannot unregister the machine '{}' because it has {} storage attachments",
                    m.name,
                    m.disks.len()
                ),
            ));
        }
    }
    let machine_id = m.id.clone();
    let ancestors = ancestors_of_used(&reg.media, m);
    // The media this machine uses; those another machine uses too are only detached.
    let mut own: Vec<String> = media::used_by(m)
        .into_iter()
        .filter(|id| {
            !reg.machines
                .iter()
                .any(|o| o.id != machine_id && media::machine_uses(o, id))
        })
        .collect();
    let shared: Vec<String> = media::used_by(m)
        .into_iter()
        .filter(|id| !own.contains(id))
        .collect();
    // Children before parents, so that a machine's own chains can be deleted in order.
    own.sort_by_key(|id| std::cmp::Reverse(media::depth(&reg.media, id)));
    let returned = match how.cleanup {
        CleanupMode::UnregisterOnly | CleanupMode::DetachAllReturnNone => Vec::new(),
        _ => own.clone(),
    };
    let snapshot = |reg: &Registry, id: &str| -> Option<Medium> {
        media::find(&reg.media, id)
            .map(|i| media::to_medium(&reg.media, &reg.machines, &reg.media[i]))
    };
    let mut report = UnregisterReport::default();
    for id in shared
        .iter()
        .chain(own.iter().filter(|id| !returned.contains(id)))
    {
        if let Some(md) = snapshot(reg, id) {
            report.kept_media.push(md);
        }
    }
    let machine = reg.machines.remove(idx);
    reg.touched.remove(&machine.id);
    release_leases(reg, &machine);

    if !how.delete_files {
        // `unregistervm` without --delete closes the returned media; the files stay.
        for id in &returned {
            let md = snapshot(reg, id);
            if media::children(&reg.media, id).is_empty() {
                media::close(&mut reg.media, id);
            }
            report.kept_media.extend(md);
        }
        close_unused(reg, &ancestors);
        return Ok(report);
    }

    for id in &returned {
        let Some(md) = snapshot(reg, id) else {
            continue;
        };
        if how.keep_media.contains(id) {
            if media::children(&reg.media, id).is_empty() {
                media::close(&mut reg.media, id);
            }
            report.kept_media.push(md);
            continue;
        }
        let kids = media::children(&reg.media, id);
        if !kids.is_empty() {
            return Err(errors::medium_has_children(&md.location, kids.len()));
        }
        media::delete(&mut reg.media, id);
        report.deleted_media.push(md);
    }
    close_unused(reg, &ancestors);
    // deleteConfig: saved states, the settings file, then the folder if nothing else is in it.
    let folder = Path::new(&machine.folder);
    let mut files: Vec<String> = Vec::new();
    files.extend(machine.state_file.clone());
    files.extend(
        machine
            .snapshots
            .iter()
            .filter_map(|s| s.state_file.clone()),
    );
    files.push(machine.settings_file.clone());
    files.push(format!("{}-prev", machine.settings_file));
    for f in files {
        let _ = std::fs::remove_file(f);
    }
    for sub in ["Snapshots", "Logs"] {
        let _ = std::fs::remove_dir(folder.join(sub));
    }
    let _ = std::fs::remove_dir(folder);
    Ok(report)
}

/// The parents (and their parents) of the media a machine uses, deepest first: they are in
/// its media registry too.
fn ancestors_of_used(media: &[media::MediumRecord], m: &MachineRecord) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in media::used_by(m) {
        let mut cur = media::find(media, &id).and_then(|i| media[i].parent.clone());
        while let Some(p) = cur {
            if !out.contains(&p) {
                out.push(p.clone());
            }
            cur = media::find(media, &p).and_then(|i| media[i].parent.clone());
        }
    }
    out.sort_by_key(|id| std::cmp::Reverse(media::depth(media, id)));
    out
}

/// Close (files stay) those of `ids` that are still registered, have no children and no
/// machine uses any more.
fn close_unused(reg: &mut Registry, ids: &[String]) {
    for id in ids {
        let unused = media::find(&reg.media, id).is_some()
            && media::children(&reg.media, id).is_empty()
            && !reg.machines.iter().any(|o| media::machine_uses(o, id));
        if unused {
            media::close(&mut reg.media, id);
        }
    }
}

/// The DHCP servers forget a machine that is gone, so that its addresses can be handed out
/// again (a host-only network has only 154 of them).
fn release_leases(reg: &mut Registry, m: &super::machine::MachineRecord) {
    let macs: Vec<&str> =
        m.hw.adapters
            .iter()
            .chain(m.snapshots.iter().flat_map(|s| s.hw.adapters.iter()))
            .map(|a| a.mac_address.as_str())
            .collect();
    let nat_prefix = format!("nat:{}:", m.id);
    reg.leases.retain(|pool, _| !pool.starts_with(&nat_prefix));
    for table in reg.leases.values_mut() {
        table.retain(|mac, _| !macs.contains(&mac.as_str()));
    }
    reg.leases.retain(|_, table| !table.is_empty());
}
