//! `list hdds`, the human listings (`list --long`, `showvminfo` without
//! `--machinereadable`), and the result lines of `createvm`, `clonevm`, `startvm`,
//! `snapshot take|delete` and `controlvm`, on every capture of them.

use vbox_fixtures::{assert_covered, fixture, fixture_files};
use vbox_manage::parse::errors::parse_progress;
use vbox_manage::parse::{hdds, long, ostypes, output};
use vbox_types::MachineState;

const HDDS: &[&str] = &[
    "vboxmanage/list-hdds-6.0-windows-mixed-separators.txt",
    "vboxmanage/list-sorted-hdds-6.0-linux-differencing.txt",
    "vboxmanage-7.0.14/list-hdds.stdout",
    "vboxmanage-7.0.14/disks-list-hdds-after-base-delete.stdout",
    "vboxmanage-7.0.14/disks-list-hdds-after-children-delete.stdout",
    "vboxmanage-7.0.14/disks-list-hdds-after-clones.stdout",
    "vboxmanage-7.0.14/disks-list-hdds-final.stdout",
    "vboxmanage-7.2.22/list-long-hdds.stdout",
];

const HUMAN: &[&str] = &[
    "vboxmanage/list-l-runningvms-6.1-macos-stripped.txt",
    "vboxmanage/showvminfo-human-6.0-poweroff-windows-hostonly-nat.txt",
    "vboxmanage-7.0.14/showvminfo-human-poweroff.stdout",
];

const RESULTS: &[&str] = &[
    "vboxmanage/clonevm-success-6.0-windows.txt",
    "vboxmanage/controlvm-poweroff-6.0.8-linux.txt",
    "vboxmanage/controlvm-poweroff-unknown-windows.txt",
    "vboxmanage/snapshot-delete-6.0-windows.txt",
    "vboxmanage/snapshot-take-6.0-windows.txt",
    "vboxmanage/startvm-gui-by-uuid-5.2-windows.txt",
    "vboxmanage/startvm-headless-6.0-windows.txt",
    "vboxmanage/startvm-headless-6.0.8-linux.txt",
    "vboxmanage/startvm-headless-unknown-windows.txt",
    "vboxmanage-7.0.14/clonevm-full.stdout",
    "vboxmanage-7.0.14/clonevm-linked.stdout",
    "vboxmanage-7.0.14/clonevm-mode-all.stdout",
    "vboxmanage-7.0.14/createvm-noostype.stdout",
    "vboxmanage-7.0.14/createvm-other.stdout",
    "vboxmanage-7.0.14/createvm-ubuntu.stdout",
    "vboxmanage-7.0.14/startvm-from-saved.stdout",
    "vboxmanage-7.0.14/startvm-headless.stdout",
    "vboxmanage-7.0.14/snapshot-take-live.stdout",
    "vboxmanage-7.0.14/snapshot-take-offline.stdout",
    "vboxmanage-7.0.14/disks-clonevm-full-with-disk.stdout",
    "vboxmanage-7.0.14/disks-clonevm-linked-1.stdout",
    "vboxmanage-7.0.14/disks-clonevm-linked-2.stdout",
    "vboxmanage-7.0.14/disks-createvm-base.stdout",
    "vboxmanage-7.0.14/disks-snapshot-take.stdout",
    "vboxmanage-7.0.14/disks-startvm-lc1-after-base-delete.stdout",
];

#[test]
fn hdds_every_capture() {
    for rel in HDDS {
        let text = fixture(rel);
        let media = hdds::parse_list_hdds(&text);
        assert_eq!(
            media.len(),
            text.matches("\nUUID:").count() + usize::from(text.starts_with("UUID:")),
            "{rel}"
        );
        for m in &media {
            assert_eq!(m.id.len(), 36, "{rel}: {m:?}");
            assert!(!m.location.is_empty() && m.logical_size > 0, "{rel}: {m:?}");
            if let Some(parent) = &m.parent_id {
                let listed = media.iter().find(|p| &p.id == parent);
                assert!(listed.is_none_or(|p| p.child_ids.contains(&m.id)), "{rel}");
            }
        }
    }
}

