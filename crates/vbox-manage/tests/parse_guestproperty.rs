//! `guestproperty get|enumerate|wait` parsers on every real capture.

use vbox_fixtures::{assert_covered, fixture, fixture_files};
use vbox_manage::parse::guestproperty::{is_wait_timeout, parse_enumerate, parse_get, parse_wait};
use vbox_types::GuestProperty;

/// Every fixture these tests cover; `coverage` fails when a new one appears unlisted.
const COVERED: &[&str] = &[
    "vboxmanage/guestproperty-enumerate-5.2.6-genymotion-multiline-value.txt",
    "vboxmanage/guestproperty-enumerate-5.2.8-macos-trailing-space-TRUNCATED.txt",
    "vboxmanage/guestproperty-enumerate-6.1.4-gns3vm.txt",
    "vboxmanage/guestproperty-enumerate-7.2.4-linux-freebsd-guest-TRUNCATED.txt",
    "vboxmanage/guestproperty-get-found-windows-2018.txt",
    "vboxmanage/guestproperty-get-no-value-set-2018.txt",
    "vboxmanage/vboxcontrol-guestproperty-enumerate-5.0-guest-side.txt",
    "vboxmanage-7.0.14/guestproperty-enumerate-after-poweroff.stdout",
    "vboxmanage-7.0.14/guestproperty-enumerate-after-poweroff.stderr",
    "vboxmanage-7.0.14/guestproperty-enumerate-old-format.stdout",
    "vboxmanage-7.0.14/guestproperty-enumerate-old-format.stderr",
    "vboxmanage-7.0.14/guestproperty-enumerate-patterns.stdout",
    "vboxmanage-7.0.14/guestproperty-enumerate-patterns.stderr",
    "vboxmanage-7.0.14/guestproperty-enumerate-running.stdout",
    "vboxmanage-7.0.14/guestproperty-enumerate-running.stderr",
    "vboxmanage-7.0.14/guestproperty-get-found.stdout",
    "vboxmanage-7.0.14/guestproperty-get-found.stderr",
    "vboxmanage-7.0.14/guestproperty-get-missing.stdout",
    "vboxmanage-7.0.14/guestproperty-get-missing.stderr",
    "vboxmanage-7.0.14/guestproperty-wait-change.stdout",
    "vboxmanage-7.0.14/guestproperty-wait-change.stderr",
    "vboxmanage-7.0.14/guestproperty-wait-timeout.stdout",
    "vboxmanage-7.0.14/guestproperty-wait-timeout.stderr",
];

fn find<'a>(props: &'a [GuestProperty], name: &str) -> &'a GuestProperty {
    props
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

/// 2026-11-28T13:22:19.779Z in ns.
const T_19_779: i64 = 1_795_872_139_779_000_000;

#[test]
fn coverage() {
    let mut files = fixture_files("vboxmanage", |n| {
        n.starts_with("guestproperty-") || n.starts_with("vboxcontrol-guestproperty-")
    });
    files.extend(fixture_files("vboxmanage-7.0.14", |n| {
        n.starts_with("guestproperty-")
    }));
    assert_covered(&files, COVERED);
}

