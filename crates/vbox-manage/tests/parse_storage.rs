//! Storage and shared folders on the real 7.2.22 captures of fixtures/vboxmanage-7.2.22/
//! config/: the `showvminfo` keys read into [`vbox_types::MachineConfig`], and every
//! captured refusal of `storageattach` and `sharedfolder` mapped to its error kind.

use vbox_fixtures::fixture;
use vbox_manage::parse::config::to_config;
use vbox_manage::parse::errors::parse_error;
use vbox_manage::parse::showvminfo::parse_machinereadable;
use vbox_types::{ErrorKind, StorageBus, StorageKind, StorageSlot};

fn capture(name: &str) -> String {
    fixture(&format!("vboxmanage-7.2.22/config/{name}"))
}

#[test]
fn controllers_attachments_and_shares_of_a_stopped_machine() {
    let c = to_config(&parse_machinereadable(&capture(
        "showvminfo-storage-share.stdout",
    )));
    let ctl: Vec<(&str, StorageBus, u32, u32)> = c
        .controllers
        .iter()
        .map(|x| (x.name.as_str(), x.bus, x.port_count, x.max_port_count))
        .collect();
    // The SATA controller made with --portcount 1 grew to 4 with a disk at port 3.
    assert_eq!(
        ctl,
        [
            ("SATA", StorageBus::Sata, 4, 30),
            ("IDE", StorageBus::Ide, 2, 2)
        ]
    );
    assert_eq!(c.attachments.len(), 1, "{:?}", c.attachments);
    let d = &c.attachments[0];
    assert_eq!(d.slot, StorageSlot::new("SATA", 3, 0));
    assert_eq!(d.kind, StorageKind::Disk);
    assert_eq!(
        d.medium.as_deref(),
        Some("/home/lab/.config/VirtualBox/d.vdi")
    );
    assert_eq!(
        d.medium_id.as_deref(),
        Some("78c62ce8-3296-4c16-b53b-341fe5ee1c63")
    );
    let shares: Vec<(&str, &str, bool)> = c
        .shared_folders
        .iter()
        .map(|s| (s.name.as_str(), s.host_path.as_str(), s.transient))
        .collect();
    assert_eq!(
        shares,
        [("s1", "/home/lab/.config/VirtualBox/share", false)]
    );
}

#[test]
fn a_running_machine_lists_its_transient_shares_after_the_permanent_ones() {
    let c = to_config(&parse_machinereadable(&capture(
        "showvminfo-running-transient-share.stdout",
    )));
    let shares: Vec<(&str, bool)> = c
        .shared_folders
        .iter()
        .map(|s| (s.name.as_str(), s.transient))
        .collect();
    assert_eq!(shares, [("s1", false), ("s2", true)]);
}

#[test]
fn captured_refusals_have_their_kinds() {
    for (name, kind, text) in [
        (
            "storageattach-no-controller",
            ErrorKind::NotFound,
            "Could not find a controller named 'SATA'",
        ),
        (
            "storageattach-already-attached",
            ErrorKind::InUse,
            "is already attached to this virtual machine",
        ),
        (
            "storageattach-iso-missing",
            ErrorKind::NotFound,
            "VERR_FILE_NOT_FOUND",
        ),
        (
            "storageattach-iso-not-an-image",
            ErrorKind::InvalidInput,
            "Could not get the storage format",
        ),
        (
            "sharedfolder-add-missing-path",
            ErrorKind::NotFound,
            "RTPathQueryInfo failed",
        ),
        (
            "sharedfolder-add-transient-stopped",
            ErrorKind::InvalidState,
            "is not currently running",
        ),
        (
            "sharedfolder-add-permanent-running",
            ErrorKind::Locked,
            "already locked for a session",
        ),
        (
            "sharedfolder-remove-unknown",
            ErrorKind::NotFound,
            "Could not find a shared folder named 'zz'",
        ),
    ] {
        let e = parse_error(&capture(&format!("{name}.stderr")))
            .unwrap_or_else(|| panic!("{name}: no error block"))
            .to_error();
        assert_eq!(e.kind(), kind, "{name}: {e}");
        assert!(e.message().contains(text), "{name}: {e}");
    }
}
