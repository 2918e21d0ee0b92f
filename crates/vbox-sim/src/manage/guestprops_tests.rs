//! `guestproperty` output against the captures: 7.0.14 (table, `--old-format`, patterns,
//! get, wait), 6.1.4 (old format in store order) and the first lines of a 7.2.4 table.

use super::*;
use crate::manage::view::testkit::{capture, first_session, sim, wait_ms};
use vbox_types::{Backend, StartType};

fn opts(version: &str) -> SimOptions {
    SimOptions::emulating(version).unwrap()
}

fn prop(name: &str, value: &str, timestamp_ns: i64, flags: &str) -> GuestProperty {
    GuestProperty {
        name: name.into(),
        value: value.into(),
        timestamp_ns,
        flags: flags.into(),
    }
}

/// The properties of an old-format listing (`Name: n, value: v, timestamp: t, flags: f`).
fn from_old_format(text: &str) -> Vec<GuestProperty> {
    text.lines()
        .map(|l| {
            let rest = l.strip_prefix("Name: ").unwrap();
            let (name, rest) = rest.split_once(", value: ").unwrap();
            let (value, rest) = rest.split_once(", timestamp: ").unwrap();
            let (ts, flags) = rest.split_once(", flags:").unwrap();
            prop(name, value, ts.parse().unwrap(), flags.trim_start())
        })
        .collect()
}

/// `2025-11-20T10:54:47.167Z` as ns since the epoch.
fn iso_ns(s: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    // Days from the civil date (H. Hinnant), the inverse of the formatter's.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let secs = days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19);
    secs * 1_000_000_000 + n(20..23) * 1_000_000
}

/// The properties of a 7.x table line: `<name padded> = '<value>' <pad>@ <time>[ <flags>]`.
fn from_table_line(l: &str) -> GuestProperty {
    let (name, rest) = l.split_once(" = '").unwrap();
    let (value, rest) = rest.split_once('\'').unwrap();
    let rest = rest.trim_start().strip_prefix("@ ").unwrap();
    let (time, flags) = rest.split_once(' ').unwrap_or((rest, ""));
    prop(name.trim_end(), value, iso_ns(time), flags)
}

#[test]
fn seven_zero_tables_match_the_captures() {
    let old = capture("guestproperty-enumerate-old-format");
    // The store order is not the name order: reverse it to see the sort.
    let mut props = from_old_format(&old);
    props.reverse();
    let o = opts("7.0.14");
    let table = enumerate(&props, &EnumerateStyle::default(), &o, 0);
    assert_eq!(table, capture("guestproperty-enumerate-running"));
    let style = EnumerateStyle {
        old_format: true,
        ..Default::default()
    };
    assert_eq!(enumerate(&props, &style, &o, 0), old);
    let net: Vec<GuestProperty> = props
        .into_iter()
        .filter(|p| p.name.starts_with("/VirtualBox/GuestInfo/Net/"))
        .collect();
    let patterns = capture("guestproperty-enumerate-patterns");
    assert_eq!(enumerate(&net, &EnumerateStyle::default(), &o, 0), patterns);
}

#[test]
fn the_table_after_a_power_off_matches_too() {
    let want = capture("guestproperty-enumerate-after-poweroff");
    let props: Vec<GuestProperty> = want.lines().map(from_table_line).collect();
    let got = enumerate(&props, &EnumerateStyle::default(), &opts("7.0.14"), 0);
    assert_eq!(got, want);
}

#[test]
fn six_one_prints_the_store_order() {
    let want = vbox_fixtures::fixture("vboxmanage/guestproperty-enumerate-6.1.4-gns3vm.txt");
    let props = from_old_format(&want);
    // 6.1 has no table and ignores the 7.0 options.
    let style = EnumerateStyle {
        relative: true,
        no_flags: true,
        ..Default::default()
    };
    assert_eq!(enumerate(&props, &style, &opts("6.1"), 0), want);
}

#[test]
fn seven_two_table_lines_match_the_issue() {
    let want = vbox_fixtures::fixture(
        "vboxmanage/guestproperty-enumerate-7.2.4-linux-freebsd-guest-TRUNCATED.txt",
    );
    let mut props: Vec<GuestProperty> = want.lines().map(from_table_line).collect();
    // The capture stops after 7 lines; its columns (42 and 28) come from properties further
    // down, such as these two.
    props.push(prop(
        "/VirtualBox/GuestInfo/OS/LoggedInUsersList",
        "",
        0,
        "",
    ));
    props.push(prop(
        "/VirtualBox/GuestInfo/OS/Version",
        "FreeBSD 14.3-RELEASE releng/14.3-n271432-8c9ce319fef7 GENERIC",
        0,
        "",
    ));
    let got = enumerate(&props, &EnumerateStyle::default(), &opts("7.2"), 0);
    let first: String = got.lines().take(7).map(|l| format!("{l}\n")).collect();
    assert_eq!(first, want);
}

