//! Finding the VBoxManage executable.
//!
//! [`discover`] reads the process environment; [`discover_in`] does the search on a given
//! [`SearchEnv`], so the order and the messages are testable without touching the real one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use vbox_types::{Error, ErrorKind, Result};

/// Where VirtualBox can be downloaded, for the "not found" message.
pub const DOWNLOAD_URL: &str = "https://www.virtualbox.org/wiki/Downloads";

/// Executable names tried in each folder: the Linux packages also install a lower-case
/// `vboxmanage` link, and Windows adds `.exe`.
pub const EXECUTABLE_NAMES: [&str; 3] = ["VBoxManage", "vboxmanage", "VBoxManage.exe"];

/// What the search looks at, in this order: PATH, `VBOX_INSTALL_PATH`,
/// `VBOX_MSI_INSTALL_PATH` (set by the Windows installers), then the default folders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchEnv {
    /// The PATH entries, in order (empty entries are skipped: they would mean the current
    /// folder).
    pub path: Vec<PathBuf>,
    /// `VBOX_INSTALL_PATH`, when set.
    pub vbox_install_path: Option<PathBuf>,
    /// `VBOX_MSI_INSTALL_PATH`, when set.
    pub vbox_msi_install_path: Option<PathBuf>,
    /// The usual install folders of the platform ([`default_dirs`]).
    pub default_dirs: Vec<PathBuf>,
}

impl SearchEnv {
    /// The environment of this process, with the default folders of this platform.
    pub fn from_env() -> SearchEnv {
        let var = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        SearchEnv {
            path: std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect())
                .unwrap_or_default(),
            vbox_install_path: var("VBOX_INSTALL_PATH"),
            vbox_msi_install_path: var("VBOX_MSI_INSTALL_PATH"),
            default_dirs: default_dirs(std::env::consts::OS),
        }
    }

    /// Every folder to look in, in order, with where it came from; repeats dropped.
    pub fn folders(&self) -> Vec<(PathBuf, &'static str)> {
        let mut out: Vec<(PathBuf, &'static str)> = Vec::new();
        let sources = self
            .path
            .iter()
            .map(|p| (p, "PATH"))
            .chain(
                self.vbox_install_path
                    .iter()
                    .map(|p| (p, "VBOX_INSTALL_PATH")),
            )
            .chain(
                self.vbox_msi_install_path
                    .iter()
                    .map(|p| (p, "VBOX_MSI_INSTALL_PATH")),
            )
            .chain(self.default_dirs.iter().map(|p| (p, "default")));
        for (dir, source) in sources {
            if !dir.as_os_str().is_empty() && !out.iter().any(|(d, _)| d == dir) {
                out.push((dir.clone(), source));
            }
        }
        out
    }
}

/// The folders VirtualBox installs VBoxManage into on `os` (as in `std::env::consts::OS`).
pub fn default_dirs(os: &str) -> Vec<PathBuf> {
    let dirs: &[&str] = match os {
        "macos" => &[
            "/Applications/VirtualBox.app/Contents/MacOS",
            "/usr/local/bin",
        ],
        "windows" => &[r"C:\Program Files\Oracle\VirtualBox"],
        // Linux and the other Unixes: the packages link /usr/bin/VBoxManage to the wrapper
        // script in /usr/lib/virtualbox; the .run installer uses /opt/VirtualBox.
        _ => &[
            "/usr/bin",
            "/usr/local/bin",
            "/usr/lib/virtualbox",
            "/opt/VirtualBox",
        ],
    };
    dirs.iter().map(PathBuf::from).collect()
}

/// The VBoxManage to run: `explicit` when given (it must be an executable file), else the
/// first found on PATH, `VBOX_INSTALL_PATH`, `VBOX_MSI_INSTALL_PATH` and the usual install
/// folders of this platform.
///
/// Errors: NotFound naming the explicit path, or listing every folder looked in and what to
/// install.
pub fn discover(explicit: Option<&Path>) -> Result<PathBuf> {
    discover_in(explicit, &SearchEnv::from_env())
}

/// [`discover`] on a given environment.
pub fn discover_in(explicit: Option<&Path>, env: &SearchEnv) -> Result<PathBuf> {
    if let Some(path) = explicit {
        return match check_executable(path) {
            Ok(()) => Ok(path.to_path_buf()),
            Err(why) => Err(Error::new(
                ErrorKind::NotFound,
                format!("cannot use VBoxManage at {}: {why}", path.display()),
            )),
        };
    }
    let folders = env.folders();
    for (dir, _) in &folders {
        for name in EXECUTABLE_NAMES {
            let candidate = dir.join(name);
            if check_executable(&candidate).is_ok() {
                return Ok(candidate);
            }
        }
    }
    let mut message = format!(
        "VBoxManage was not found (looked for {} in:",
        EXECUTABLE_NAMES.join(", ")
    );
    for (dir, source) in &folders {
        let _ = write!(message, " {} ({source});", dir.display());
    }
    if folders.is_empty() {
        message.push_str(" no folder: PATH is empty;");
    }
    let _ = write!(
        message,
        ") Install VirtualBox from {DOWNLOAD_URL}, or pass its path as \
         vboxmanage:///path/to/VBoxManage"
    );
    Err(Error::new(ErrorKind::NotFound, message))
}

/// Why `path` cannot be run, if it cannot.
fn check_executable(path: &Path) -> std::result::Result<(), &'static str> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("no such file"),
        Err(_) => return Err("cannot read it"),
    };
    if !meta.is_file() {
        return Err("not a file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o111 == 0 {
            return Err("not executable");
        }
    }
    Ok(())
}
