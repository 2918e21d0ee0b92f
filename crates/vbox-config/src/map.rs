//! Map files: which machines exist, by profile — listed by name, or a count and a name pattern.
//!
//! ```toml
//! [[machines]]
//! profile = "web"
//! count = 3
//! name = "web-{n:02}"      # web-01, web-02, web-03 (`first` moves the start, default 1)
//!
//! [[machines]]
//! profile = "db"
//! names = ["db-main", "db-replica"]
//! ```
//!
//! A map may carry its own `[profiles.NAME]` (same keys as in `config.toml`); they take
//! precedence over the configuration's profiles of the same name, so a map can be
//! self-contained.

use crate::config::{known, parse_profiles, Config};
use crate::diagnostic::{Error, Result, Source};
use crate::pattern::NamePattern;
use crate::profile::Profile;
use crate::reader::{parse_document, Spanned, Table};
use std::path::{Path, PathBuf};
use vbox_ops::fleet::MachineSpec;

/// The top-level keys of a map.
pub const MAP_KEYS: &[&str] = &["profiles", "machines"];
/// The keys of a `[[machines]]` entry.
pub const ENTRY_KEYS: &[&str] = &["profile", "names", "name", "count", "first"];

/// One machine of a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// How it is made and run.
    pub spec: MachineSpec,
    /// Its connection (the profile's `host`); `None`: the default one.
    pub host: Option<String>,
}

/// A map, read, checked and expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Map {
    /// The file.
    pub path: PathBuf,
    /// Every machine, in file order.
    pub machines: Vec<Wanted>,
}

impl Map {
    /// Read a map; profiles come from the map itself, then from `config`.
    pub fn load(path: &Path, config: &Config) -> Result<Map> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Map::parse(path, &text, config)
    }

    /// Check map text (`path` names it in messages).
    pub fn parse(path: &Path, text: &str, config: &Config) -> Result<Map> {
        let src = Source { path, text };
        let doc = parse_document(src)?;
        let root = Table {
            src,
            path: String::new(),
            table: doc.as_table(),
            at: 0,
        };
        root.check_keys(MAP_KEYS, |_| None)?;
        let local = parse_profiles(&root, &config.host_names())?;
        let entries = root.table_array("machines")?;
        if entries.is_empty() {
            return Err(src.error(
                0,
                None,
                "the map lists no machines",
                Some("add [[machines]] entries with profile = \"NAME\" and names = [...] or count + name".into()),
            ));
        }
        let mut machines: Vec<(Wanted, usize)> = Vec::new();
        for entry in &entries {
            for Named {
                name,
                at,
                key,
                profile,
            } in expand(entry, &local, config)?
            {
                if let Some((_, first)) = machines.iter().find(|(w, _)| w.spec.name == name) {
                    let line = src.diagnostic(*first, None, "", None).line;
                    return Err(src.error(
                        at,
                        Some(&key),
                        format!("machine \"{name}\" is already in this map (line {line})"),
                        None,
                    ));
                }
                let wanted = Wanted {
                    spec: profile.spec(&name),
                    host: profile.host.clone(),
                };
                machines.push((wanted, at));
            }
        }
        Ok(Map {
            path: path.to_path_buf(),
            machines: machines.into_iter().map(|(w, _)| w).collect(),
        })
    }

    /// The specs of the machines on one connection (`None`: the default one), for
    /// `vbox_ops::fleet::plan`.
    pub fn specs_on(&self, host: Option<&str>) -> Vec<MachineSpec> {
        self.machines
            .iter()
            .filter(|w| w.host.as_deref() == host)
            .map(|w| w.spec.clone())
            .collect()
    }

    /// The connections the map's machines live on, each once, in first-use order.
    pub fn hosts(&self) -> Vec<Option<&str>> {
        let mut out: Vec<Option<&str>> = Vec::new();
        for w in &self.machines {
            if !out.contains(&w.host.as_deref()) {
                out.push(w.host.as_deref());
            }
        }
        out
    }
}

/// One machine of a `[[machines]]` entry.
struct Named<'p> {
    name: String,
    /// Where its name (or name pattern) is written, and under which key.
    at: usize,
    key: String,
    profile: &'p Profile,
}

