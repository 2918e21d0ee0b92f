//! `showvminfo --machinereadable` reader and mapping on every captured fixture.

use vbox_fixtures::{assert_covered, fixture, fixture_files};
use vbox_manage::parse::showvminfo::{parse_machinereadable, to_machine, MachineInfoMap};
use vbox_types::{
    ChipsetType, FirmwareType, Machine, MachineState, NetworkAttachmentType, SessionState,
};

const COVERED: &[&str] = &[
    "vboxmanage/showvminfo-machinereadable-5.0-running-macos-nat-portforwards.txt",
    "vboxmanage/showvminfo-machinereadable-5.1-poweroff-linux-intnet3-hostonly.txt",
    "vboxmanage/showvminfo-machinereadable-5.2-saved-macos-nat.txt",
    "vboxmanage/showvminfo-machinereadable-6.0-poweroff-linux-nat-snapshot.txt",
    "vboxmanage/showvminfo-machinereadable-6.0-running-windows-bridged.txt",
    "vboxmanage/showvminfo-machinereadable-7.0-poweroff-linux-nat-encryption-line.txt",
    "vboxmanage/showvminfo-machinereadable-7.0-poweroff-linux-nat-hostonly-vrde-reindented.txt",
    "vboxmanage-7.0.14/showvminfo-empty-name.stdout",
    "vboxmanage-7.0.14/showvminfo-not-found.stdout",
    "vboxmanage-7.0.14/showvminfo-paused.stdout",
    "vboxmanage-7.0.14/showvminfo-poweroff-after-run.stdout",
    "vboxmanage-7.0.14/showvminfo-poweroff-linked-clone.stdout",
    "vboxmanage-7.0.14/showvminfo-poweroff-no-ostype.stdout",
    "vboxmanage-7.0.14/showvminfo-poweroff-other-quoted-name.stdout",
    "vboxmanage-7.0.14/showvminfo-poweroff-ubuntu-3nics.stdout",
    "vboxmanage-7.0.14/showvminfo-running.stdout",
    "vboxmanage-7.0.14/showvminfo-saved.stdout",
    "vboxmanage-7.0.14/disks-showvminfo-lc1-after-base-delete.stdout",
    "vboxmanage-7.0.14/disks-showvminfo-linked-with-disk.stdout",
    "vboxmanage-7.0.14/disks-showvminfo-with-disk.stdout",
];

fn read(path: &str) -> MachineInfoMap {
    assert!(COVERED.contains(&path), "{path} missing from COVERED");
    parse_machinereadable(&fixture(path))
}

fn load(path: &str) -> (MachineInfoMap, Machine) {
    let map = read(path);
    let m = to_machine(&map).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(m.accessible);
    (map, m)
}

/// `(attachment, MAC, network name)` of the enabled adapters, with their slots.
fn nics(m: &Machine) -> Vec<(u32, NetworkAttachmentType, &str, &str)> {
    m.enabled_adapters()
        .map(|a| {
            (
                a.slot,
                a.attachment,
                a.mac_address.as_str(),
                a.network_name(),
            )
        })
        .collect()
}

fn clone_a(m: &Machine, state: MachineState) {
    assert_eq!(m.name, "clone a");
    assert_eq!(m.id, "813d390f-e5b8-47f4-870d-dc12adaae284");
    assert_eq!(m.state, state);
    assert_eq!(m.os_type_id, "Other/Unknown");
    assert_eq!(m.memory_mb, 128);
    assert_eq!(m.settings_file, "/home/lab/vms/clone a/clone a.vbox");
    assert_eq!(
        nics(m),
        [(0, NetworkAttachmentType::NAT, "080027CBC7A4", "")]
    );
    assert_eq!(m.adapters.len(), 8);
}

