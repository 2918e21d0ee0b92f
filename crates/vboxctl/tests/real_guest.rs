//! A real Linux guest with real Guest Additions on the real VirtualBox 7.2, end to end through
//! vboxctl: `start --wait-ip` prints the addresses the guest's own VBoxService published, matched
//! to NIC slots by MAC, and `stop` shuts the guest down by its ACPI power button without
//! escalating — through VBoxManage, VBoxManage over ssh and the real vboxwebsrv.
//!
//! The guest is the tiny ISO of `scripts/real-virtualbox/build-guest.sh` (Debian's kernel, a
//! busybox init, VBoxService). Its first boot on VirtualBox's instruction emulator takes 7–10
//! minutes, so it happens once per ISO: the booted guest is kept as the online snapshot
//! `booted` in the home `homes/guest-cache`, and every backend's run starts it from that saved
//! state in under a second. Needs the real host: `scripts/real-virtualbox.sh test real_guest`.

#![allow(clippy::print_stderr)] // The figures measured are for the reader of the test output.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use vbox_suite::real::{RealHome, RealHost};

const VM: &str = "vboxctl-guest";
const SNAPSHOT: &str = "booted";
/// Extradata naming the ISO build the snapshot was booted from.
const STAMP_KEY: &str = "vboxctl/guest-iso";
/// Its first boot: 7.4–10.3 minutes measured on this machine kind.
const BOOT_TIMEOUT: Duration = Duration::from_secs(30 * 60);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Build the ISO when an input changed; its path and build stamp.
fn iso() -> (PathBuf, String) {
    let out = Command::new(repo().join("scripts/real-virtualbox/build-guest.sh"))
        .stderr(Stdio::inherit())
        .output()
        .expect("run build-guest.sh");
    assert!(out.status.success(), "build-guest.sh failed");
    let path = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .expect("the ISO's path")
        .trim()
        .to_string();
    let path = PathBuf::from(path);
    let stamp = std::fs::read_to_string(path.with_file_name("stamp")).expect("the build stamp");
    (path, stamp.trim().to_string())
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `vboxctl -o json --connect URI ARGS`, with `path` first on PATH; its JSON (exit 0 required).
fn vboxctl(uri: &str, path: Option<&Path>, args: &[&str]) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vboxctl"));
    cmd.env_remove("VBOXCTL_CONNECT")
        .env_remove("VBOXCTL_HOST")
        .env_remove("VBOXCTL_CONFIG")
        .args(["-o", "json", "--connect", uri])
        .args(args)
        .stdin(Stdio::null());
    if let Some(dir) = path {
        let rest = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{rest}", dir.display()));
    }
    let out = cmd.output().expect("run vboxctl");
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprint!("{stderr}");
    assert!(
        out.status.success(),
        "vboxctl {args:?} failed ({}):\n{stderr}",
        out.status
    );
    serde_json::from_slice(&out.stdout).expect("vboxctl's JSON")
}

/// The guest, booted once per ISO and kept as the online snapshot `booted`; powered off.
fn prepared(home: &RealHome, iso: &Path, stamp: &str) {
    let show = home.run(&["getextradata", VM, STAMP_KEY]);
    let current = String::from_utf8_lossy(&show.stdout).contains(stamp)
        && home
            .run_ok(&["snapshot", VM, "list", "--machinereadable"])
            .contains(SNAPSHOT);
    if current {
        let state = home
            .showvminfo(VM)
            .get("VMState")
            .cloned()
            .unwrap_or_default();
        if state != "poweroff" && state != "saved" && state != "aborted" {
            home.run(&["controlvm", VM, "poweroff"]);
        }
        return;
    }
    if show.status.success() {
        home.run(&["controlvm", VM, "poweroff"]);
        home.run_ok(&["unregistervm", VM, "--delete"]);
    }
    let disc = home.dir().join("vboxctl-guest.iso");
    std::fs::copy(iso, &disc).expect("copy the ISO into the home");
    let disc = disc.to_string_lossy();
    let serial = home.dir().join("serial.log");
    home.run_ok(&[
        "createvm",
        "--name",
        VM,
        "--ostype",
        "Debian_64",
        "--register",
    ]);
    home.run_ok(&[
        "modifyvm",
        VM,
        "--memory",
        "256",
        "--nic1",
        "nat",
        "--nic2",
        "nat",
        "--uart1",
        "0x3F8",
        "4",
        "--uart-mode1",
        "file",
        &serial.to_string_lossy(),
    ]);
    home.run_ok(&[
        "storagectl",
        VM,
        "--name",
        "SATA",
        "--add",
        "sata",
        "--portcount",
        "1",
    ]);
    home.run_ok(&[
        "storageattach",
        VM,
        "--storagectl",
        "SATA",
        "--port",
        "0",
        "--device",
        "0",
        "--type",
        "dvddrive",
        "--medium",
        &disc,
    ]);
    let t0 = Instant::now();
    let started = vboxctl(
        &home.uri(),
        None,
        &[
            "start",
            VM,
            "--wait-ip",
            &BOOT_TIMEOUT.as_secs().to_string(),
        ],
    );
    eprintln!(
        "first boot: `vboxctl start --wait-ip` printed {} after {:.1} s",
        started["addresses"],
        t0.elapsed().as_secs_f64()
    );
    home.run_ok(&["snapshot", VM, "take", SNAPSHOT, "--live"]);
    home.run_ok(&["setextradata", VM, STAMP_KEY, stamp]);
    home.run_ok(&["controlvm", VM, "poweroff"]);
}