#[test]
fn enumerate_genymotion_multiline_value() {
    let out = fixture("vboxmanage/guestproperty-enumerate-5.2.6-genymotion-multiline-value.txt");
    let props = parse_enumerate(&out);
    // 172 lines: 33 one-line records and `serialno`, which spans lines 11..=149.
    let starts = out.lines().filter(|l| l.starts_with("Name: ")).count();
    assert_eq!(props.len(), starts);
    assert_eq!(props.len(), 34);
    let serial = find(&props, "serialno");
    assert!(serial
        .value
        .starts_with("[ARGH]: [ARGH]\n[androVM.vbox_dpi]: [320]\n"));
    assert!(serial.value.ends_with("[wifi.interface]: [eth1]"));
    assert_eq!(serial.value.lines().count(), 139);
    assert!(serial
        .value
        .contains("[wifi.interface.mac]: [08:00:27:de:7d:be]"));
    assert_eq!(serial.timestamp_ns, 1_530_176_162_048_003_000);
    assert_eq!(serial.flags, "");
    let after = &props[props.iter().position(|p| p.name == "serialno").unwrap() + 1];
    assert_eq!(after.name, "genymotion_player_version");
    assert_eq!(after.value, "1");
    let model = find(&props, "product_model");
    assert_eq!(model.value, "Google Nexus 4 - 5.0.0 - API 21 - 768x1280");
    assert_eq!(find(&props, "product_board").value, "");
    let ver = find(&props, "/VirtualBox/HostInfo/VBoxVerExt");
    assert_eq!(ver.value, "5.2.6");
    assert_eq!(ver.flags, "TRANSIENT, RDONLYGUEST");
    assert_eq!(ver.timestamp_ns, 1_530_176_155_721_789_000);
    // The last record has no trailing newline.
    let last = props.last().unwrap();
    assert_eq!(last.name, "product_manufacturer");
    assert_eq!(last.value, "unknown");
    assert_eq!(last.timestamp_ns, 1_528_097_816_567_956_000);
    assert_eq!(
        find(&props, "release_date").value,
        "Thu Sep 28 17:22:12 2017 GMT"
    );
}

#[test]
fn enumerate_52_trailing_space_flags() {
    let out =
        fixture("vboxmanage/guestproperty-enumerate-5.2.8-macos-trailing-space-TRUNCATED.txt");
    let props = parse_enumerate(&out);
    assert_eq!(props.len(), 7);
    assert_eq!(props[0].name, "/VirtualBox/GuestInfo/OS/Product");
    assert_eq!(props[0].value, "Linux");
    assert_eq!(props[0].flags, "");
    assert_eq!(props[0].timestamp_ns, 1_523_628_880_072_208_000);
    let ip = find(&props, "/VirtualBox/GuestInfo/Net/0/V4/IP");
    assert_eq!(ip.value, "10.0.2.15");
    assert_eq!(
        find(&props, "/VirtualBox/GuestInfo/OS/ServicePack").value,
        ""
    );
    assert_eq!(
        find(&props, "/VirtualBox/HostInfo/VBoxVerExt").flags,
        "TRANSIENT, RDONLYGUEST"
    );
    assert_eq!(props[6].value, "172.28.128.255");
}

#[test]
fn enumerate_61_gns3() {
    let out = fixture("vboxmanage/guestproperty-enumerate-6.1.4-gns3vm.txt");
    let props = parse_enumerate(&out);
    assert_eq!(props.len(), 8);
    assert_eq!(props[0].name, "/VirtualBox/HostInfo/GUI/LanguageID");
    assert_eq!(props[0].value, "en_US");
    assert_eq!(props[0].flags, "RDONLYGUEST");
    assert_eq!(find(&props, "/VirtualBox/HostGuest/SysprepExec").value, "");
    let rev = find(&props, "/VirtualBox/HostInfo/VBoxRev");
    assert_eq!(rev.value, "136177");
    assert_eq!(rev.timestamp_ns, 1_584_387_254_070_548_002);
    assert_eq!(find(&props, "/VirtualBox/HostInfo/VBoxVer").value, "6.1.4");
}

#[test]
fn enumerate_72_table() {
    let out = fixture("vboxmanage/guestproperty-enumerate-7.2.4-linux-freebsd-guest-TRUNCATED.txt");
    let props = parse_enumerate(&out);
    assert_eq!(props.len(), 7);
    assert_eq!(props[0].name, "/VirtualBox/GuestAdd/GuiOnFocus");
    assert_eq!(props[0].value, "0");
    assert_eq!(props[0].flags, "TRANSIENT, RDONLYGUEST");
    // 2025-11-20T10:54:47.167Z
    assert_eq!(props[0].timestamp_ns, 1_763_636_087_167_000_000);
    assert_eq!(props[1].name, "/VirtualBox/GuestAdd/Revision");
    assert_eq!(props[1].value, "161033");
    assert_eq!(props[1].flags, "");
    let mac = find(&props, "/VirtualBox/GuestInfo/Net/0/MAC");
    assert_eq!(mac.value, "08002767E8B0");
    assert_eq!(mac.timestamp_ns, 1_763_635_761_999_000_000);
    assert_eq!(props[6].value, "10.0.2.255");
}

