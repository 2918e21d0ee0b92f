//! `list hdds`: one block of `Label:  value` lines per registered hard disk, blocks separated
//! by blank lines. The listing names no machines, so [`Medium::machine_ids`] stays empty here;
//! the backend fills it from the machines' attachments.

use vbox_types::{DeviceType, Medium};

/// `Parent UUID:` of a disk that has no parent.
const NO_PARENT: &str = "base";

/// Every disk of `VBoxManage list hdds` (also `list --sorted hdds`), in output order, with
/// `child_ids` filled from the other blocks' `Parent UUID`. Blocks without a `UUID:` line are
/// skipped; CRLF and `WARNING:` lines are tolerated.
pub fn parse_list_hdds(stdout: &str) -> Vec<Medium> {
    let mut media: Vec<Medium> = Vec::new();
    let mut current: Option<Medium> = None;
    for line in stdout.lines().map(|l| l.trim_end_matches('\r')) {
        if line.trim().is_empty() {
            media.extend(current.take());
            continue;
        }
        let Some((label, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let medium = current.get_or_insert_with(empty);
        match label {
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
}
