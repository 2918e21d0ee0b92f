//! Where the configuration file is: `--config FILE`, `$VBOXCTL_CONFIG`,
//! `$XDG_CONFIG_HOME/vboxctl/config.toml`, `~/.config/vboxctl/config.toml`, highest first.

use crate::config::Config;
use crate::diagnostic::Result;
use crate::resolve::{var, Env};
use std::path::{Path, PathBuf};

/// Where the configuration file is: `(path, explicit)`. An explicit file (`--config`,
/// `$VBOXCTL_CONFIG`) must exist; the default one may be missing (no configuration).
pub fn config_path(cli: Option<&Path>, env: Env<'_>) -> Option<(PathBuf, bool)> {
    if let Some(p) = cli {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = var(env, "VBOXCTL_CONFIG") {
        return Some((PathBuf::from(p), true));
    }
    if let Some(xdg) = var(env, "XDG_CONFIG_HOME") {
        return Some((
            PathBuf::from(xdg).join("vboxctl").join("config.toml"),
            false,
        ));
    }
    var(env, "HOME").map(|home| {
        let path = PathBuf::from(home)
            .join(".config")
            .join("vboxctl")
            .join("config.toml");
        (path, false)
    })
}

/// Find and read the configuration; an absent default file gives the empty configuration.
pub fn load_config(cli: Option<&Path>, env: Env<'_>) -> Result<Config> {
    match config_path(cli, env) {
        Some((path, explicit)) if explicit || path.exists() => Config::load(&path),
        _ => Ok(Config::default()),
    }
}