#[test]
fn enumerate_vboxcontrol_guest_side() {
    let out = fixture("vboxmanage/vboxcontrol-guestproperty-enumerate-5.0-guest-side.txt");
    let props = parse_enumerate(&out);
    assert_eq!(props.len(), 23, "banner lines must not become properties");
    assert_eq!(props[0].name, "/VirtualBox/GuestInfo/OS/Product");
    assert_eq!(props[0].flags, "", "<NULL> flags are empty");
    assert_eq!(
        find(&props, "/VirtualBox/GuestInfo/OS/ServicePack").value,
        ""
    );
    assert_eq!(
        find(&props, "/VirtualBox/GuestInfo/OS/Version").value,
        "#36~14.04.1-Ubuntu SMP Thu Oct 8 10:21:08 UTC 2015"
    );
    let users = find(&props, "/VirtualBox/GuestInfo/OS/LoggedInUsers");
    assert_eq!(users.flags, "TRANSIENT, TRANSRESET");
    assert_eq!(users.timestamp_ns, 1_448_390_452_251_425_000);
}

#[test]
fn enumerate_7014_running_table() {
    let out = fixture("vboxmanage-7.0.14/guestproperty-enumerate-running.stdout");
    let props = parse_enumerate(&out);
    assert_eq!(props.len(), 14);
    let v = find(&props, "/VirtualBox/GuestAdd/Version");
    assert_eq!(v.value, "7.0.14");
    assert_eq!(v.timestamp_ns, T_19_779);
    assert_eq!(v.flags, "");
    assert_eq!(
        find(&props, "/VirtualBox/GuestInfo/Net/0/V4/IP").value,
        "10.0.2.15"
    );
    assert_eq!(
        find(&props, "/VirtualBox/GuestInfo/Net/1/V6/IP").value,
        "fe80::a00:27ff:fe12:3456"
    );
    let sysprep = find(&props, "/VirtualBox/HostGuest/SysprepArgs");
    assert_eq!(sysprep.value, "");
    assert_eq!(sysprep.flags, "TRANSIENT, RDONLYGUEST");
    let stderr = fixture("vboxmanage-7.0.14/guestproperty-enumerate-running.stderr");
    assert!(stderr.is_empty());
}

#[test]
fn enumerate_7014_old_format_matches_table() {
    let old = fixture("vboxmanage-7.0.14/guestproperty-enumerate-old-format.stdout");
    let table = fixture("vboxmanage-7.0.14/guestproperty-enumerate-running.stdout");
    let old = parse_enumerate(&old);
    let table = parse_enumerate(&table);
    assert_eq!(old.len(), 14);
    let v = find(&old, "/VirtualBox/GuestAdd/Version");
    assert_eq!(v.timestamp_ns, 1_795_872_139_779_948_000);
    assert_eq!(v.flags, "", "flags: with a trailing space is empty");
    // Same properties, same values and flags; the table's time is the old ns cut to ms.
    for p in &old {
        let t = find(&table, &p.name);
        assert_eq!(t.value, p.value, "{}", p.name);
        assert_eq!(t.flags, p.flags, "{}", p.name);
        assert_eq!(
            t.timestamp_ns,
            p.timestamp_ns / 1_000_000 * 1_000_000,
            "{}",
            p.name
        );
    }
    let stderr = fixture("vboxmanage-7.0.14/guestproperty-enumerate-old-format.stderr");
    assert!(stderr.is_empty());
}

