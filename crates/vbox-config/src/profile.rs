//! Profiles: how a machine is made from a template. salt-cloud's VirtualBox keys keep their
//! names, units and meanings; ours are added beside them.

use crate::diagnostic::Result;
use crate::reader::Table;
use std::time::Duration;
use vbox_ops::fleet::MachineSpec;
use vbox_ops::StopMode;
use vbox_types::{CloneMode, StartType};

/// The keys a profile may have: salt-cloud's first, then ours.
pub const PROFILE_KEYS: &[&str] = &[
    "clonefrom",
    "clonemode",
    "power_on",
    "wait_for_ip_timeout",
    "waitforpattern",
    "interfaceindex",
    "boot_timeout",
    "linked",
    "snapshot",
    "memory",
    "cpus",
    "groups",
    "description",
    "nics",
    "forwarded_ports",
    "storage",
    "shared_folders",
    "start_type",
    "stop_mode",
    "stop_timeout",
    "host",
];

/// salt-cloud profile keys that belong to its deploy step (bootstrapping Salt over SSH),
/// which vboxctl does not do.
const DEPLOY_KEYS: &[&str] = &[
    "deploy",
    "ssh_username",
    "ssh_password",
    "private_key",
    "ssh_keyfile",
    "sudo",
    "sudo_password",
    "script",
    "script_args",
    "minion",
    "grains",
    "make_master",
];

/// A profile: everything a machine of it needs except its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name (`[profiles.NAME]`).
    pub name: String,
    /// The connection (`[hosts.NAME]`) its machines live on; `None`: the default one.
    pub host: Option<String>,
    /// The machine as the profile makes it (name and profile filled in per machine).
    pub template: MachineSpec,
}

impl Profile {
    /// The spec of one machine of this profile.
    pub fn spec(&self, machine: &str) -> MachineSpec {
        MachineSpec {
            name: machine.to_string(),
            ..self.template.clone()
        }
    }
}

/// Refuse salt-cloud keys we do not take, with the reason.
fn refuse(key: &str) -> Option<(String, Option<String>)> {
    if DEPLOY_KEYS.contains(&key) {
        return Some((
            format!("`{key}` is out of scope: vboxctl makes, starts and stops machines but does not bootstrap Salt over SSH (salt-cloud's deploy step)"),
            Some("remove it, and configure the guests after `vboxctl up` (e.g. Salt or Ansible with `vboxctl inventory`)".into()),
        ));
    }
    match key {
        "provider" | "driver" => Some((
            format!("`{key}` is salt-cloud's; vboxctl names the VirtualBox host of a profile with `host`"),
            Some("write host = \"NAME\" with a [hosts.NAME] section, or leave it out for the default host".into()),
        )),
        _ => None,
    }
}

fn parse_word<T: Copy>(table: &Table<'_>, key: &str, words: &[(&str, T)]) -> Result<Option<T>> {
    let Some(word) = table.string(key)? else {
        return Ok(None);
    };
    let found = words
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word.value.trim()));
    match found {
        Some((_, v)) => Ok(Some(*v)),
        None => {
            let legal: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
            Err(table.error(
                key,
                format!(
                    "illegal value \"{}\"; legal values are: {}",
                    word.value,
                    legal.join(", ")
                ),
                None,
            ))
        }
    }
}

/// Read `[profiles.NAME]`.
/// `hosts` are the names of the known connections, which `host` must name.
pub(crate) fn parse_profile(name: &str, table: &Table<'_>, hosts: &[&str]) -> Result<Profile> {
    table.check_keys(PROFILE_KEYS, refuse)?;
    let clone_from =
        table.required_string("clonefrom", "clonefrom (the template machine to clone)")?;
    let mut spec = MachineSpec::new("", clone_from.value.trim());
    spec.profile = name.to_string();
    // Salt's map_clonemode: state/child/all, nothing else.
    let modes = [
        ("state", CloneMode::MachineState),
        ("child", CloneMode::MachineAndChildStates),
        ("all", CloneMode::AllStates),
    ];
    if let Some(mode) = parse_word(table, "clonemode", &modes)? {
        spec.clone_mode = mode;
    }
    if let Some(on) = table.bool("power_on")? {
        spec.power_on = on;
    }
    // Salt: seconds, default 60.
    if let Some(s) = table.integer("wait_for_ip_timeout", 0..=86_400, "seconds")? {
        spec.wait_for_ip_timeout = Duration::from_secs(s as u64);
    }
    spec.wait_for_pattern = table.string("waitforpattern")?.map(|s| s.value);
    if let Some(i) = table.integer(
        "interfaceindex",
        0..=35,
        "an index into the guest's addresses",
    )? {
        spec.interface_index = i as usize;
    }
    // Salt: milliseconds, default 60000.
    if let Some(ms) = table.integer("boot_timeout", 1..=86_400_000, "milliseconds")? {
        spec.boot_timeout = Duration::from_millis(ms as u64);
    }
    if let Some(linked) = table.bool("linked")? {
        spec.linked = linked;
    }
    spec.snapshot = table.string("snapshot")?.map(|s| s.value);
    if spec.linked && spec.clone_mode != CloneMode::MachineState {
        return Err(table.error(
            "clonemode",
            "a linked clone copies only one state: clonemode must be \"state\" with linked = true",
            Some("VirtualBox refuses linked clones of child or all states".into()),
        ));
    }
    spec.memory_mb = table
        .integer("memory", 4..=2_097_152, "MB")?
        .map(|n| n as u32);
    spec.cpus = table
        .integer("cpus", 1..=64, "virtual CPUs")?
        .map(|n| n as u32);
    if let Some(groups) = table.strings("groups")? {
        for group in &groups {
            if !group.value.starts_with('/') || group.value.contains("//") {
                return Err(table.src.error(
                    group.at,
                    Some(&table.key_path("groups")),
                    format!(
                        "illegal group \"{}\": a group is a path like \"/lab/web\"",
                        group.value
                    ),
                    None,
                ));
            }
        }
        spec.groups = groups.into_iter().map(|g| g.value).collect();
    }
    spec.description = table.string("description")?.map(|s| s.value);
    crate::settings::parse_settings(table, &mut spec)?;
    let start_types = [
        ("headless", StartType::Headless),
        ("gui", StartType::Gui),
        ("separate", StartType::Separate),
        ("sdl", StartType::Sdl),
    ];
    if let Some(t) = parse_word(table, "start_type", &start_types)? {
        spec.start_type = t;
    }
    let stop_modes = [
        ("acpi", StopMode::Acpi),
        ("poweroff", StopMode::PowerOff),
        ("savestate", StopMode::SaveState),
    ];
    if let Some(m) = parse_word(table, "stop_mode", &stop_modes)? {
        spec.stop_mode = m;
    }
    if let Some(s) = table.integer("stop_timeout", 1..=86_400, "seconds")? {
        spec.stop_timeout = Duration::from_secs(s as u64);
    }
    let host = table.string("host")?;
    if let Some(h) = host.as_ref().filter(|h| !hosts.contains(&h.value.as_str())) {
        let known = crate::config::known(hosts);
        return Err(table.error(
            "host",
            format!("no connection named \"{}\" (known: {known})", h.value),
            Some(format!(
                "add a [hosts.{}] section with connect = \"…\"",
                h.value
            )),
        ));
    }
    Ok(Profile {
        name: name.to_string(),
        host: host.map(|h| h.value),
        template: spec,
    })
}
