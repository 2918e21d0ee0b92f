//! `list vms`, `list --long vms`, `list systemproperties` and `snapshot list` against the
//! 7.0.14 captures, the 7.2.22 system properties, and the 6.1/7.1 forms of the system
//! properties.

use super::*;
use crate::manage::view::testkit::*;
use crate::Sim;
use vbox_types::{Backend, Snapshot};

fn props(version: &str) -> String {
    systemproperties(
        &SimOptions::emulating(version).unwrap(),
        CAPTURED_ROOT,
        None,
    )
}

#[tokio::test(start_paused = true)]
async fn list_vms_matches_the_capture() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    let want = capture("list-vms");
    let got = list_vms(&sim.list_machines().await.unwrap());
    assert_like("list-vms", &sim, &got, &want);
    let mut gone = sim.list_machines().await.unwrap();
    gone[1].accessible = false;
    assert!(list_vms(&gone).contains("\n\"<inaccessible>\" {"));
}

#[tokio::test(start_paused = true)]
async fn list_long_is_the_human_blocks_back_to_back() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    let views = sim.machine_views().await.unwrap();
    let text = list_long(&views, sim.options());
    // Each block ends with its empty line and the next starts right after it.
    let blocks: Vec<&str> = text.split_inclusive("\n\nName:").collect();
    assert_eq!(blocks.len(), 3);
    assert!(text.ends_with("Configured memory balloon:   0MB\n\n"));
    assert!(text.contains("balloon:   0MB\n\nName:                        tmpl \"q\"\n"));
    // A powered-off machine prints the same without a session: the first block is the
    // captured `showvminfo web 01`.
    let want = capture("showvminfo-human-poweroff");
    let first = &text[..text.find("\nName:").unwrap() + 1];
    assert_like("list --long vms", &sim, first, &want);
}

#[test]
fn system_properties_of_7_0_match_the_capture() {
    let want = capture("list-systemproperties");
    assert_eq!(props("7.0.14"), want);
}

/// 7.2 is Debian's 7.2.22 of the real-host suite, whose homes use the null authentication.
#[test]
fn system_properties_of_7_2_are_the_captured_ones() {
    let got = systemproperties(
        &SimOptions::emulating("7.2.22_Debian").unwrap(),
        CAPTURED_ROOT,
        Some("null"),
    );
    let want = vbox_fixtures::fixture("vboxmanage-7.2.22/list-systemproperties.stdout");
    assert_eq!(got, want);
}

/// 7.1 has no capture: 7.0.14's system part, then the platform sections 7.2.22 shows.
#[test]
fn system_properties_of_7_1_have_platform_sections() {
    let captured = capture("list-systemproperties");
    {
        let version = "7.1";
        let text = props(version);
        let api = format!(
            "API version:                     {}\n",
            &version.replace('.', "_")
        );
        assert!(text.starts_with(&api));
        // The system part is the captured one without the limits that moved to platforms.
        let system: Vec<&str> = text
            .lines()
            .take_while(|l| !l.starts_with("Host platform"))
            .collect();
        let flat: Vec<&str> = captured.lines().collect();
        let first = flat
            .iter()
            .position(|l| l.starts_with("Maximum Serial Port"))
            .unwrap();
        let last = flat
            .iter()
            .position(|l| l.starts_with("Maximum Devices per Floppy"))
            .unwrap();
        let flat = [&flat[1..first], &flat[last + 1..]].concat();
        assert_eq!(system[1..], flat[..], "{version}");
        let (host, guest) = (
            "Host platform properties:\n",
            "\nSupported platform architectures: x86\n\nx86 platform properties:\n",
        );
        let h = text.find(host).unwrap() + host.len();
        let g = text.find(guest).unwrap();
        assert_eq!(
            text[h..g],
            text[g + guest.len()..],
            "host and x86 sections agree"
        );
        for line in [
            "Maximum Serial Port count:              4\n",
            "Maximum SATA Device per port:          1\n",
            "Supported chipsets:                     PIIX3, ICH9\n",
            "PIIX3 chipset properties:\nMaximum PIIX3 Network Adapter count:   8\n",
            "\nICH9 chipset properties:\nMaximum ICH9 Network Adapter count:   36\n",
            "Maximum ICH9 virtio-scsi Controllers:  8\nMaximum ICH9 Floppy Controllers:1\n",
        ] {
            assert!(text.contains(line), "{version}: {line}");
        }
    }
}

