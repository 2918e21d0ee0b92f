//! The media registry: disk images with the parent/child relations of differencing images.
//!
//! Files are real but tiny placeholders, so deleting a machine visibly deletes its disks and
//! keeping them visibly keeps them.

use super::errors;
use super::machine::MachineRecord;
use super::new_uuid;
use crate::model::write_placeholder;
use serde::{Deserialize, Serialize};
use std::path::Path;
use vbox_types::{DeviceType, Medium, Result};

/// One registered hard disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MediumRecord {
    /// UUID.
    pub id: String,
    /// File path.
    pub location: String,
    /// `VDI`.
    pub format: String,
    /// Parent of a differencing image.
    #[serde(default)]
    pub parent: Option<String>,
    /// Logical size in bytes.
    pub logical_size: u64,
    /// An optical image (an ISO opened for a DVD drive), not a hard disk: listed by neither
    /// `list hdds` nor `IVirtualBox.hardDisks`.
    #[serde(default)]
    pub dvd: bool,
}

/// A hard disk attached to a controller port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Attachment {
    /// Controller name (`SATA`).
    pub controller: String,
    /// Port.
    pub port: u32,
    /// Device.
    pub device: u32,
    /// Medium id.
    pub medium: String,
}

/// Index of a medium.
pub(crate) fn find(media: &[MediumRecord], id: &str) -> Option<usize> {
    media.iter().position(|m| m.id == id)
}

/// A new base VDI at `location`.
pub(crate) fn create_base(
    media: &mut Vec<MediumRecord>,
    location: &Path,
    logical_size: u64,
) -> Result<String> {
    let id = new_uuid();
    write_placeholder(location, &format!("disk image {id}"))
        .map_err(|e| errors::file_error("Could not create the medium storage unit", location, e))?;
    media.push(MediumRecord {
        id: id.clone(),
        location: location.to_string_lossy().into_owned(),
        format: "VDI".to_string(),
        parent: None,
        logical_size,
        dvd: false,
    });
    Ok(id)
}

/// A new differencing image `<snapshot folder>/{uuid}.vdi` on top of `parent`, as VirtualBox
/// names them (fixture `disks-list-hdds-after-clones`).
pub(crate) fn create_diff(
    media: &mut Vec<MediumRecord>,
    parent: &str,
    snapshot_folder: &Path,
) -> Result<String> {
    let size = find(media, parent)
        .map(|i| media[i].logical_size)
        .unwrap_or(0);
    let id = new_uuid();
    let location = snapshot_folder.join(format!("{{{id}}}.vdi"));
    write_placeholder(&location, &format!("differencing image {id} of {parent}")).map_err(|e| {
        errors::file_error("Could not create the medium storage unit", &location, e)
    })?;
    media.push(MediumRecord {
        id: id.clone(),
        location: location.to_string_lossy().into_owned(),
        format: "VDI".to_string(),
        parent: Some(parent.to_string()),
        logical_size: size,
        dvd: false,
    });
    Ok(id)
}

/// Ids of the differencing images based on a medium.
pub(crate) fn children(media: &[MediumRecord], id: &str) -> Vec<String> {
    media
        .iter()
        .filter(|m| m.parent.as_deref() == Some(id))
        .map(|m| m.id.clone())
        .collect()
}

/// How many ancestors a medium has.
pub(crate) fn depth(media: &[MediumRecord], id: &str) -> usize {
    let mut d = 0;
    let mut cur = find(media, id).and_then(|i| media[i].parent.clone());
    while let Some(p) = cur {
        d += 1;
        cur = find(media, &p).and_then(|i| media[i].parent.clone());
        if d > 10_000 {
            break;
        }
    }
    d
}

/// Whether a machine uses a medium in its current state or any snapshot.
pub(crate) fn machine_uses(m: &MachineRecord, id: &str) -> bool {
    m.disks.iter().any(|a| a.medium == id)
        || m.snapshots
            .iter()
            .any(|s| s.disks.iter().any(|a| a.medium == id))
}

/// Every medium a machine uses, current state and snapshots, without duplicates.
pub(crate) fn used_by(m: &MachineRecord) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let all = m
        .disks
        .iter()
        .chain(m.snapshots.iter().flat_map(|s| s.disks.iter()));
    for a in all {
        if !out.contains(&a.medium) {
            out.push(a.medium.clone());
        }
    }
    out
}

/// The API form, with children and users.
pub(crate) fn to_medium(
    media: &[MediumRecord],
    machines: &[MachineRecord],
    rec: &MediumRecord,
) -> Medium {
    Medium {
        id: rec.id.clone(),
        location: rec.location.clone(),
        format: rec.format.clone(),
        device_type: if rec.dvd {
            DeviceType::Dvd
        } else {
            DeviceType::HardDisk
        },
        parent_id: rec.parent.clone(),
        child_ids: children(media, &rec.id),
        machine_ids: machines
            .iter()
            .filter(|m| machine_uses(m, &rec.id))
            .map(|m| m.id.clone())
            .collect(),
        logical_size: rec.logical_size,
    }
}

/// Close a medium and delete its file.
pub(crate) fn delete(media: &mut Vec<MediumRecord>, id: &str) -> Option<MediumRecord> {
    let i = find(media, id)?;
    let rec = media.remove(i);
    let _ = std::fs::remove_file(&rec.location);
    Some(rec)
}

/// Close a medium (forget it) and leave its file.
pub(crate) fn close(media: &mut Vec<MediumRecord>, id: &str) -> Option<MediumRecord> {
    let i = find(media, id)?;
    Some(media.remove(i))
}