#[test]
fn v5_0_running_macos_nat_portforwards() {
    let (map, m) =
        load("vboxmanage/showvminfo-machinereadable-5.0-running-macos-nat-portforwards.txt");
    assert_eq!(m.name, "urfve6cb85a2_default_1458910687825_39001");
    assert_eq!(m.id, "295e77c3-d922-4849-93de-4422b8c08880");
    assert_eq!(m.state, MachineState::Running);
    assert_eq!(m.session_state, SessionState::Locked);
    assert_eq!(m.session_name.as_deref(), Some("headless"));
    assert_eq!((m.memory_mb, m.cpus), (2048, 2));
    assert_eq!(m.os_type_id, "Ubuntu (64-bit)");
    assert_eq!(m.last_state_change_ms, 1_458_910_689_499);
    assert_eq!(
        nics(&m),
        [(0, NetworkAttachmentType::NAT, "080027089D5F", "")]
    );
    assert_eq!(map.get_all("Forwarding(0)").count(), 1);
    assert_eq!(
        map.get("GuestAdditionsFacility_VirtualBox Base Driver")
            .map(|v| v.split(',').count()),
        Some(2)
    );
}

#[test]
fn v5_1_poweroff_linux_intnet3_hostonly() {
    let (_, m) =
        load("vboxmanage/showvminfo-machinereadable-5.1-poweroff-linux-intnet3-hostonly.txt");
    assert_eq!(m.name, "Company Router");
    assert_eq!(m.id, "d75d3108-266b-420e-aa74-bc73f689ee9c");
    assert_eq!(m.groups, ["/BREACHv4"]);
    assert_eq!(m.state, MachineState::PoweredOff);
    assert_eq!(m.session_state, SessionState::Unlocked);
    assert_eq!(m.settings_file, "", "CfgFile was removed from this fixture");
    assert_eq!(
        nics(&m),
        [
            (
                0,
                NetworkAttachmentType::Internal,
                "080027CA0E5D",
                "Internet"
            ),
            (1, NetworkAttachmentType::Internal, "0800279104ED", "DMZ"),
            (
                2,
                NetworkAttachmentType::Internal,
                "080027859405",
                "Internal"
            ),
            (
                3,
                NetworkAttachmentType::HostOnly,
                "080027D98E94",
                "vboxnet0"
            ),
        ]
    );
}

#[test]
fn v5_2_saved_macos_nat() {
    let (map, m) = load("vboxmanage/showvminfo-machinereadable-5.2-saved-macos-nat.txt");
    assert_eq!(m.name, "go-virtualbox");
    assert_eq!(m.id, "37f5d336-bf07-48dd-947c-37e6a56420a7");
    assert_eq!(m.state, MachineState::Saved);
    assert!(map.get("VMStateFile").is_some_and(|f| f.ends_with(".sav")));
    assert_eq!(
        m.settings_file,
        "/Users/fix/VirtualBox VMs/go-virtualbox/go-virtualbox.vbox"
    );
    assert_eq!(
        nics(&m),
        [(0, NetworkAttachmentType::NAT, "080027EE1DF7", "")]
    );
    assert_eq!(m.snapshot_count, 0);
}

#[test]
fn v6_0_poweroff_linux_nat_snapshot() {
    let (_, m) = load("vboxmanage/showvminfo-machinereadable-6.0-poweroff-linux-nat-snapshot.txt");
    assert_eq!(m.name, "ubuntu-18.04-amd64_1549746024485_35372");
    assert_eq!(m.id, "6294f16b-4f05-4430-afb9-773bdb237aec");
    assert_eq!(m.state, MachineState::PoweredOff);
    assert_eq!(m.snapshot_count, 1);
    let cur = m.current_snapshot.clone().unwrap();
    assert_eq!(
        (cur.name.as_str(), cur.id.as_str()),
        ("base", "085cbbec-70cd-4864-9208-5d938dcabb71")
    );
    assert_eq!(
        nics(&m),
        [(0, NetworkAttachmentType::NAT, "080027E5FA8F", "")]
    );
}