#[test]
fn hdds_after_linked_clones() {
    let text = fixture("vboxmanage-7.0.14/disks-list-hdds-after-clones.stdout");
    let media = hdds::parse_list_hdds(&text);
    let base = &media[0];
    assert_eq!(base.location, "/home/lab/vms/base/base.vdi");
    assert_eq!(base.parent_id, None);
    assert_eq!(
        base.child_ids.len(),
        3,
        "the snapshot's disk and two linked clones"
    );
    assert_eq!(base.logical_size, 64 << 20);
    assert_eq!(
        media[2].location,
        "/home/lab/vms/lc1/Snapshots/{b1c5a5c4-c99e-4ac2-817e-c43010d1ab61}.vdi"
    );
}

/// The long form names each disk's users: a machine using a disk only through a snapshot,
/// and a shareable disk of two machines (one line each).
#[test]
fn hdds_long_with_users() {
    let media = hdds::parse_list_hdds(&fixture("vboxmanage-7.2.22/list-long-hdds.stdout"));
    let hb = "988f0eb3-7cdd-499d-80a9-5fcf73334ba6";
    let by = |tail: &str| media.iter().find(|m| m.location.ends_with(tail)).unwrap();
    assert_eq!(
        by("/hb/hb.vdi").machine_ids,
        [hb],
        "used by snapshot s1 only"
    );
    assert_eq!(by("/hb/hb.vdi").child_ids.len(), 4);
    assert_eq!(
        by("/sh.vdi").machine_ids,
        ["95f5d398-9cd3-40a1-aa26-3dd0d50a5dd4", hb]
    );
    assert!(media
        .iter()
        .all(|m| m.machine_ids.len() == 1 || m.location.ends_with("/sh.vdi")));
}

#[test]
fn hdds_windows_mixed_separators() {
    let text = fixture("vboxmanage/list-hdds-6.0-windows-mixed-separators.txt");
    let media = hdds::parse_list_hdds(&text);
    assert_eq!(
        media[1].location,
        "C:\\vmdata\\VirtualBoxVMs\\centos7\\Snapshots/{0c710edc-8f56-4536-9694-0fff70302e90}.vdi"
    );
    assert_eq!(
        media[2].parent_id.as_deref(),
        Some("0c710edc-8f56-4536-9694-0fff70302e90")
    );
    assert_eq!(media[0].logical_size, 20480 << 20);
}

#[test]
fn human_listings_give_name_uuid_state() {
    let cases = [
        (
            HUMAN[0],
            "centos8",
            "ca6d485f-33d1-4f66-8df3-a3be3b1970ff",
            MachineState::Running,
        ),
        (
            HUMAN[1],
            "basecentos7",
            "04503e84-4597-494d-bdf7-ceb80acd96bd",
            MachineState::PoweredOff,
        ),
        (
            HUMAN[2],
            "web 01",
            "911215d9-0a66-420d-a0d1-104c90b9c56d",
            MachineState::PoweredOff,
        ),
    ];
    for (rel, name, id, state) in cases {
        let text = fixture(rel);
        let machines = long::parse_list_long(&text);
        assert_eq!(
            machines.len(),
            1,
            "{rel}: snapshot lines are not machines: {machines:?}"
        );
        assert_eq!(
            (machines[0].name.as_str(), machines[0].id.as_str()),
            (name, id),
            "{rel}"
        );
        assert_eq!(machines[0].state, Some(state), "{rel}");
    }
}

#[test]
fn ostypes_6_1() {
    let text = fixture("vboxmanage/list-ostypes-6.1-macos.txt");
    let types = ostypes::parse_list_ostypes(&text);
    assert_eq!(types.len(), text.matches("\nID:").count() + 1);
    assert_eq!(types[0], ("Other".to_string(), "Other/Unknown".to_string()));
    assert_eq!(ostypes::id_of(&types, "Ubuntu (64-bit)"), Some("Ubuntu_64"));
    assert_eq!(
        ostypes::id_of(&types, "Windows 10 (64-bit)"),
        Some("Windows10_64")
    );
}

#[test]
fn result_lines() {
    for rel in RESULTS {
        let text = fixture(rel);
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name.contains("clonevm") {
            assert!(output::cloned_name(&text).is_some(), "{rel}");
        } else if name.contains("createvm") {
            assert_eq!(
                output::created_uuid(&text).map(|u| u.len()),
                Some(36),
                "{rel}"
            );
            assert!(
                output::settings_file(&text).is_some_and(|s| s.ends_with(".vbox")),
                "{rel}"
            );
        } else if name.contains("startvm") {
            assert!(output::started(&text), "{rel}");
        } else if name.contains("snapshot-take") {
            assert_eq!(
                output::snapshot_uuid(&text).map(|u| u.len()),
                Some(36),
                "{rel}"
            );
        } else {
            // controlvm poweroff and snapshot delete: only the progress line says anything.
            assert_eq!(parse_progress(&text).last(), Some(&100), "{rel}");
        }
    }
    let text = fixture("vboxmanage-7.0.14/clonevm-full.stdout");
    assert_eq!(output::cloned_name(&text).as_deref(), Some("clone b"));
}

