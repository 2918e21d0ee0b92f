//! The one place that decides which host a command talks to and with which credentials:
//! command line, then environment, then configuration file, then the default — resolved into
//! plain data ([`Connection`]) that the CLI hands to `vbox::open` unchanged.
//!
//! The rules, highest first:
//!
//! | what | command line | environment | file | default |
//! |---|---|---|---|---|
//! | the host | `--connect URI` or `--host NAME` | `VBOXCTL_CONNECT` or `VBOXCTL_HOST` | a profile's `host`, `default_host` | the local VirtualBox, else the simulator |
//! | user | `--user` | `VBOXCTL_USER` | `hosts.NAME.user` | none |
//! | password | `--password-file` | `VBOXCTL_PASSWORD_FILE`, `VBOXCTL_PASSWORD` | `password_file`, `password_env`, `password` | none |
//!
//! A URI given on the command line or in the environment never reads the configuration file
//! (a broken file cannot stop `vboxctl --connect … list`). Two choices of the host on the
//! same level (`--connect` and `--host`, `VBOXCTL_CONNECT` and `VBOXCTL_HOST`) are an error; across levels the higher
//! one wins and the resolution says so in [`Connection::notes`]. Passwords are read here, once,
//! into a [`Secret`], and only for the web service, the one backend that sends them.

use crate::config::{known, Config};
use crate::diagnostic::{Error, Result};
use crate::host::{file_mode, Credentials};
use std::path::PathBuf;
use vbox_types::Secret;

/// Reads an environment variable; `std::env::var(..).ok()` in the CLI, a map in tests.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The environment variables read here and by [`crate::locate`].
pub const ENV_VARS: &[&str] = &[
    "VBOXCTL_CONFIG",
    "VBOXCTL_HOST",
    "VBOXCTL_CONNECT",
    "VBOXCTL_USER",
    "VBOXCTL_PASSWORD_FILE",
    "VBOXCTL_PASSWORD",
];

/// A variable's value, unless unset or blank.
pub(crate) fn var(env: Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.trim().is_empty())
}

/// Connection settings given on the command line.
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

/// Where the choice of the host came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--connect` or `--host`.
    CommandLine,
    /// `VBOXCTL_CONNECT` or `VBOXCTL_HOST`.
    Environment,
    /// A profile's `host` or `default_host` of the configuration file.
    ConfigFile,
    /// Nothing named one: the caller's default (the local VirtualBox, else the simulator).
    Default,
}

/// The connection a command uses, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The `[hosts.NAME]` it came from, if any.
    pub name: Option<String>,
    /// The backend URI; `None` when nothing names one ([`Origin::Default`]).
    pub uri: Option<String>,
    /// Where the choice came from.
    pub origin: Origin,
    /// The user to log on to a web service as.
    pub user: Option<String>,
    /// The password, read (for `http(s)://` URIs only).
    pub password: Option<Secret>,
    /// Choices made between sources that disagree, to be told to the user.
    pub notes: Vec<String>,
    /// Problems that do not stop anything (a password file others can read).
    pub warnings: Vec<String>,
}

