//! The snapshot tree as `showSnapshots` prints it, for `showvminfo` and `snapshot list`.
//!
//! Machine-readable keys number the tree: the root is `SnapshotName`, its first child
//! `SnapshotName-1`, that one's second child `SnapshotName-1-2`. Lines are printed with plain
//! `RTPrintf` (names and descriptions not escaped). The human form indents each level by
//! three more spaces and marks the current snapshot with ` *`.

use super::flavor::Flavor;
use super::out::Out;
use vbox_types::Snapshot;

/// The numbering suffix of each snapshot of a pre-order tree.
fn suffixes(snaps: &[Snapshot]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(snaps.len());
    for (i, s) in snaps.iter().enumerate() {
        let parent = s
            .parent_id
            .as_ref()
            .and_then(|p| snaps[..i].iter().position(|x| &x.id == p));
        let suffix = match parent {
            None => String::new(),
            Some(pi) => {
                let nth = snaps[pi + 1..i]
                    .iter()
                    .filter(|x| x.parent_id == s.parent_id)
                    .count();
                format!("{}-{}", out[pi], nth + 1)
            }
        };
        out.push(suffix);
    }
    out
}

/// The tree in the output's form.
pub(crate) fn tree(o: &mut Out, snaps: &[Snapshot], f: Flavor) {
    if o.mr() {
        machine_readable(o, snaps);
    } else {
        human(o, snaps, f);
    }
}

fn machine_readable(o: &mut Out, snaps: &[Snapshot]) {
    for (s, sfx) in snaps.iter().zip(suffixes(snaps)) {
        o.line(&format!("SnapshotName{sfx}=\"{}\"", s.name));
        o.line(&format!("SnapshotUUID{sfx}=\"{}\"", s.id));
        if !s.description.is_empty() {
            o.line(&format!("SnapshotDescription{sfx}=\"{}\"", s.description));
        }
        if s.current {
            o.line(&format!("CurrentSnapshotName=\"{}\"", s.name));
            o.line(&format!("CurrentSnapshotUUID=\"{}\"", s.id));
            o.line(&format!("CurrentSnapshotNode=\"SnapshotName{sfx}\""));
        }
    }
}

fn human(o: &mut Out, snaps: &[Snapshot], f: Flavor) {
    for s in snaps {
        let indent = "   ".repeat(s.depth as usize);
        let star = if s.current { " *" } else { "" };
        o.line(&format!(
            "   {indent}Name: {} (UUID: {}){star}",
            s.name, s.id
        ));
        if s.description.is_empty() {
            continue;
        }
        // 7.0 keeps a one-line description on the `Description:` line; 6.x always puts it
        // on the following lines, unindented.
        if f.v7() && !s.description.contains('\n') {
            o.line(&format!("   {indent}Description: {}", s.description));
        } else {
            o.line(&format!("   {indent}Description:\n{}", s.description));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(id: &str, parent: Option<&str>, depth: u32) -> Snapshot {
        Snapshot {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            parent_id: parent.map(Into::into),
            depth,
            taken_ms: 0,
            online: false,
            current: false,
        }
    }

    #[test]
    fn tree_numbering() {
        let t = [
            snap("a", None, 0),
            snap("b", Some("a"), 1),
            snap("c", Some("b"), 2),
            snap("d", Some("a"), 1),
            snap("e", Some("d"), 2),
        ];
        assert_eq!(suffixes(&t), ["", "-1", "-1-1", "-2", "-2-1"]);
    }
}