#[test]
fn table_options() {
    let o = opts("7.1");
    let props = [
        prop("/b", "two", 4_000_000_000, "TRANSIENT, RDONLYGUEST"),
        prop("/a", "1", 1_000_000_000, ""),
    ];
    let style = |f: fn(&mut EnumerateStyle)| {
        let mut s = EnumerateStyle::default();
        f(&mut s);
        s
    };
    let run = |s: EnumerateStyle| enumerate(&props, &s, &o, 5_250);
    assert_eq!(
        run(EnumerateStyle::default()),
        "/a = '1'   @ 1970-01-01T00:00:01.000Z\n/b = 'two' @ 1970-01-01T00:00:04.000Z TRANSIENT, RDONLYGUEST\n"
    );
    assert_eq!(
        run(style(|s| s.unsort = true)).lines().next(),
        Some("/b = 'two' @ 1970-01-01T00:00:04.000Z TRANSIENT, RDONLYGUEST")
    );
    assert_eq!(
        run(style(|s| s.relative = true)),
        "/a = '1'   @ PT4.250S\n/b = 'two' @ PT1.250S TRANSIENT, RDONLYGUEST\n"
    );
    // Without a time the line ends after the value, unless flags follow (after the padding).
    assert_eq!(
        run(style(|s| s.no_timestamp = true)),
        "/a = '1'\n/b = 'two'  TRANSIENT, RDONLYGUEST\n"
    );
    assert_eq!(
        run(style(|s| {
            s.no_timestamp = true;
            s.no_flags = true
        })),
        "/a = '1'\n/b = 'two'\n"
    );
    for v in ["6.1", "7.0", "7.2"] {
        assert_eq!(
            enumerate(&[], &EnumerateStyle::default(), &opts(v), 0),
            "No properties found.\n"
        );
    }
}

#[test]
fn get_and_wait_match_the_captures() {
    let o = opts("7.0.14");
    let ip = prop(
        "/VirtualBox/GuestInfo/Net/0/V4/IP",
        "10.0.2.15",
        1_795_872_139_496_614_000,
        "",
    );
    let want = capture("guestproperty-get-found");
    assert_eq!(get(Some(&ip), false, &o), want);
    let want = capture("guestproperty-get-missing");
    assert_eq!(get(None, false, &o), want);
    // An empty value is "not set" too, with or without --verbose.
    assert_eq!(get(Some(&prop("/x", "", 1, "")), true, &o), want);
    assert_eq!(
        get(Some(&ip), true, &opts("6.1")),
        "Value: 10.0.2.15\nTimestamp: 1795872139496614000\nFlags: \n"
    );
    let change = GuestPropertyChange {
        name: ip.name.clone(),
        value: "10.0.2.16".into(),
        flags: String::new(),
        deleted: false,
    };
    let want = capture("guestproperty-wait-change");
    assert_eq!(wait_change(&change, &o), want);
    let gone = GuestPropertyChange {
        value: String::new(),
        deleted: true,
        ..change
    };
    assert_eq!(
        wait_change(&gone, &o),
        "Property /VirtualBox/GuestInfo/Net/0/V4/IP was deleted\n"
    );
    assert_eq!(
        wait_change(&gone, &opts("6.1")),
        "Name: /VirtualBox/GuestInfo/Net/0/V4/IP, value: , flags: \n"
    );
}

/// What the simulated guest publishes renders as an aligned table: every `@` in one column,
/// except after a value longer than the 28-column cap (`OS/Version`), where one space is left.
#[tokio::test(start_paused = true)]
async fn the_simulated_guest_renders_aligned() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    sim.start_machine("web 01", StartType::Headless)
        .await
        .unwrap();
    wait_ms(25_000).await;
    let props = sim.enumerate_guest_properties("web 01", "").await.unwrap();
    let text = enumerate(
        &props,
        &EnumerateStyle::default(),
        sim.options(),
        sim.now_ms(),
    );
    let (fits, long): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| {
        let value = l.split_once(" = '").unwrap().1;
        value.find('\'').unwrap() <= 28
    });
    let columns: Vec<usize> = fits.iter().map(|l| l.find(" @ 20").unwrap()).collect();
    assert!(columns.len() > 10);
    assert!(columns.iter().all(|c| *c == columns[0]), "{text}");
    assert!(
        !long.is_empty() && long.iter().all(|l| l.contains("' @ 20")),
        "{text}"
    );
    assert!(text.contains("/VirtualBox/HostInfo/VBoxVer"));
    assert!(text.lines().any(|l| l.ends_with(" TRANSIENT, RDONLYGUEST")));
}