#[test]
fn enumerate_7014_patterns() {
    let out = fixture("vboxmanage-7.0.14/guestproperty-enumerate-patterns.stdout");
    let props = parse_enumerate(&out);
    assert_eq!(props.len(), 6);
    assert!(props
        .iter()
        .all(|p| p.name.starts_with("/VirtualBox/GuestInfo/Net/")));
    assert_eq!(props[5].name, "/VirtualBox/GuestInfo/Net/Count");
    assert_eq!(props[5].value, "2");
    let stderr = fixture("vboxmanage-7.0.14/guestproperty-enumerate-patterns.stderr");
    assert!(stderr.is_empty());
}

#[test]
fn enumerate_7014_after_poweroff() {
    let out = fixture("vboxmanage-7.0.14/guestproperty-enumerate-after-poweroff.stdout");
    let props = parse_enumerate(&out);
    assert_eq!(props.len(), 11);
    let ip = find(&props, "/VirtualBox/GuestInfo/Net/0/V4/IP");
    assert_eq!(
        ip.value, "10.0.2.16",
        "the previous boot's address survives power-off"
    );
    // 2026-11-28T13:22:20.983Z
    assert_eq!(ip.timestamp_ns, 1_795_872_140_983_000_000);
    assert_eq!(find(&props, "/VirtualBox/VMInfo/ResumeCounter").value, "2");
    assert!(!props
        .iter()
        .any(|p| p.name == "/VirtualBox/HostGuest/SysprepArgs"));
    let stderr = fixture("vboxmanage-7.0.14/guestproperty-enumerate-after-poweroff.stderr");
    assert!(stderr.is_empty());
}

#[test]
fn get_found_windows() {
    let out = fixture("vboxmanage/guestproperty-get-found-windows-2018.txt");
    assert_eq!(parse_get(&out).as_deref(), Some("10.0.0.90"));
}

#[test]
fn get_no_value_set() {
    let out = fixture("vboxmanage/guestproperty-get-no-value-set-2018.txt");
    assert_eq!(parse_get(&out), None);
}

#[test]
fn get_7014_found_and_missing() {
    let found = fixture("vboxmanage-7.0.14/guestproperty-get-found.stdout");
    assert_eq!(parse_get(&found).as_deref(), Some("10.0.2.15"));
    let missing = fixture("vboxmanage-7.0.14/guestproperty-get-missing.stdout");
    assert_eq!(parse_get(&missing), None);
    for f in [
        "guestproperty-get-found.stderr",
        "guestproperty-get-missing.stderr",
    ] {
        assert!(fixture(&format!("vboxmanage-7.0.14/{f}")).is_empty());
    }
}

#[test]
fn get_name_value_form() {
    assert_eq!(
        parse_get(
            "Name: /VirtualBox/GuestInfo/Net/0/V4/IP, value: 10.0.2.15, timestamp: 1, flags: \n"
        )
        .as_deref(),
        Some("10.0.2.15")
    );
}

#[test]
fn wait_7014_change() {
    let out = fixture("vboxmanage-7.0.14/guestproperty-wait-change.stdout");
    let err = fixture("vboxmanage-7.0.14/guestproperty-wait-change.stderr");
    assert!(!is_wait_timeout(&err));
    let change = parse_wait(&out, &err).expect("a change");
    assert_eq!(change.name, "/VirtualBox/GuestInfo/Net/0/V4/IP");
    assert_eq!(change.value, "10.0.2.16");
    assert_eq!(change.flags, "");
    assert!(!change.deleted);
}

#[test]
fn wait_7014_timeout() {
    let out = fixture("vboxmanage-7.0.14/guestproperty-wait-timeout.stdout");
    let err = fixture("vboxmanage-7.0.14/guestproperty-wait-timeout.stderr");
    assert!(out.is_empty());
    assert!(is_wait_timeout(&err));
    assert_eq!(parse_wait(&out, &err), None);
}

#[test]
fn wait_value_with_flags_text() {
    let c = parse_wait("Name: /a, value: x, flags: y, flags: TRANSIENT\n", "").unwrap();
    assert_eq!(c.value, "x, flags: y");
    assert_eq!(c.flags, "TRANSIENT");
}
