//! `snapshot list --machinereadable` parser on every captured fixture.

use vbox_fixtures::{assert_covered, fixture, fixture_files};
use vbox_manage::parse::snapshot::parse_snapshot_list_machinereadable;
use vbox_types::Snapshot;

const COVERED: &[&str] = &[
    "vboxmanage/snapshot-list-machinereadable-5.1-deep-tree.txt",
    "vboxmanage-7.0.14/snapshot-list-machinereadable.stdout",
];

fn load(path: &str) -> Vec<Snapshot> {
    assert!(COVERED.contains(&path), "{path} missing from COVERED");
    parse_snapshot_list_machinereadable(&fixture(path))
}

#[test]
fn v5_1_deep_tree() {
    let s = load("vboxmanage/snapshot-list-machinereadable-5.1-deep-tree.txt");
    assert_eq!(s.len(), 16);
    assert_eq!(s[0].name, "clean userbehavior");
    assert_eq!(s[0].id, "81a0d214-e246-43f7-9095-95deb011bf47");
    assert_eq!(s[0].parent_id, None);
    for (i, snap) in s.iter().enumerate() {
        assert_eq!(snap.depth as usize, i);
        if i > 0 {
            assert_eq!(snap.parent_id.as_deref(), Some(s[i - 1].id.as_str()));
        }
        assert_eq!(snap.current, i == 15);
    }
    assert_eq!(s[7].name, "installed GuestAdditions with autologin");
    assert_eq!(s[7].description, "VBoxWindowsAdditions /with_autologin");
    assert!(s.iter().filter(|x| !x.description.is_empty()).count() == 1);
    assert_eq!(s[15].name, "imdisk");
    assert_eq!(s[15].id, "acf23d84-479c-4a4c-8c5e-ccd8f28b14c3");
}

#[test]
fn v7_0_14_one_with_description() {
    let s = load("vboxmanage-7.0.14/snapshot-list-machinereadable.stdout");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].name, "base");
    assert_eq!(s[0].id, "a95f7bf0-0445-4b41-8583-aabc4f834213");
    assert_eq!(s[0].description, "golden image");
    assert_eq!(
        (s[0].depth, s[0].parent_id.as_deref(), s[0].current),
        (0, None, true)
    );
}

#[test]
fn every_snapshot_list_fixture_is_covered() {
    let select =
        |n: &str| n.starts_with("snapshot-list-machinereadable") && !n.ends_with(".stderr");
    let mut files = fixture_files("vboxmanage", select);
    files.extend(fixture_files("vboxmanage-7.0.14", select));
    assert_covered(&files, COVERED);
}
