//! The parsers on the VBoxManage 7.2.22 captures of listings, OS types and snapshot times
//! (`fixtures/vboxmanage-7.2.22/README.md` says how each was made).

use vbox_fixtures::fixture;
use vbox_manage::parse::list::parse_list_vms;
use vbox_manage::parse::long::parse_list_long_machines;
use vbox_manage::parse::ostypes::{id_of, parse_list_ostypes};
use vbox_manage::parse::settings::snapshot_stamps;
use vbox_manage::parse::showvminfo::parse_machinereadable;
use vbox_manage::parse::snapshot::{parse_snapshot_list_machinereadable, snapshots_from_map};
use vbox_types::MachineState;

const DIR: &str = "vboxmanage-7.2.22";

fn capture(name: &str) -> String {
    fixture(&format!("{DIR}/{name}"))
}

/// 7.2 prints `ID / Description: Ubuntu_64 -- Ubuntu (64-bit)`: the description → id
/// mapping that turns `showvminfo`'s `ostype=` back into the API's id.
#[test]
fn os_types_of_7_2() {
    let types = parse_list_ostypes(&capture("list-ostypes.stdout"));
    let blocks = capture("list-ostypes.stdout")
        .lines()
        .filter(|l| l.starts_with("ID / Description:"))
        .count();
    assert_eq!(types.len(), blocks);
    assert!(types.len() > 200, "{}", types.len());
    assert_eq!(id_of(&types, "Ubuntu (64-bit)"), Some("Ubuntu_64"));
    assert_eq!(id_of(&types, "Other/Unknown"), Some("Other"));
    assert_eq!(id_of(&types, "Debian (64-bit)"), Some("Debian_64"));
    assert!(capture("list-ostypes.stderr").is_empty());
}

#[test]
fn long_listing_with_a_running_machine() {
    let machines = parse_list_long_machines(&capture("list-long-vms-running.stdout"));
    assert_eq!(machines.len(), 3, "{machines:#?}");
    let web = &machines[0];
    assert_eq!(
        (web.name.as_str(), web.os_description.as_str()),
        ("web01", "Ubuntu (64-bit)")
    );
    assert_eq!(web.id, "0ff99322-eea0-422f-86f3-6f8a2a2cf86c");
    assert_eq!(web.state, Some(MachineState::Running));
    assert_eq!(web.session_name.as_deref(), Some("headless"));
    assert_eq!((web.memory_mb, web.cpus), (1024, 1));
    let db = &machines[1];
    assert_eq!(db.name, "db 02");
    assert_eq!(db.groups, ["/lab/db"]);
    assert_eq!((db.memory_mb, db.cpus), (512, 2));
    assert_eq!(db.os_description, "Other/Unknown");
    assert_eq!(db.state, Some(MachineState::PoweredOff));
    assert_eq!(db.session_name, None);
    assert_eq!(machines[2].name, "gone");
    assert!(capture("list-long-vms-running.stderr").is_empty());
}

/// An inaccessible machine: `<inaccessible!>` with its UUID in the long listing, the error on
/// stderr, exit 0.
#[test]
fn long_listing_with_an_inaccessible_machine() {
    let machines = parse_list_long_machines(&capture("list-long-vms-inaccessible.stdout"));
    assert_eq!(machines.len(), 3);
    let gone = &machines[2];
    assert!(!gone.accessible);
    assert_eq!(gone.id, "9bcda6da-28cd-4224-8fef-698c0ae94e40");
    assert!(machines[..2].iter().all(|m| m.accessible));
    assert_eq!(machines[0].state, Some(MachineState::PoweredOff));
    assert!(capture("list-long-vms-inaccessible.stderr").contains("VERR_FILE_NOT_FOUND"));
    let short = parse_list_vms(&capture("list-vms-inaccessible.stdout"));
    assert_eq!(short.len(), 3);
    assert!(!short[2].accessible);
    assert!(capture("list-vms-inaccessible.stderr").is_empty());
}

/// The tree from `showvminfo` equals `snapshot list`'s, and the times come from the settings
/// file — the value the web service gives (`soap-7.2.22/13-snapshot-getTimeStamp`).
#[test]
fn snapshot_times_from_the_settings_file() {
    let map = parse_machinereadable(&capture("showvminfo-snapshots-running.stdout"));
    let tree = snapshots_from_map(&map);
    let listed =
        parse_snapshot_list_machinereadable(&capture("snapshot-list-machinereadable-two.stdout"));
    assert_eq!(tree, listed);
    assert_eq!(tree.len(), 2);
    assert!(
        tree.iter().all(|s| s.taken_ms == 0),
        "VBoxManage prints no time"
    );
    assert!(map
        .get("CfgFile")
        .is_some_and(|f| f.ends_with("/web01/web01.vbox")));
    let stamps = snapshot_stamps(&capture("settings-web01-two-snapshots.vbox"));
    let base = stamps[&tree[0].id];
    let live = stamps[&tree[1].id];
    assert_eq!(
        (tree[0].name.as_str(), tree[1].name.as_str()),
        ("base", "live")
    );
    assert!(!base.online && live.online);
    assert_eq!(live.taken_ms, 1_796_461_149_000);
    assert!(base.taken_ms < live.taken_ms);
    for empty in [
        "showvminfo-snapshots-running.stderr",
        "snapshot-list-machinereadable-two.stderr",
    ] {
        assert!(capture(empty).is_empty(), "{empty}");
    }
}
