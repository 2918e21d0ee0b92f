//! `config.toml`: named connections and profiles.

use crate::diagnostic::{Diagnostic, Error, Result, Source};
use crate::host::{file_mode, parse_host, Host};
use crate::profile::{parse_profile, Profile};
use crate::reader::{parse_document, Table};
use std::path::{Path, PathBuf};

/// The top-level keys of `config.toml`.
pub const CONFIG_KEYS: &[&str] = &["default_host", "hosts", "profiles"];

/// A configuration file, read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it came from; `None` for the empty configuration used when there is none.
    pub path: Option<PathBuf>,
    /// The connection used when none is named (`default_host = "NAME"`).
    pub default_host: Option<String>,
    /// `[hosts.NAME]`, in file order.
    pub hosts: Vec<Host>,
    /// `[profiles.NAME]`, in file order.
    pub profiles: Vec<Profile>,
    /// Problems that do not stop anything (a password in a file others can read).
    pub warnings: Vec<Diagnostic>,
}

impl Config {
    /// Read and check a configuration file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(path, &text, file_mode(path))
    }

    /// Check configuration text; `path` names it in messages and anchors relative paths,
    /// `mode` is its permission bits when known (for the password warning).
    pub fn parse(path: &Path, text: &str, mode: Option<u32>) -> Result<Config> {
        let src = Source { path, text };
        let doc = parse_document(src)?;
        let root = Table {
            src,
            path: String::new(),
            table: doc.as_table(),
            at: 0,
        };
        root.check_keys(CONFIG_KEYS, |_| None)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut warnings = Vec::new();
        let mut hosts = Vec::new();
        for (name, table) in root.named_tables("hosts")? {
            hosts.push(parse_host(&name, &table, dir, mode, &mut warnings)?);
        }
        let names: Vec<&str> = hosts.iter().map(|h| h.name.as_str()).collect();
        let default_host = root.string("default_host")?;
        if let Some(d) = default_host
            .as_ref()
            .filter(|d| !names.contains(&d.value.as_str()))
        {
            return Err(root.error(
                "default_host",
                format!(
                    "no connection named \"{}\" (known: {})",
                    d.value,
                    known(&names)
                ),
                None,
            ));
        }
        let profiles = parse_profiles(&root, &names)?;
        Ok(Config {
            path: Some(path.to_path_buf()),
            default_host: default_host.map(|d| d.value),
            hosts,
            profiles,
            warnings,
        })
    }

    /// A connection by name.
    pub fn host(&self, name: &str) -> Option<&Host> {
        self.hosts.iter().find(|h| h.name == name)
    }

    /// A profile by name.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The names of the connections.
    pub fn host_names(&self) -> Vec<&str> {
        self.hosts.iter().map(|h| h.name.as_str()).collect()
    }
}

/// Every `[profiles.NAME]` of a file (config or map); `hosts` are the connection names.
pub(crate) fn parse_profiles(root: &Table<'_>, hosts: &[&str]) -> Result<Vec<Profile>> {
    root.named_tables("profiles")?
        .iter()
        .map(|(name, table)| parse_profile(name, table, hosts))
        .collect()
}

/// `a, b` or `none`.
pub(crate) fn known(names: &[&str]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