#[test]
fn v6_0_running_windows_bridged() {
    let (map, m) = load("vboxmanage/showvminfo-machinereadable-6.0-running-windows-bridged.txt");
    assert_eq!(m.name, "Xubuntu 22.04");
    assert_eq!(m.state, MachineState::Running);
    assert_eq!(m.session_name.as_deref(), Some("GUI/Qt"));
    assert_eq!(
        m.settings_file,
        r"C:\Users\kouzm\VirtualBox VMs\Xubuntu 22.04\Xubuntu 22.04.vbox"
    );
    assert_eq!(
        nics(&m),
        [(
            0,
            NetworkAttachmentType::Bridged,
            "080027249CE8",
            "Intel(R) Wi-Fi 6E AX211 160MHz"
        )]
    );
    assert_eq!(map.get("videocapres"), Some("1024x768"));
    assert_eq!(map.get("videocapopts"), Some("ac_enabled=false"));
    assert!(map
        .get("SATA-0-0")
        .is_some_and(|p| p.starts_with(r"C:\Virtual Machines\")));
}

#[test]
fn v7_0_poweroff_linux_nat_encryption_line() {
    let (map, m) =
        load("vboxmanage/showvminfo-machinereadable-7.0-poweroff-linux-nat-encryption-line.txt");
    assert_eq!(m.name, "manjaro-gnome-x64-full-clean");
    assert_eq!(m.id, "19e117b3-06f4-4a1e-851d-47336ad6a142");
    assert_eq!(m.description, "name1=value1\nname2=value2");
    assert_eq!((m.memory_mb, m.cpus), (4096, 4));
    assert!(map.get("BIOS NVRAM File").is_some());
    assert!(map
        .iter()
        .all(|(k, _)| !k.starts_with("Encryption") && !k.contains("rec_screen0")));
    assert!(map.get("name2").is_none());
    assert_eq!(
        nics(&m),
        [(0, NetworkAttachmentType::NAT, "08002744D7F6", "")]
    );
}

#[test]
fn v7_0_poweroff_linux_nat_hostonly_vrde_reindented() {
    let (_, m) = load(
        "vboxmanage/showvminfo-machinereadable-7.0-poweroff-linux-nat-hostonly-vrde-reindented.txt",
    );
    assert_eq!(m.name, "xtec-1");
    assert_eq!(m.id, "02fd76af-2bae-4c98-add1-4d802a2f77fa");
    assert_eq!(m.last_state_change_ms, 1_671_270_920_000);
    assert_eq!(
        nics(&m),
        [
            (0, NetworkAttachmentType::NAT, "0800271A4565", ""),
            (
                1,
                NetworkAttachmentType::HostOnly,
                "080027AE1F98",
                "VirtualBox Host-Only Ethernet Adapter"
            ),
        ]
    );
}

#[test]
fn v7_0_14_empty_name_and_not_found() {
    for path in [
        "vboxmanage-7.0.14/showvminfo-empty-name.stdout",
        "vboxmanage-7.0.14/showvminfo-not-found.stdout",
    ] {
        let map = read(path);
        assert!(map.is_empty());
        assert_eq!(to_machine(&map).unwrap_err().key, "name");
    }
}

#[test]
fn v7_0_14_paused() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-paused.stdout");
    clone_a(&m, MachineState::Paused);
    assert_eq!(m.session_state, SessionState::Locked);
}

#[test]
fn v7_0_14_running() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-running.stdout");
    clone_a(&m, MachineState::Running);
    assert_eq!(m.session_name.as_deref(), Some("headless"));
}

#[test]
fn v7_0_14_saved() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-saved.stdout");
    clone_a(&m, MachineState::Saved);
    assert_eq!(m.session_state, SessionState::Unlocked);
    assert_eq!(m.snapshot_count, 1);
    assert_eq!(m.current_snapshot.unwrap().name, "live1");
}

#[test]
fn v7_0_14_poweroff_after_run() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-poweroff-after-run.stdout");
    clone_a(&m, MachineState::PoweredOff);
    assert_eq!(m.session_state, SessionState::Unlocked);
    assert_eq!(
        m.current_snapshot.unwrap().id,
        "f3e94dd1-51e7-4a8f-9129-2144601ead04"
    );
}

#[test]
fn v7_0_14_poweroff_linked_clone() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-poweroff-linked-clone.stdout");
    clone_a(&m, MachineState::PoweredOff);
    assert_eq!(m.snapshot_count, 0);
    assert!(m.current_snapshot.is_none());
}

