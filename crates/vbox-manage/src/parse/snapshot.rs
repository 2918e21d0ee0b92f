//! `snapshot <vm> list --machinereadable` output (the `SnapshotName…` keys, also printed by
//! `showvminfo --machinereadable`).

use crate::parse::showvminfo::{parse_machinereadable, MachineInfoMap};
use vbox_types::Snapshot;

/// The path suffixes (`""`, `"-1"`, `"-1-2"`) of the `SnapshotName<suffix>` keys, in output
/// order (pre-order: parents before children).
pub fn snapshot_paths(map: &MachineInfoMap) -> impl Iterator<Item = &str> {
    map.iter().filter_map(|(k, _)| {
        let suffix = k.strip_prefix("SnapshotName")?;
        let valid = suffix.is_empty()
            || (suffix.starts_with('-')
                && suffix[1..]
                    .split('-')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())));
        valid.then_some(suffix)
    })
}

/// Builds the snapshot tree from already-read pairs; see
/// [`parse_snapshot_list_machinereadable`].
pub fn snapshots_from_map(map: &MachineInfoMap) -> Vec<Snapshot> {
    let current_node = map.get("CurrentSnapshotNode");
    let current_uuid = map.get("CurrentSnapshotUUID");
    let mut out: Vec<(String, Snapshot)> = Vec::new();
    for suffix in snapshot_paths(map) {
        let id = map
            .get(&format!("SnapshotUUID{suffix}"))
            .unwrap_or("")
            .to_string();
        let parent_id = suffix.rfind('-').and_then(|cut| {
            let parent = &suffix[..cut];
            out.iter()
                .find(|(p, _)| p == parent)
                .map(|(_, s)| s.id.clone())
        });
        let current = match current_node {
            Some(node) => node == format!("SnapshotName{suffix}"),
            None => current_uuid.is_some_and(|u| !id.is_empty() && u == id),
        };
        let snapshot = Snapshot {
            name: map
                .get(&format!("SnapshotName{suffix}"))
                .unwrap_or("")
                .to_string(),
            description: map
                .get(&format!("SnapshotDescription{suffix}"))
                .unwrap_or("")
                .to_string(),
            parent_id,
            depth: u32::try_from(suffix.matches('-').count()).unwrap_or(u32::MAX),
            taken_ms: 0,
            online: false,
            current,
            id,
        };
        out.push((suffix.to_string(), snapshot));
    }
    out.into_iter().map(|(_, s)| s).collect()
}

/// Parses `VBoxManage snapshot <vm> list --machinereadable` stdout into snapshots in
/// pre-order.
///
/// The depth comes from the key suffix (`SnapshotName` is the root at depth 0,
/// `SnapshotName-1-2` is at depth 2, child of `SnapshotName-1`); `current` from
/// `CurrentSnapshotNode` (or `CurrentSnapshotUUID` when the node key is absent). The format
/// carries neither the time a snapshot was taken nor whether it was online, so `taken_ms`
/// is 0 and `online` false. Output without snapshot keys (for instance the
/// `This machine does not have any snapshots` message) gives an empty list.
pub fn parse_snapshot_list_machinereadable(stdout: &str) -> Vec<Snapshot> {
    snapshots_from_map(&parse_machinereadable(stdout))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_shape() {
        let out = "SnapshotName=\"root\"\nSnapshotUUID=\"r\"\nSnapshotName-1=\"a\"\nSnapshotUUID-1=\"a\"\nSnapshotDescription-1=\"multi\nline\"\nSnapshotName-1-1=\"aa\"\nSnapshotUUID-1-1=\"aa\"\nSnapshotName-2=\"b\"\nSnapshotUUID-2=\"b\"\nCurrentSnapshotName=\"b\"\nCurrentSnapshotUUID=\"b\"\nCurrentSnapshotNode=\"SnapshotName-2\"\n";
        let s = parse_snapshot_list_machinereadable(out);
        let shape: Vec<_> = s
            .iter()
            .map(|s| (s.name.as_str(), s.depth, s.parent_id.as_deref(), s.current))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("root", 0, None, false),
                ("a", 1, Some("r"), false),
                ("aa", 2, Some("a"), false),
                ("b", 1, Some("r"), true),
            ]
        );
        assert_eq!(s[1].description, "multi\nline");
    }

    #[test]
    fn no_snapshots() {
        assert!(
            parse_snapshot_list_machinereadable("This machine does not have any snapshots\n")
                .is_empty()
        );
    }
}
