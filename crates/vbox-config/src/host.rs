//! Named connections (`[hosts.NAME]`) and their credentials, which never sit in a file that
//! others can read without a warning.

use crate::diagnostic::{Diagnostic, Error, Result};
use crate::reader::Table;
use std::fmt;
use std::path::{Path, PathBuf};
use vbox_types::Secret;

/// The keys of a `[hosts.NAME]` section.
pub const HOST_KEYS: &[&str] = &[
    "connect",
    "user",
    "password_file",
    "password_env",
    "password",
];

/// Where a connection's password comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No password (local backends, ssh with keys).
    None,
    /// The first line of this file (relative paths are relative to the config file; `~/` is
    /// the home directory).
    File(PathBuf),
    /// The value of this environment variable.
    Env(String),
    /// Written in the config file itself (allowed; a warning when the file is readable by
    /// group or others).
    Inline(Secret),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::File(p) => f.debug_tuple("File").field(p).finish(),
            Credentials::Env(v) => f.debug_tuple("Env").field(v).finish(),
            Credentials::Inline(_) => f.write_str("Inline(***)"),
        }
    }
}

/// One named connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// The name (`[hosts.NAME]`).
    pub name: String,
    /// The backend URI (`vboxmanage://`, `ssh://user@host`, `http://host:18083`, `sim://`).
    pub connect: String,
    /// The user to log on as (vboxwebsrv).
    pub user: Option<String>,
    /// Where the password comes from.
    pub credentials: Credentials,
}

impl Credentials {
    /// Fetch the password. `env` reads an environment variable (injected for tests).
    pub fn resolve(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<Option<Secret>> {
        match self {
            Credentials::None => Ok(None),
            Credentials::Inline(s) => Ok(Some(s.clone())),
            Credentials::Env(var) => match env(var) {
                Some(v) if !v.is_empty() => Ok(Some(Secret::new(v))),
                _ => Err(Error::Setting {
                    message: format!("the password variable {var} is not set"),
                    hint: Some(format!(
                        "export {var}=… before running vboxctl, or use password_file"
                    )),
                }),
            },
            Credentials::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?;
                let first = text.lines().next().unwrap_or_default().to_string();
                Ok(Some(Secret::new(first)))
            }
        }
    }
}

/// Read `[hosts.NAME]`. `dir` is the config file's folder (for relative password files);
/// `mode` its Unix permission bits when known; warnings go to `warnings`.
pub(crate) fn parse_host(
    name: &str,
    table: &Table<'_>,
    dir: &Path,
    mode: Option<u32>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Host> {
    table.check_keys(HOST_KEYS, |_| None)?;
    let connect = table.required_string(
        "connect",
        "connect (the backend URI, e.g. \"ssh://me@lab\")",
    )?;
    if !connect.value.contains("://") {
        return Err(table.error(
            "connect",
            format!("\"{}\" is not a backend URI", connect.value),
            Some("write vboxmanage://, ssh://USER@HOST, http://HOST:18083 or sim://".into()),
        ));
    }
    let mut given: Vec<&str> = ["password_file", "password_env", "password"]
        .into_iter()
        .filter(|k| table.table.contains_key(k))
        .collect();
    // Point at the second one written.
    given.sort_by_key(|k| table.key_at(k));
    if given.len() > 1 {
        return Err(table.key_error(
            given[1],
            format!(
                "give the password one way only, not both {} and {}",
                given[0], given[1]
            ),
            None,
        ));
    }
    let credentials = if let Some(file) = table.string("password_file")? {
        let path = expand_path(&file.value, dir);
        if let Some(m) = file_mode(&path).filter(|m| m & 0o077 != 0) {
            warnings.push(table.src.diagnostic(
                file.at,
                Some(&table.key_path("password_file")),
                format!(
                    "{} is readable by group or others (mode {:04o})",
                    path.display(),
                    m & 0o7777
                ),
                Some(format!("chmod 600 {}", path.display())),
            ));
        }
        Credentials::File(path)
    } else if let Some(var) = table.string("password_env")? {
        if var.value.is_empty() || var.value.contains(['=', '\0', '$']) {
            return Err(table.error(
                "password_env",
                "password_env is the name of an environment variable (like LAB_PASSWORD), not a value",
                None,
            ));
        }
        Credentials::Env(var.value)
    } else if let Some(inline) = table.string("password")? {
        if let Some(m) = mode.filter(|m| m & 0o077 != 0) {
            warnings.push(table.src.diagnostic(
                inline.at,
                Some(&table.key_path("password")),
                format!(
                    "a password is written in a file readable by group or others (mode {:04o})",
                    m & 0o7777
                ),
                Some(format!(
                    "chmod 600 {}, or move the password to password_file or password_env",
                    table.src.path.display()
                )),
            ));
        }
        Credentials::Inline(Secret::new(inline.value))
    } else {
        Credentials::None
    };
    Ok(Host {
        name: name.to_string(),
        connect: connect.value.trim().to_string(),
        user: table.string("user")?.map(|u| u.value),
        credentials,
    })
}

/// `~/x` → `$HOME/x`; relative → relative to `dir`.
fn expand_path(raw: &str, dir: &Path) -> PathBuf {
    if let Some(rest) = raw.strip_prefix("~/") {
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            return PathBuf::from(home).join(rest);
        }
    }
    let path = PathBuf::from(raw);
    if path.is_absolute() {
        path
    } else {
        dir.join(path)
    }
}

/// A file's permission bits (Unix only; elsewhere the check is skipped).
pub(crate) fn file_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).ok().map(|m| m.permissions().mode())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