#[test]
fn v7_0_14_poweroff_no_ostype() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-poweroff-no-ostype.stdout");
    assert_eq!(m.name, "bare");
    assert_eq!(m.id, "15479a3d-8abd-41cb-9ec7-72c83f037850");
    assert_eq!(m.adapters.len(), 8);
    assert_eq!(m.enabled_adapters().count(), 0);
}

#[test]
fn v7_0_14_poweroff_other_quoted_name() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-poweroff-other-quoted-name.stdout");
    assert_eq!(m.name, "tmpl \"q\"");
    assert_eq!(m.id, "e40cf37b-1e05-4937-8ca2-85f632d0df84");
    assert_eq!(m.settings_file, "/home/lab/vms/tmpl _q_/tmpl _q_.vbox");
    assert_eq!(
        nics(&m),
        [(0, NetworkAttachmentType::NAT, "080027AA23EC", "")]
    );
}

#[test]
fn v7_0_14_poweroff_ubuntu_3nics() {
    let (_, m) = load("vboxmanage-7.0.14/showvminfo-poweroff-ubuntu-3nics.stdout");
    assert_eq!(m.name, "web 01");
    assert_eq!(m.id, "911215d9-0a66-420d-a0d1-104c90b9c56d");
    assert_eq!(m.groups, ["/lab/web"]);
    assert_eq!(m.os_type_id, "Ubuntu (64-bit)");
    assert_eq!((m.memory_mb, m.cpus), (1024, 2));
    assert_eq!(m.chipset, ChipsetType::PIIX3);
    assert_eq!(m.firmware, FirmwareType::BIOS);
    assert_eq!(m.description, "line one\nline two");
    assert_eq!(m.last_state_change_ms, 1_795_872_136_373);
    assert_eq!(m.session_state, SessionState::Unlocked);
    assert_eq!(
        nics(&m),
        [
            (0, NetworkAttachmentType::NAT, "080027F6E727", ""),
            (1, NetworkAttachmentType::Internal, "0800278253A1", "labnet"),
            (
                2,
                NetworkAttachmentType::HostOnly,
                "080027AABBCC",
                "vboxnet0"
            ),
        ]
    );
    assert!(m
        .adapters
        .iter()
        .all(|a| a.cable_connected && a.line_speed_kbps == 0));
    assert_eq!(m.adapters.len(), 8);
}

#[test]
fn v7_0_14_disks_showvminfo() {
    for (path, name, id, mac) in [
        (
            "vboxmanage-7.0.14/disks-showvminfo-with-disk.stdout",
            "base",
            "c7db9dcd-2589-4000-8bc1-ee13a9458f16",
            "0800279A2BF0",
        ),
        (
            "vboxmanage-7.0.14/disks-showvminfo-linked-with-disk.stdout",
            "lc1",
            "3598ef0f-f295-4a47-b87f-4056b447db78",
            "080027FC58C6",
        ),
        (
            "vboxmanage-7.0.14/disks-showvminfo-lc1-after-base-delete.stdout",
            "lc1",
            "3598ef0f-f295-4a47-b87f-4056b447db78",
            "080027FC58C6",
        ),
    ] {
        let (_, m) = load(path);
        assert_eq!((m.name.as_str(), m.id.as_str()), (name, id), "{path}");
        assert_eq!(m.state, MachineState::PoweredOff);
        assert_eq!(nics(&m), [(0, NetworkAttachmentType::NAT, mac, "")]);
    }
}

#[test]
fn every_showvminfo_fixture_is_covered() {
    let mut files = fixture_files("vboxmanage", |n| {
        n.starts_with("showvminfo-machinereadable-")
    });
    files.extend(fixture_files("vboxmanage-7.0.14", |n| {
        (n.starts_with("showvminfo-") || n.starts_with("disks-showvminfo-"))
            && n.ends_with(".stdout")
            && !n.starts_with("showvminfo-human")
    }));
    assert_covered(&files, COVERED);
}
