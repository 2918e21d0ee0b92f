//! The connection used when none is named: the local VirtualBox when there is one, else the
//! simulator — and then the caller is told, so that no one mistakes it for a real host.

use std::path::PathBuf;

/// Which host to drive when nothing names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultConnection {
    /// VirtualBox is installed here: its VBoxManage (found on PATH, in `VBOX_INSTALL_PATH`,
    /// `VBOX_MSI_INSTALL_PATH` or the usual install folders).
    Local(PathBuf),
    /// No VirtualBox here: the simulator in its per-user directory.
    Simulator {
        /// The simulator's directory.
        dir: PathBuf,
    },
}

impl DefaultConnection {
    /// The backend URI.
    pub fn uri(&self) -> String {
        match self {
            DefaultConnection::Local(path) => format!("vboxmanage://{}", path.display()),
            DefaultConnection::Simulator { .. } => crate::SIM_URI.to_string(),
        }
    }

    /// The one-line notice a tool prints when it falls back to the simulator.
    pub fn notice(&self) -> Option<String> {
        match self {
            DefaultConnection::Local(_) => None,
            DefaultConnection::Simulator { dir } => Some(format!(
                "no VirtualBox found here (no VBoxManage on PATH, in VBOX_INSTALL_PATH or the \
                 install folders): using the simulator in {}; drive a real host with --connect \
                 vboxmanage:///path/to/VBoxManage, ssh://user@host or http://host:18083",
                dir.display()
            )),
        }
    }
}

/// The local VirtualBox if VBoxManage is found (the search of `vboxmanage://`), else the
/// simulator. Reads the process environment; starts no process.
pub fn default_connection() -> DefaultConnection {
    match vbox_manage::discover::discover(None) {
        Ok(path) => DefaultConnection::Local(path),
        Err(_) => DefaultConnection::Simulator { dir: sim_dir() },
    }
}

#[cfg(feature = "sim")]
fn sim_dir() -> PathBuf {
    vbox_sim::Sim::default_dir()
}

#[cfg(not(feature = "sim"))]
fn sim_dir() -> PathBuf {
    PathBuf::from("(the simulator is not built in)")
}