/// The machines of one `[[machines]]` entry.
fn expand<'p>(
    entry: &Table<'_>,
    local: &'p [Profile],
    config: &'p Config,
) -> Result<Vec<Named<'p>>> {
    entry.check_keys(ENTRY_KEYS, |_| None)?;
    let profile_name =
        entry.required_string("profile", "profile (the name of a [profiles.NAME])")?;
    let profile = local
        .iter()
        .find(|p| p.name == profile_name.value)
        .or_else(|| config.profile(&profile_name.value))
        .ok_or_else(|| {
            let mut names: Vec<&str> = local.iter().map(|p| p.name.as_str()).collect();
            names.extend(config.profiles.iter().map(|p| p.name.as_str()));
            names.dedup();
            entry.error(
                "profile",
                format!(
                    "no profile named \"{}\" (known: {})",
                    profile_name.value,
                    known(&names)
                ),
                Some("define it under [profiles.NAME] in this map or in config.toml".into()),
            )
        })?;
    let names = entry.strings("names")?;
    let count = entry.integer("count", 1..=1000, "machines")?;
    let pattern = entry.string("name")?;
    let first = entry.integer("first", 0..=1_000_000, "the first number")?;
    let listed = names.is_some();
    let named: Vec<Spanned<String>> = match (names, count, pattern) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            let other = if count.is_some() { "count" } else { "name" };
            return Err(entry.key_error(
                other,
                format!("give either names = [...] or count with a name pattern, not both names and {other}"),
                None,
            ));
        }
        (Some(names), None, None) if names.is_empty() => {
            return Err(entry.error("names", "names is empty", None));
        }
        (Some(names), None, None) => names,
        (None, Some(_), None) => {
            return Err(entry.error(
                "count",
                "count needs a name pattern",
                Some("add name = \"web-{n:02}\" (gives web-01, web-02, …)".into()),
            ));
        }
        (None, count, Some(pattern)) => numbered(entry, &pattern, count, first)?,
        (None, None, None) => {
            return Err(entry.src.error(
                entry.at,
                Some(&entry.path),
                "an entry needs names = [...], or count and a name pattern",
                None,
            ));
        }
    };
    if first.is_some() && count.is_none() {
        return Err(entry.error(
            "first",
            "first numbers the machines of a count; there is no count",
            None,
        ));
    }
    named
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let key = entry.key_path(&if listed {
                format!("names[{i}]")
            } else {
                "name".into()
            });
            check_machine_name(entry, &n, &key)?;
            Ok(Named {
                name: n.value,
                at: n.at,
                key,
                profile,
            })
        })
        .collect()
}

/// `count` names from `pattern`, numbered from `first` (default 1).
fn numbered(
    entry: &Table<'_>,
    pattern: &Spanned<String>,
    count: Option<i64>,
    first: Option<i64>,
) -> Result<Vec<Spanned<String>>> {
    let parsed =
        NamePattern::parse(&pattern.value).map_err(|why| entry.error("name", why, None))?;
    let Some(count) = count else {
        if parsed.is_some() {
            return Err(entry.error(
                "name",
                "a name pattern needs a count",
                Some("add count = N".into()),
            ));
        }
        return Ok(vec![pattern.clone()]);
    };
    let Some(parsed) = parsed else {
        if count == 1 {
            return Ok(vec![pattern.clone()]);
        }
        return Err(entry.error(
            "name",
            format!(
                "the name has no {{n}}: all {count} machines would be named \"{}\"",
                pattern.value
            ),
            Some("write e.g. name = \"web-{n:02}\"".into()),
        ));
    };
    let first = first.unwrap_or(1) as u64;
    Ok((first..first + count as u64)
        .map(|n| Spanned {
            value: parsed.render(n),
            at: pattern.at,
        })
        .collect())
}

/// The rule of `vboxctl create` and `clone` ([`vbox_ops::check_new_name`]), pointing into
/// the map.
fn check_machine_name(entry: &Table<'_>, name: &Spanned<String>, key: &str) -> Result<()> {
    vbox_ops::check_new_name(&name.value)
        .map_err(|e| entry.src.error(name.at, Some(key), e.to_string(), None))
}
