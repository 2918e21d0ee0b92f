//! A profile's `storage` and `shared_folders` (arrays of tables), beside `nics` and
//! `forwarded_ports` of [`crate::settings`].
//!
//! ```toml
//! [[profiles.web.storage]]        # a new 10 GB disk on SATA port 1 (made when empty)
//! slot = "SATA:1:0"
//! size = 10240
//! [[profiles.web.storage]]        # an ISO in the IDE secondary master
//! slot = "IDE:1:0"
//! type = "dvd"
//! file = "/isos/tools.iso"
//!
//! [[profiles.web.shared_folders]] # the whole list of permanent shares
//! name = "code"
//! host_path = "/home/me/code"
//! auto_mount = true
//! ```

use crate::diagnostic::Result;
use crate::reader::Table;
use vbox_ops::fleet::converge_storage::{StorageSpec, StorageWant};
use vbox_ops::fleet::MachineSpec;
use vbox_types::{SharedFolder, StorageBus, StorageKind, StorageSlot};

/// The keys of a `storage` entry.
pub const STORAGE_KEYS: &[&str] = &["slot", "type", "file", "size", "path", "bus", "empty"];
/// The keys of a `shared_folders` entry.
pub const SHARE_KEYS: &[&str] = &[
    "name",
    "host_path",
    "read_only",
    "auto_mount",
    "mount_point",
];

/// Read `storage` and `shared_folders` into `spec`.
pub(crate) fn parse_storage_keys(table: &Table<'_>, spec: &mut MachineSpec) -> Result<()> {
    if table.table.get("storage").is_some() {
        let mut out: Vec<StorageSpec> = Vec::new();
        for t in crate::settings::empty_or_tables(table, "storage")? {
            let s = parse_storage(&t)?;
            if out.iter().any(|o| o.slot == s.slot) {
                return Err(t.error("slot", format!("slot {} is listed twice", s.slot), None));
            }
            out.push(s);
        }
        spec.storage = Some(out);
    }
    if table.table.get("shared_folders").is_some() {
        let mut out: Vec<SharedFolder> = Vec::new();
        for t in crate::settings::empty_or_tables(table, "shared_folders")? {
            let s = parse_share(&t)?;
            if out.iter().any(|o| o.name == s.name) {
                return Err(t.error(
                    "name",
                    format!("a second shared folder named \"{}\"", s.name),
                    None,
                ));
            }
            out.push(s);
        }
        spec.shared_folders = Some(out);
    }
    Ok(())
}

fn parse_storage(t: &Table<'_>) -> Result<StorageSpec> {
    t.check_keys(STORAGE_KEYS, |_| None)?;
    let slot_text =
        t.required_string("slot", "slot (CONTROLLER:PORT:DEVICE, e.g. \"SATA:1:0\")")?;
    let slot = parse_slot(&slot_text.value).ok_or_else(|| {
        t.error(
            "slot",
            format!("\"{}\" is not CONTROLLER:PORT:DEVICE", slot_text.value),
            Some("for example \"SATA:1:0\" or \"IDE:1:0\"".into()),
        )
    })?;
    // `type = "none"`: the slot is to be empty.
    let (kind, nothing) = match t.string("type")? {
        None => (StorageKind::Disk, false),
        Some(s) if s.value.trim().eq_ignore_ascii_case("none") => (StorageKind::Disk, true),
        Some(s) => match StorageKind::parse(&s.value) {
            Some(k @ (StorageKind::Disk | StorageKind::Dvd)) => (k, false),
            _ => {
                return Err(t.error(
                    "type",
                    format!(
                        "illegal value \"{}\"; legal values are: disk, dvd, none",
                        s.value
                    ),
                    None,
                ))
            }
        },
    };
    let bus = match t.string("bus")? {
        None => None,
        Some(s) => Some(StorageBus::parse(&s.value).ok_or_else(|| {
            t.error(
                "bus",
                format!(
                    "unknown bus \"{}\"; known: ide, sata, scsi, sas, floppy, usb, pcie, virtio",
                    s.value
                ),
                None,
            )
        })?),
    };
    let file = t.string("file")?.map(|s| s.value);
    let size = t.integer("size", 1..=i64::MAX, "a size in MB")?;
    let path = t.string("path")?.map(|s| s.value);
    let empty = t.bool("empty")?.unwrap_or(false);
    if path.is_some() && size.is_none() {
        return Err(t.error("path", "path is where a new disk goes: it needs size", None));
    }
    let want = match (file, size, empty) {
        (None, None, false) if nothing => StorageWant::Nothing,
        (Some(f), None, false) if !nothing => StorageWant::Image(f),
        (None, Some(mb), false) if kind == StorageKind::Disk && !nothing => {
            StorageWant::NewDisk {
                size_mb: mb as u64,
                path,
            }
        }
        (None, None, true) if kind == StorageKind::Dvd => StorageWant::EmptyDrive,
        _ => {
            return Err(t.error(
                "slot",
                "give one of file = \"…\" (an image), size = MB (a new disk), empty = true with type = \"dvd\" (an empty drive), or type = \"none\" alone (an empty slot)",
                None,
            ))
        }
    };
    Ok(StorageSpec {
        slot,
        kind,
        want,
        bus,
    })
}

/// `CONTROLLER:PORT:DEVICE`; the controller name may hold colons.
fn parse_slot(s: &str) -> Option<StorageSlot> {
    let mut parts = s.rsplitn(3, ':');
    let device = parts.next()?.trim().parse().ok()?;
    let port = parts.next()?.trim().parse().ok()?;
    let controller = parts.next().filter(|c| !c.is_empty())?;
    Some(StorageSlot::new(controller, port, device))
}

fn parse_share(t: &Table<'_>) -> Result<SharedFolder> {
    t.check_keys(SHARE_KEYS, |_| None)?;
    let name = t.required_string("name", "name (the share's name in the guest)")?;
    let host_path = t.required_string("host_path", "host_path (an absolute folder of the host)")?;
    if name.value.trim().is_empty() {
        return Err(t.error("name", "a share needs a non-empty name", None));
    }
    Ok(SharedFolder {
        name: name.value,
        host_path: host_path.value,
        read_only: t.bool("read_only")?.unwrap_or(false),
        auto_mount: t.bool("auto_mount")?.unwrap_or(false),
        mount_point: t
            .string("mount_point")?
            .map(|s| s.value)
            .unwrap_or_default(),
        transient: false,
    })
}