/// One backend: from the saved state, the addresses VBoxService publishes, then ACPI.
fn run_through(home: &RealHome, name: &str, uri: &str, path: Option<&Path>) {
    home.run_ok(&["snapshot", VM, "restore", SNAPSHOT]);
    let t0 = Instant::now();
    let started = vboxctl(uri, path, &["start", VM, "--wait-ip", "120"]);
    let returned_ms = now_ms();
    let took = t0.elapsed();
    let addresses = started["addresses"].as_array().expect("addresses");
    let by_slot = |slot: u64| {
        addresses
            .iter()
            .find(|a| a["adapter_slot"] == slot)
            .unwrap_or_else(|| panic!("{name}: no address on slot {slot}: {addresses:?}"))
    };
    // Each NAT engine is its own network, 10.0.(slot+2).0/24 (the guest's DHCP leases).
    assert_eq!(by_slot(0)["address"], "10.0.2.15", "{name}");
    assert_eq!(by_slot(1)["address"], "10.0.3.15", "{name}");
    let info = home.showvminfo(VM);
    for slot in [0u64, 1] {
        let mac = info
            .get(&format!("macaddress{}", slot + 1))
            .expect("the adapter's MAC");
        assert_eq!(
            by_slot(slot)["mac"].as_str(),
            Some(mac.as_str()),
            "{name}: slot {slot}"
        );
    }
    // The last of the network properties VBoxService wrote (addresses, status, MACs, the
    // count): the moment the wait could end, since an interface is judged only once all of
    // its properties are fresh. (On a loaded machine the guest may write the count seconds
    // after the last address.)
    let published = home.run_ok(&[
        "guestproperty",
        "enumerate",
        VM,
        "--patterns",
        "/VirtualBox/GuestInfo/Net/*",
    ]);
    let last_ms = |only: &str| {
        published
            .lines()
            .filter(|l| l.contains(only))
            .filter_map(|l| l.split('@').nth(1))
            .filter_map(|t| t.split_whitespace().next())
            .filter_map(parse_iso_ms)
            .max()
            .expect("the network properties' timestamps")
    };
    eprintln!(
        "{name}: start from the saved state until the addresses: {:.2} s; returned {} ms after \
         VBoxService wrote the last of its network properties ({} ms after the last address)",
        took.as_secs_f64(),
        returned_ms - last_ms("/Net/"),
        returned_ms - last_ms("/V4/IP"),
    );
    let t0 = Instant::now();
    let stopped = vboxctl(uri, path, &["stop", VM, "--timeout", "180"]);
    assert_eq!(
        stopped["escalated"], false,
        "{name}: the guest shut down by ACPI"
    );
    assert_eq!(stopped["state"], "PoweredOff", "{name}");
    eprintln!(
        "{name}: ACPI stop until powered off: {:.1} s",
        t0.elapsed().as_secs_f64()
    );
}

/// `2026-12-05T09:00:04.724Z` → ms since the epoch.
fn parse_iso_ms(s: &str) -> Option<i64> {
    let (date, time) = s.trim_end_matches('Z').split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, sec) = (t.next()??, t.next()??, t.next()??);
    let ms: i64 = format!("{frac:0<3}")[..3].parse().ok()?;
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms)
}

#[test]
fn iso_times_are_read() {
    assert_eq!(parse_iso_ms("1970-01-01T00:00:01.5Z"), Some(1500));
    assert_eq!(
        parse_iso_ms("2026-12-05T09:00:04.724Z"),
        Some(1_796_461_204_724)
    );
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn a_real_guest_reports_its_addresses_and_powers_off_by_acpi() {
    let (iso, stamp) = iso();
    let host = RealHost::from_env();
    let home = host.kept_home("guest-cache");
    prepared(&home, &iso, &stamp);
    run_through(&home, "VBoxManage", &home.uri(), None);
    let sshd = home.start_sshd();
    let ssh_dir = sshd.ssh_program.parent().expect("the ssh wrapper's folder");
    let ssh_uri = format!(
        "ssh://root@127.0.0.1:{}{}",
        sshd.port(),
        home.vboxmanage().display()
    );
    run_through(&home, "VBoxManage over ssh", &ssh_uri, Some(ssh_dir));
    drop(sshd);
    let web = home.start_webservice();
    run_through(&home, "web service", &web.url(), None);
}
