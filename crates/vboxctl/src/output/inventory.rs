//! Inventories for other tools: Ansible's dynamic inventory JSON and a salt-ssh roster (YAML,
//! written by hand: the shape is two levels deep, and quoting is the only subtle part).

use super::json::AddressJson;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One machine of an inventory (`--format json`).
#[derive(Debug, Serialize)]
pub struct InventoryHost {
    pub name: String,
    pub id: String,
    /// API name of its state.
    pub state: &'static str,
    /// VirtualBox groups (`/lab/web`); `/` is the root group.
    pub groups: Vec<String>,
    /// The first IPv4 address in the guest's interface order; or, when SSH is reachable only
    /// through a NAT forward, the host the forward listens on.
    pub ip: Option<String>,
    /// The host port of that forward (`ansible_port`, the roster's `port`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub addresses: Vec<AddressJson>,
}

/// A VirtualBox group path as Ansible group names, outermost first: `/lab/web` →
/// `["lab", "lab_web"]`. Characters Ansible refuses in group names become `_`.
pub fn ansible_groups(path: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        let clean: String = part
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let name = match out.last() {
            Some(parent) => format!("{parent}_{clean}"),
            None if clean.starts_with(|c: char| c.is_ascii_digit()) => format!("_{clean}"),
            None => clean,
        };
        out.push(name);
    }
    out
}

/// The variables of one machine (`--host NAME`, and `_meta.hostvars`).
pub fn ansible_hostvars(host: &InventoryHost) -> Value {
    let mut vars = Map::new();
    if let Some(ip) = &host.ip {
        vars.insert("ansible_host".into(), json!(ip));
    }
    if let Some(port) = host.port {
        vars.insert("ansible_port".into(), json!(port));
    }
    vars.insert("vbox_id".into(), json!(host.id));
    vars.insert("vbox_state".into(), json!(host.state));
    vars.insert("vbox_groups".into(), json!(host.groups));
    let addresses: Vec<&str> = host.addresses.iter().map(|a| a.address.as_str()).collect();
    vars.insert("vbox_addresses".into(), json!(addresses));
    Value::Object(vars)
}

/// Ansible's `--list`: every group with its hosts and child groups, `all`, `ungrouped`, and
/// `_meta.hostvars` (so Ansible need not call `--host` per machine).
pub fn ansible_list(hosts: &[InventoryHost]) -> Value {
    let mut members: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut top = BTreeSet::new();
    let mut ungrouped = BTreeSet::new();
    for host in hosts {
        let mut placed = false;
        for path in &host.groups {
            let chain = ansible_groups(path);
            let Some(leaf) = chain.last() else { continue };
            members
                .entry(leaf.clone())
                .or_default()
                .insert(host.name.clone());
            top.insert(chain[0].clone());
            for pair in chain.windows(2) {
                children
                    .entry(pair[0].clone())
                    .or_default()
                    .insert(pair[1].clone());
            }
            placed = true;
        }
        if !placed {
            ungrouped.insert(host.name.clone());
        }
    }
    let mut out = Map::new();
    let hostvars: Map<String, Value> = hosts
        .iter()
        .map(|h| (h.name.clone(), ansible_hostvars(h)))
        .collect();
    out.insert("_meta".into(), json!({ "hostvars": hostvars }));
    let mut all_children: Vec<String> = top.into_iter().collect();
    all_children.push("ungrouped".into());
    let all_hosts: Vec<&str> = hosts.iter().map(|h| h.name.as_str()).collect();
    out.insert(
        "all".into(),
        json!({ "hosts": all_hosts, "children": all_children }),
    );
    out.insert("ungrouped".into(), json!({ "hosts": ungrouped }));
    let names: BTreeSet<&String> = members.keys().chain(children.keys()).collect();
    for name in names {
        let mut group = Map::new();
        if let Some(hosts) = members.get(name) {
            group.insert("hosts".into(), json!(hosts));
        }
        if let Some(kids) = children.get(name) {
            group.insert("children".into(), json!(kids));
        }
        out.insert(name.clone(), Value::Object(group));
    }
    Value::Object(out)
}

/// A salt-ssh roster: `name:` then `host: ADDRESS` indented, for every machine with an
/// address; the others are listed in comments so their absence is explained.
pub fn salt_roster(hosts: &[InventoryHost], source: &str) -> String {
    let mut out = format!(
        "# salt-ssh roster written by vboxctl from {}\n",
        comment(source)
    );
    for host in hosts {
        match &host.ip {
            Some(ip) => {
                out.push_str(&format!(
                    "{}:\n  host: {}\n",
                    yaml_scalar(&host.name),
                    yaml_scalar(ip)
                ));
                if let Some(port) = host.port {
                    out.push_str(&format!("  port: {port}\n"));
                }
            }
            None => out.push_str(&format!(
                "# {}: no address ({})\n",
                comment(&host.name),
                host.state
            )),
        }
    }
    out
}

/// Text safe inside a YAML comment: one line, control characters escaped.
fn comment(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A YAML scalar that reads back as the same string: plain when it is unambiguous (letters,
/// digits, `_.-`, not a word YAML 1.1 reads as a boolean or null, not a number), else
/// double-quoted. JSON's string escapes are a subset of YAML's double-quoted ones.
pub fn yaml_scalar(text: &str) -> String {
    const WORDS: &[&str] = &[
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    ];
    let simple = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && text.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && !WORDS.contains(&text.to_ascii_lowercase().as_str());
    let numeric = text.parse::<f64>().is_ok() || text.starts_with("0x") || text.starts_with("0o");
    if simple && !numeric {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.escape_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_nest_and_are_cleaned() {
        assert_eq!(ansible_groups("/lab/web"), ["lab", "lab_web"]);
        assert_eq!(ansible_groups("/"), Vec::<String>::new());
        assert_eq!(
            ansible_groups("/2024 ci/run-ners"),
            ["_2024_ci", "_2024_ci_run_ners"]
        );
    }

    #[test]
    fn scalars_quote_what_yaml_would_misread() {
        assert_eq!(yaml_scalar("web-01"), "web-01");
        assert_eq!(yaml_scalar("10.0.2.15"), "10.0.2.15");
        assert_eq!(yaml_scalar("10.5"), "\"10.5\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("fd00::1"), "\"fd00::1\"");
        assert_eq!(yaml_scalar("a: b # c"), "\"a: b # c\"");
        assert_eq!(yaml_scalar("say \"hi\"\n"), r#""say \"hi\"\n""#);
        assert_eq!(yaml_scalar(""), "\"\"");
    }
}