#[test]
fn every_capture_of_these_commands_is_covered() {
    let ours = |n: &str| {
        [
            "list-hdds",
            "list-sorted-hdds",
            "list-l-",
            "showvminfo-human",
            "clonevm-success",
            "controlvm-poweroff-",
            "snapshot-delete",
            "snapshot-take",
            "startvm-",
        ]
        .iter()
        .any(|p| n.starts_with(p))
    };
    let mut files = fixture_files("vboxmanage", ours);
    files.extend(fixture_files("vboxmanage-7.0.14", |n| {
        let stdout_of = [
            "list-hdds",
            "disks-list-hdds",
            "clonevm-",
            "disks-clonevm-",
            "createvm-",
            "disks-createvm-",
            "startvm-",
            "disks-startvm-",
            "snapshot-take",
            "disks-snapshot-take",
        ];
        n.ends_with(".stdout")
            && stdout_of.iter().any(|p| n.starts_with(p))
            && !n.contains("linked-no-snapshot")
            && !n.contains("duplicate")
            && !n.contains("not-found")
            && !n.contains("already-running")
    }));
    let covered: Vec<&str> = HDDS.iter().chain(HUMAN).chain(RESULTS).copied().collect();
    assert_covered(&files, &covered);
}

/// Every capture in `fixtures/vboxmanage/` belongs to a parser test family (whose own
/// coverage test lists it) or is named here as outside what vboxctl reads. A new capture
/// that is neither fails this test. (`vboxmanage-7.0.14/` is read whole by the exec test.)
#[test]
fn every_capture_has_a_parser_or_a_reason() {
    const FAMILIES: &[(&str, &str)] = &[
        ("error-", "parse_errors"),
        ("clonevm-error-", "parse_errors"),
        ("guestproperty-", "parse_guestproperty"),
        ("vboxcontrol-guestproperty-", "parse_guestproperty"),
        ("list-vms-", "parse_list"),
        ("list-sorted-vms-", "parse_list"),
        ("list-runningvms-", "parse_list"),
        ("showvminfo-machinereadable-", "parse_showvminfo"),
        ("snapshot-list-", "parse_snapshot"),
        ("list-systemproperties-", "parse_systemproperties"),
        ("version-", "version"),
        ("list-hdds-", "parse_outputs"),
        ("list-sorted-hdds-", "parse_outputs"),
        ("list-l-", "parse_outputs"),
        ("showvminfo-human-", "parse_outputs"),
        ("clonevm-success-", "parse_outputs"),
        ("controlvm-poweroff-", "parse_outputs"),
        ("snapshot-delete-", "parse_outputs"),
        ("snapshot-take-", "parse_outputs"),
        ("startvm-", "parse_outputs"),
        ("list-ostypes-", "parse_outputs"),
        // The unit tests of `parse::hostonly` read each of these.
        ("list-dhcpservers-", "parse::hostonly"),
        ("list-sorted-dhcpservers-", "parse::hostonly"),
        ("list-hostonlyifs-", "parse::hostonly"),
        ("list-sorted-hostonlyifs-", "parse::hostonly"),
        ("list-hostonlynets-", "parse::hostonly"),
    ];
    /// Bridged and NAT networks, media import and DVD listings: no vboxctl operation reads them.
    const NOT_READ: &[&str] = &[
        "clonehd-",
        "import-dry-run-",
        "list-bridgedifs-",
        "list-natnets-",
        "list-sorted-bridgedifs-",
        "list-sorted-dvds-",
        "list-sorted-hostdvds-",
        "list-sorted-natnets-",
    ];
    let unclaimed: Vec<String> = fixture_files("vboxmanage", |n| n.ends_with(".txt"))
        .into_iter()
        .filter(|rel| {
            let name = rel.trim_start_matches("vboxmanage/");
            !FAMILIES.iter().any(|(p, _)| name.starts_with(p))
                && !NOT_READ.iter().any(|p| name.starts_with(p))
        })
        .collect();
    assert!(
        unclaimed.is_empty(),
        "captures nothing parses: {unclaimed:?}"
    );
}
