//! What one emulated VBoxManage invocation runs against: the state directory (real
//! VBoxManage's `VBOX_USER_HOME`), the VirtualBox version it pretends to be, and the program
//! name it prefixes its messages with.

use crate::{Sim, SimOptions};
use std::path::PathBuf;
use vbox_types::{Error, ErrorKind, Result};

/// The state directory, as real VBoxManage finds its settings directory.
pub const STATE_DIR_VAR: &str = "VBOX_USER_HOME";
/// The emulated version (`6.1`, `7.0`, `7.0.14`, `7.1`, `7.2`).
pub const VERSION_VAR: &str = "VBOXCTL_SIM_VERSION";
/// The version emulated when [`VERSION_VAR`] is unset.
pub const DEFAULT_VERSION: &str = "7.1";

/// The environment of one emulated VBoxManage run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmulatorEnv {
    /// The simulator's state directory.
    pub state_dir: PathBuf,
    /// The VirtualBox version being emulated.
    pub options: SimOptions,
    /// The name error lines start with (`VBoxManage`, as on Linux and macOS hosts).
    pub program: String,
}

impl EmulatorEnv {
    /// An environment on `state_dir` emulating `options`.
    pub fn new(state_dir: impl Into<PathBuf>, options: SimOptions) -> EmulatorEnv {
        EmulatorEnv {
            state_dir: state_dir.into(),
            options,
            program: "VBoxManage".to_string(),
        }
    }

    /// From the process environment: [`STATE_DIR_VAR`] (default [`Sim::default_dir`]) and
    /// [`VERSION_VAR`] (default [`DEFAULT_VERSION`]). InvalidInput names the variable when
    /// the version is not one the simulator knows.
    pub fn from_env() -> Result<EmulatorEnv> {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let state_dir = var(STATE_DIR_VAR)
            .map(PathBuf::from)
            .unwrap_or_else(Sim::default_dir);
        let version = match var(VERSION_VAR) {
            None => DEFAULT_VERSION.to_string(),
            Some(v) => v.into_string().map_err(|v| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("{VERSION_VAR}={}: not valid UTF-8", v.to_string_lossy()),
                )
            })?,
        };
        let options = SimOptions::emulating(&version).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{VERSION_VAR}: {}", e.message()),
            )
        })?;
        Ok(EmulatorEnv::new(state_dir, options))
    }
}
