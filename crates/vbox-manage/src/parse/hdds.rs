//! `list [--long] hdds`: one block of `Label:  value` lines per registered hard disk, blocks
//! separated by blank lines. Only the long form names the machines that use a disk
//! (`In use by VMs:`, one machine per line, continuation lines indented like the values);
//! the short form leaves [`Medium::machine_ids`] empty.

use vbox_types::{DeviceType, Medium};

/// `Parent UUID:` of a disk that has no parent.
const NO_PARENT: &str = "base";

/// Every disk of `VBoxManage list [--long] [--sorted] hdds`, in output order, with
/// `child_ids` filled from the other blocks' `Parent UUID` and, from the long form,
/// `machine_ids` from `In use by VMs`. Blocks without a `UUID:` line are skipped; CRLF and
/// `WARNING:` lines are tolerated.
pub fn parse_list_hdds(stdout: &str) -> Vec<Medium> {
    let mut media: Vec<Medium> = Vec::new();
    let mut current: Option<Medium> = None;
    let mut label = "";
    for line in stdout.lines().map(|l| l.trim_end_matches('\r')) {
        if line.trim().is_empty() {
            media.extend(current.take());
            continue;
        }
        let value = if line.starts_with(char::is_whitespace) {
            // A continuation line: one more value of the label above.
            line.trim()
        } else {
            let Some((l, v)) = line.split_once(':') else {
                continue;
            };
            label = l;
            v.trim()
        };
        let medium = current.get_or_insert_with(empty);
        match label {
            "In use by VMs" => medium.machine_ids.extend(user_id(value)),
            "UUID" => medium.id = value.to_ascii_lowercase(),
            "Parent UUID" if value != NO_PARENT => {
                medium.parent_id = Some(value.to_ascii_lowercase())
            }
            "Location" => medium.location = value.to_string(),
            "Storage format" => medium.format = value.to_string(),
            "Capacity" => medium.logical_size = capacity_bytes(value),
            _ => {}
        }
    }
    media.extend(current);
    media.retain(|m| !m.id.is_empty());
    let links: Vec<(String, String)> = media
        .iter()
        .filter_map(|m| Some((m.parent_id.clone()?, m.id.clone())))
        .collect();
    for (parent, child) in links {
        if let Some(p) = media.iter_mut().find(|m| m.id == parent) {
            p.child_ids.push(child);
        }
    }
    media
}

/// The machine's UUID of one `In use by VMs` entry: `NAME (UUID: ID)`, then the snapshots
/// that use the disk as ` [SNAP (UUID: ID), …]`. The machine's is the first `(UUID: …)` that
/// ends the entry or comes before the bracket (a name may itself hold such text).
fn user_id(entry: &str) -> Option<String> {
    const OPEN: &str = "(UUID: ";
    let mut from = 0;
    while let Some(at) = entry[from..].find(OPEN) {
        let start = from + at + OPEN.len();
        let rest = &entry[start..];
        if let Some(close) = rest.find(')') {
            let after = &rest[close + 1..];
            if after.is_empty() || after.starts_with(" [") {
                return Some(rest[..close].to_ascii_lowercase());
            }
        }
        from = start;
    }
    None
}

fn empty() -> Medium {
    Medium {
        id: String::new(),
        location: String::new(),
        format: String::new(),
        device_type: DeviceType::HardDisk,
        parent_id: None,
        child_ids: Vec::new(),
        machine_ids: Vec::new(),
        logical_size: 0,
    }
}

/// `64 MBytes` → bytes. VBoxManage prints the logical size in whole MBytes.
fn capacity_bytes(value: &str) -> u64 {
    let mut words = value.split_whitespace();
    let n: u64 = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
    let unit = match words.next().unwrap_or("MBytes") {
        "Bytes" => 1,
        "KBytes" => 1 << 10,
        "GBytes" => 1 << 30,
        "TBytes" => 1 << 40,
        _ => 1 << 20,
    };
    n.saturating_mul(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_child_and_size() {
        let out = "UUID:           AA\r\nParent UUID:    base\r\nLocation:       /v/a.vdi\r\nStorage format: VDI\r\nCapacity:       64 MBytes\r\n\r\nUUID:           bb\nParent UUID:    aa\nLocation:       /v/Snapshots/{bb}.vdi\n";
        let m = parse_list_hdds(out);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].id, "aa");
        assert_eq!(m[0].parent_id, None);
        assert_eq!(m[0].child_ids, ["bb"]);
        assert_eq!(m[0].logical_size, 64 << 20);
        assert_eq!(m[1].parent_id.as_deref(), Some("aa"));
        assert_eq!(m[1].location, "/v/Snapshots/{bb}.vdi");
        assert!(parse_list_hdds("").is_empty());
    }

    #[test]
    fn users_of_the_long_form() {
        let out = "UUID:           aa\nParent UUID:    base\nIn use by VMs:  a (UUID: 1A) [s1 (UUID: 7), s2 (UUID: 8)]\n                b (UUID: x) (UUID: 2B)\nChild UUIDs:    cc\n                dd\n";
        let m = parse_list_hdds(out);
        assert_eq!(m[0].machine_ids, ["1a", "2b"]);
        assert!(
            m[0].child_ids.is_empty(),
            "children come from the blocks, not this line"
        );
    }
}
