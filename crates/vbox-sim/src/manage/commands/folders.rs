//! What `createvm`, `clonevm` and `modifyvm` do to a new or renamed machine beyond the
//! model: `--basefolder` and `--name` put the folder and settings file somewhere other than
//! where the model created them (VirtualBox renames the folder and the `.vbox` file when it
//! saves the settings of a renamed machine whose folder carries its name), `--uuid` fixes
//! the id, and without `--register` the machine exists only as its files.

use crate::model::machine::{machine_folder, path_string, safe_file_name, MachineRecord};
use crate::model::media::{self, MediumRecord};
use crate::model::{errors, parse_uuid, Registry};
use std::path::{Path, PathBuf};
use vbox_types::{Error, Result, ResultCode};

/// Where a new machine goes and whether it is registered: the `--basefolder`, `--uuid` and
/// `--register` options `createvm` and `clonevm` share.
#[derive(Debug, Default)]
pub(crate) struct Placement {
    pub base_folder: Option<PathBuf>,
    pub uuid: Option<String>,
    pub register: bool,
}

impl Placement {
    /// Take `key` if it is one of these options: `None` when it is not, `Some(Err(value))`
    /// for a value that is not a UUID.
    pub(crate) fn take(&mut self, key: &str, value: &str) -> Option<Result<(), String>> {
        match key {
            "--basefolder" => self.base_folder = Some(PathBuf::from(value)),
            "--register" => self.register = true,
            "--uuid" => match parse_uuid(value) {
                Some(u) => self.uuid = Some(u),
                None => return Some(Err(value.to_string())),
            },
            _ => return None,
        }
        Some(Ok(()))
    }
}

/// The folder of machine `name` under a base folder instead of the default machine folder:
/// `<base>/<primary group path>/<name>` (`ComposeMachineFilename`).
pub(crate) fn folder_in(base: &Path, groups: &[String], name: &str) -> PathBuf {
    let composed = machine_folder(Path::new(""), groups, name);
    base.join(composed.strip_prefix("machines").unwrap_or(&composed))
}

/// `<folder>/<safe name>.vbox`.
pub(crate) fn settings_in(folder: &Path, name: &str) -> PathBuf {
    folder.join(format!("{}.vbox", safe_file_name(name)))
}

/// Move machine `m` to `folder` (its settings file becomes `<folder>/<name>.vbox`), updating
/// every path under the old folder: saved states and the images stored there.
pub(crate) fn relocate(
    m: &mut MachineRecord,
    media: &mut [MediumRecord],
    folder: &Path,
) -> Result<()> {
    let settings = settings_in(folder, &m.name);
    let (old_folder, old_settings) = (PathBuf::from(&m.folder), PathBuf::from(&m.settings_file));
    if settings == old_settings {
        return Ok(());
    }
    if settings.exists() {
        return Err(errors::settings_exist(&path_string(&settings)));
    }
    if folder != old_folder {
        if let Some(parent) = folder.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| errors::file_error("Could not create the folder", parent, e))?;
        }
        if old_folder.exists() {
            std::fs::rename(&old_folder, folder)
                .map_err(|e| errors::file_error("Could not move the machine folder", folder, e))?;
        }
    }
    // The old settings file moved along with the folder; the store writes the new one.
    if let Ok(rest) = old_settings.strip_prefix(&old_folder) {
        let _ = std::fs::remove_file(folder.join(rest));
    }
    let new_prefix = path_string(folder);
    let old_prefix = path_string(&old_folder);
    let moved = |p: &mut String| {
        if let Some(rest) = p.strip_prefix(&old_prefix) {
            if rest.starts_with(std::path::MAIN_SEPARATOR) {
                *p = format!("{new_prefix}{rest}");
            }
        }
    };
    m.state_file.iter_mut().for_each(moved);
    for s in m.snapshots.iter_mut() {
        s.state_file.iter_mut().for_each(moved);
    }
    media.iter_mut().for_each(|md| moved(&mut md.location));
    m.folder = new_prefix;
    m.settings_file = path_string(&settings);
    Ok(())
}

/// `--uuid`: the new machine `i` takes this id (and hardware UUID), unless it is taken.
pub(crate) fn assign_uuid(reg: &mut Registry, i: usize, uuid: &str, root: &Path) -> Result<()> {
    if reg.machines.iter().any(|m| m.id == uuid) {
        return Err(Error::from_code(
            ResultCode::FILE_ERROR,
            format!("A machine with UUID {{{uuid}}} is already registered"),
        ));
    }
    let m = &mut reg.machines[i];
    let old = std::mem::replace(&mut m.id, uuid.to_string());
    m.hardware_uuid = uuid.to_string();
    // Its controllers are kept by id: they follow it.
    crate::model::storage::copy_controllers(reg, &old, uuid, root)
}

/// No `--register`: the new machine `i` leaves the registry and exists only as its files.
/// Its new images leave too: they are in its own media registry, which nobody has loaded.
pub(crate) fn leave_unregistered(reg: &mut Registry, i: usize) -> Result<()> {
    let m = reg.machines.remove(i);
    reg.touched.remove(&m.id);
    for id in media::used_by(&m) {
        if !reg.machines.iter().any(|o| media::machine_uses(o, &id)) {
            media::close(&mut reg.media, &id);
        }
    }
    let path = Path::new(&m.settings_file);
    let text = crate::model::vbox_file::render(&m);
    std::fs::write(path, text)
        .map_err(|e| errors::file_error("Could not write the settings file", path, e))
}