/// Resolve the connection for machines that want `wanted` (a map profile's `host`; `None`
/// for everything else). `config` loads the configuration file; it is called only when the
/// host is not named by the command line or the environment.
pub fn resolve_connection<'c>(
    cli: &Overrides,
    wanted: Option<&str>,
    env: Env<'_>,
    config: impl FnOnce() -> Result<&'c Config>,
) -> Result<Connection> {
    let env_connect = var(env, "VBOXCTL_CONNECT");
    let env_host = var(env, "VBOXCTL_HOST");
    let mut notes = Vec::new();
    let cli_choice = match (&cli.connect, &cli.host) {
        (Some(uri), Some(host)) => {
            return Err(Error::Setting {
                message: format!("--connect {uri} and --host {host} both name the host to use"),
                hint: Some("give one of them".into()),
            })
        }
        (Some(uri), None) => Some(format!("--connect {uri}")),
        (None, Some(host)) => Some(format!("--host {host}")),
        (None, None) => None,
    };
    match (&cli_choice, &env_connect, &env_host) {
        (None, Some(uri), Some(host)) => {
            return Err(Error::Setting {
                message: format!(
                    "VBOXCTL_CONNECT={uri} and VBOXCTL_HOST={host} both name the host to use"
                ),
                hint: Some(
                    "unset one of them, or choose on the command line with --connect or --host"
                        .into(),
                ),
            })
        }
        (Some(choice), Some(uri), _) => notes.push(format!(
            "{choice} is used, not VBOXCTL_CONNECT={uri}: the command line wins over the environment"
        )),
        (Some(choice), None, Some(host)) => notes.push(format!(
            "{choice} is used, not VBOXCTL_HOST={host}: the command line wins over the environment"
        )),
        _ => {}
    }
    let (uri, host_name, origin) = if let Some(uri) = &cli.connect {
        (Some(uri.clone()), None, Origin::CommandLine)
    } else if let Some(host) = &cli.host {
        (None, Some(host.clone()), Origin::CommandLine)
    } else if let Some(uri) = env_connect {
        (Some(uri), None, Origin::Environment)
    } else if let Some(host) = env_host {
        (None, Some(host), Origin::Environment)
    } else {
        (None, None, Origin::ConfigFile)
    };
    // Only a host named by name (or nothing named at all) needs the file.
    let (host, uri, origin) = match (uri, host_name) {
        (Some(uri), _) => (None, Some(uri), origin),
        (None, named) => {
            let config = config()?;
            let name = named
                .or_else(|| wanted.map(str::to_string))
                .or_else(|| config.default_host.clone());
            match name {
                Some(name) => {
                    let host = config
                        .host(&name)
                        .ok_or_else(|| unknown_host(config, &name))?;
                    (Some(host), Some(host.connect.clone()), origin)
                }
                None => (None, None, Origin::Default),
            }
        }
    };
    let user = cli
        .user
        .clone()
        .or_else(|| var(env, "VBOXCTL_USER"))
        .or_else(|| host.and_then(|h| h.user.clone()));
    let mut warnings = Vec::new();
    let web = uri
        .as_deref()
        .is_some_and(|u| u.starts_with("http://") || u.starts_with("https://"));
    let password = if web {
        let from_host = host.map_or(Credentials::None, |h| h.credentials.clone());
        resolve_password(cli.password_file.as_ref(), &from_host, env, &mut warnings)?
    } else {
        None
    };
    Ok(Connection {
        name: host.map(|h| h.name.clone()),
        uri,
        origin,
        user,
        password,
        notes,
        warnings,
    })
}

/// The user and password a local web service (`vboxctl sim serve --user`) requires: the same
/// sources as a connection's, without a configuration file.
pub fn resolve_server_credentials(
    cli: &Overrides,
    env: Env<'_>,
    warnings: &mut Vec<String>,
) -> Result<(Option<String>, Option<Secret>)> {
    let user = cli.user.clone().or_else(|| var(env, "VBOXCTL_USER"));
    let password = resolve_password(
        cli.password_file.as_ref(),
        &Credentials::None,
        env,
        warnings,
    )?;
    Ok((user, password))
}

/// The password: `--password-file`, else `VBOXCTL_PASSWORD_FILE`, else `VBOXCTL_PASSWORD`,
/// else what the configuration file says (`configured`). A password file that group or
/// others can read adds a warning.
pub fn resolve_password(
    cli_file: Option<&PathBuf>,
    configured: &Credentials,
    env: Env<'_>,
    warnings: &mut Vec<String>,
) -> Result<Option<Secret>> {
    let file = cli_file
        .cloned()
        .or_else(|| var(env, "VBOXCTL_PASSWORD_FILE").map(PathBuf::from));
    let credentials = match (file, env("VBOXCTL_PASSWORD").filter(|v| !v.is_empty())) {
        (Some(file), _) => Credentials::File(file),
        (None, Some(value)) => return Ok(Some(Secret::new(value))),
        (None, None) => configured.clone(),
    };
    if let Credentials::File(path) = &credentials {
        if let Some(mode) = file_mode(path).filter(|m| m & 0o077 != 0) {
            warnings.push(format!(
                "the password file {} can be read by other users (mode {:o}); `chmod 600` it",
                path.display(),
                mode & 0o777
            ));
        }
    }
    credentials.resolve(env)
}

fn unknown_host(config: &Config, name: &str) -> Error {
    Error::Setting {
        message: format!(
            "no connection named \"{name}\" in {} (known: {})",
            config
                .path
                .as_deref()
                .map_or("the configuration".into(), |p| p.display().to_string()),
            known(&config.host_names())
        ),
        hint: Some(format!(
            "add [hosts.{name}] with connect = \"…\" to the configuration"
        )),
    }
}