#[test]
fn system_properties_of_6_1() {
    let text = props("6.1");
    assert!(text.starts_with("API version:                     6_1\n"));
    assert!(text.contains("\nMaximum guest CPU count:         32\n"));
    assert!(text.contains("\nDefault audio driver:            PulseAudio\n"));
    assert!(text.contains("\nMaximum PIIX3 Network Adapter count:   8\n"));
    assert!(!text.contains("VM encryption ExtPack"));
    assert!(!text.contains("platform"));
}

#[tokio::test(start_paused = true)]
async fn snapshot_list_matches_the_capture() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    linked_clone(&sim).await;
    let view = sim.machine_view("tmpl \"q\"").await.unwrap();
    let want = capture("snapshot-list-machinereadable");
    assert_like(
        "snapshot list",
        &sim,
        &snapshot_list_machinereadable(&view),
        &want,
    );
}

fn snap(id: &str, parent: Option<&str>, depth: u32, description: &str) -> Snapshot {
    Snapshot {
        id: format!("00000000-0000-0000-0000-00000000000{id}"),
        name: format!("s{id}"),
        description: description.into(),
        parent_id: parent.map(|p| format!("00000000-0000-0000-0000-00000000000{p}")),
        depth,
        taken_ms: 0,
        online: false,
        current: id == "3",
    }
}

async fn view_with(sim: &Sim, snapshots: Vec<Snapshot>) -> MachineView {
    let mut v = sim.machine_view("bare").await.unwrap();
    v.snapshots = snapshots;
    v
}

#[tokio::test(start_paused = true)]
async fn snapshot_trees_indent_and_number_by_level() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    let tree = vec![
        snap("1", None, 0, "one line"),
        snap("2", Some("1"), 1, "two\nlines"),
        snap("3", Some("2"), 2, ""),
        snap("4", Some("1"), 1, ""),
    ];
    let v = view_with(&sim, tree).await;
    let id = |n: &str| format!("00000000-0000-0000-0000-00000000000{n}");
    let human = snapshot_list_human(&v, sim.options());
    assert_eq!(
        human,
        format!(
            "   Name: s1 (UUID: {})\n   Description: one line\n      Name: s2 (UUID: {})\n      Description:\ntwo\nlines\n         Name: s3 (UUID: {}) *\n      Name: s4 (UUID: {})\n",
            id("1"), id("2"), id("3"), id("4")
        )
    );
    let mr = snapshot_list_machinereadable(&v);
    let keys = vbox_fixtures::shape::keys(&mr);
    assert_eq!(
        keys,
        [
            "SnapshotName",
            "SnapshotUUID",
            "SnapshotDescription",
            "SnapshotName-1",
            "SnapshotUUID-1",
            "SnapshotDescription-1",
            "SnapshotName-1-1",
            "SnapshotUUID-1-1",
            "CurrentSnapshotName",
            "CurrentSnapshotUUID",
            "CurrentSnapshotNode",
            "SnapshotName-2",
            "SnapshotUUID-2",
        ]
    );
    assert!(mr.contains("CurrentSnapshotNode=\"SnapshotName-1-1\"\n"));
}

#[tokio::test(start_paused = true)]
async fn six_x_snapshot_descriptions_go_on_their_own_lines() {
    let (_d, sim) = sim("6.1");
    first_session(&sim).await;
    let want = vbox_fixtures::fixture(
        "vboxmanage/snapshot-list-human-6.0-windows-one-with-description.txt",
    );
    let mut one = snap("3", None, 0, "Minimize installation");
    one.name = "1_os_init".into();
    let v = view_with(&sim, vec![one]).await;
    assert_like(
        "6.x snapshot list",
        &sim,
        &snapshot_list_human(&v, sim.options()),
        &want,
    );
}
