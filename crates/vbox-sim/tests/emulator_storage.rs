//! The emulated VBoxManage 7.2.22 replays the real host's storage and shared-folder session
//! (fixtures/vboxmanage-7.2.22/config/INDEX.tsv, host-only commands left out): every exit
//! code and every stderr line as captured, the storage and share keys of `showvminfo`.

#[path = "emulator_harness.rs"]
mod harness;

use harness::Host;
use vbox_fixtures::fixture;

const DIR: &str = "vboxmanage-7.2.22/config";
/// The capture's home, where its images and share lived.
const HOME: &str = "/home/lab/.config/VirtualBox";

/// The keys of `showvminfo --machinereadable` this work reads.
fn storage_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            l.starts_with("storagecontroller")
                || l.starts_with("\"SATA-")
                || l.starts_with("\"IDE-")
                || l.starts_with("SharedFolder")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_captured_storage_session_replays() {
    let host = Host::new("7.2.22");
    let home = host.dir.path().canonicalize().unwrap().join("home");
    std::fs::create_dir_all(home.join("share")).unwrap();
    std::fs::write(home.join("x.iso"), "not an image\n").unwrap();
    let home = home.to_string_lossy().into_owned();
    host.ok(&[
        "createvm",
        "--name",
        "st",
        "--ostype",
        "Other",
        "--register",
    ]);
    host.ok(&["setextradata", "st", "VBoxSim/StartDurationMs", "10"]);
    host.ok(&["setextradata", "st", "VBoxSim/NoGuestAdditions", "1"]);
    let index = fixture(&format!("{DIR}/INDEX.tsv"));
    // The captured disk's UUID, replaced by the one the emulator gives.
    let captured_uuid = fixture(&format!("{DIR}/createmedium-disk.stdout"))
        .trim()
        .trim_start_matches("Medium created. UUID: ")
        .to_string();
    let mut uuid = String::new();
    for line in index.lines() {
        let [name, code, command] = line.splitn(3, '\t').collect::<Vec<_>>()[..] else {
            panic!("bad INDEX line {line}");
        };
        if name.contains("hostonly") || name.contains("dhcp") {
            continue;
        }
        // The capture started the machine before its first transient share and powered it
        // off after removing it.
        if name == "sharedfolder-add-transient-running" {
            host.ok(&["startvm", "st", "--type", "headless"]);
        }
        if name == "sharedfolder-remove" {
            host.ok(&["controlvm", "st", "poweroff"]);
        }
        let command = command.replace(HOME, &home);
        let args: Vec<&str> = command.split(' ').skip(1).collect();
        let out = host.run(&args);
        assert_eq!(out.code.to_string(), code, "{name}: {out:?}");
        let expected = |ext: &str| {
            fixture(&format!("{DIR}/{name}.{ext}"))
                .replace(HOME, &home)
                .replace(&captured_uuid, &uuid)
        };
        let (expected_out, expected_err) = (expected("stdout"), expected("stderr"));
        if name.starts_with("showvminfo") {
            assert_eq!(
                storage_lines(&out.out),
                storage_lines(&expected_out),
                "{name}"
            );
        } else if name == "createmedium-disk" {
            uuid = out
                .out
                .trim()
                .strip_prefix("Medium created. UUID: ")
                .unwrap_or_else(|| panic!("{name}: {out:?}"))
                .to_string();
        } else {
            assert_eq!(out.out, expected_out, "{name}");
            assert_eq!(out.err, expected_err, "{name}");
        }
    }
}
