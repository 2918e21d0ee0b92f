//! Where the configuration is, and which connection a command uses.
//!
//! Precedence, highest first — for the file: `--config FILE`, `$VBOXCTL_CONFIG`,
//! `$XDG_CONFIG_HOME/vboxctl/config.toml`, `~/.config/vboxctl/config.toml`; for each setting
//! of the connection: the command line, the environment (`VBOXCTL_HOST`, `VBOXCTL_CONNECT`,
//! `VBOXCTL_USER`, `VBOXCTL_PASSWORD_FILE`), the configuration file, nothing (the CLI then
//! picks its default backend).

use crate::config::{known, Config};
use crate::diagnostic::{Error, Result};
use crate::host::{Credentials, Secret};
use std::path::{Path, PathBuf};

/// Reads an environment variable; `std::env::var(..).ok()` in the CLI, a map in tests.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The environment variables this crate reads.
pub const ENV_VARS: &[&str] = &[
    "VBOXCTL_CONFIG",
    "VBOXCTL_HOST",
    "VBOXCTL_CONNECT",
    "VBOXCTL_USER",
    "VBOXCTL_PASSWORD_FILE",
];

fn var(env: Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.trim().is_empty())
}

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

/// Connection settings given on the command line (each wins over the environment).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--host NAME`: a `[hosts.NAME]`.
    pub host: Option<String>,
    /// `--connect URI`.
    pub connect: Option<String>,
    /// `--user NAME`.
    pub user: Option<String>,
    /// `--password-file FILE`.
    pub password_file: Option<PathBuf>,
}

/// The connection a command uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The `[hosts.NAME]` it came from, if any.
    pub name: Option<String>,
    /// The backend URI.
    pub connect: String,
    /// The user to log on as.
    pub user: Option<String>,
    /// Where the password comes from ([`Credentials::resolve`] fetches it).
    pub credentials: Credentials,
}

impl Connection {
    /// The password, fetched now.
    pub fn password(&self, env: Env<'_>) -> Result<Option<Secret>> {
        self.credentials.resolve(env)
    }
}

/// Pick the connection: the named host (command line, `VBOXCTL_HOST`, a profile's `host`
/// passed as `wanted`, `default_host`), with each setting overridden by the environment and
/// then the command line. `Ok(None)`: nothing configured anywhere.
pub fn connection(
    config: &Config,
    cli: &Overrides,
    wanted: Option<&str>,
    env: Env<'_>,
) -> Result<Option<Connection>> {
    let name = cli
        .host
        .clone()
        .or_else(|| var(env, "VBOXCTL_HOST"))
        .or_else(|| wanted.map(str::to_string))
        .or_else(|| config.default_host.clone());
    let host = match &name {
        Some(n) => Some(config.host(n).ok_or_else(|| Error::Setting {
            message: format!(
                "no connection named \"{n}\" in {} (known: {})",
                config
                    .path
                    .as_deref()
                    .map_or("the configuration".into(), |p| p.display().to_string()),
                known(&config.host_names())
            ),
            hint: Some(format!(
                "add [hosts.{n}] with connect = \"…\" to the configuration"
            )),
        })?),
        None => None,
    };
    let connect = cli
        .connect
        .clone()
        .or_else(|| var(env, "VBOXCTL_CONNECT"))
        .or_else(|| host.map(|h| h.connect.clone()));
    let Some(connect) = connect else {
        return Ok(None);
    };
    let user = cli
        .user
        .clone()
        .or_else(|| var(env, "VBOXCTL_USER"))
        .or_else(|| host.and_then(|h| h.user.clone()));
    let credentials = match cli
        .password_file
        .clone()
        .or_else(|| var(env, "VBOXCTL_PASSWORD_FILE").map(PathBuf::from))
    {
        Some(file) => Credentials::File(file),
        None => host.map_or(Credentials::None, |h| h.credentials.clone()),
    };
    Ok(Some(Connection {
        name,
        connect,
        user,
        credentials,
    }))
}
