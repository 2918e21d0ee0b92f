//! `showvminfo` against the 7.0.14 captures, and the documented differences of 6.1, 7.0.18,
//! 7.1 and 7.2 applied to the captured key order.

use super::*;
use crate::manage::view::testkit::*;
use crate::Sim;
use vbox_fixtures::shape::keys;
use vbox_types::{Backend, ControlAction, CreateMachine, StartType, TakeSnapshot};

async fn mr(sim: &Sim, vm: &str) -> String {
    machinereadable(&sim.machine_view(vm).await.unwrap(), sim.options())
}

async fn check(sim: &Sim, vm: &str, name: &str) {
    let want = capture(name);
    assert_like(name, sim, &mr(sim, vm).await, &want);
}

/// The simulator names saved-state files `<uuid>.sav`, the real host
/// `<ISO time with dashes>Z.sav`; both live in the machine's Snapshots folder.
fn without_state_file(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("VMStateFile=\"") {
            Some(path) => {
                assert!(
                    path.contains("/clone a/Snapshots/") && path.ends_with(".sav\""),
                    "{l}"
                );
                "VMStateFile=<file>".to_string()
            }
            None => l.to_string(),
        })
        .map(|l| l + "\n")
        .collect()
}

#[tokio::test(start_paused = true)]
async fn powered_off_machines_match_the_captures() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    check(&sim, "web 01", "showvminfo-poweroff-ubuntu-3nics").await;
    check(&sim, "tmpl \"q\"", "showvminfo-poweroff-other-quoted-name").await;
    check(&sim, "bare", "showvminfo-poweroff-no-ostype").await;
    let want = capture("showvminfo-human-poweroff");
    let text = human(&sim.machine_view("web 01").await.unwrap(), sim.options());
    assert_like("showvminfo-human-poweroff", &sim, &text, &want);
}

#[tokio::test(start_paused = true)]
async fn a_linked_clone_through_its_life_matches_the_captures() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    linked_clone(&sim).await;
    check(&sim, "clone a", "showvminfo-poweroff-linked-clone").await;
    without_guest(&sim, "clone a").await;
    sim.start_machine("clone a", StartType::Headless)
        .await
        .unwrap();
    // Right after power-on the BIOS logo is on screen: VideoMode="640,480,32".
    check(&sim, "clone a", "showvminfo-running").await;
    wait_ms(3_000).await;
    sim.control_machine("clone a", ControlAction::Pause)
        .await
        .unwrap();
    // Three seconds later the guest shows the text mode: VideoMode="720,400,0".
    check(&sim, "clone a", "showvminfo-paused").await;
    sim.control_machine("clone a", ControlAction::Resume)
        .await
        .unwrap();
    let live = TakeSnapshot {
        name: "live1".into(),
        description: String::new(),
        live: true,
    };
    sim.take_snapshot("clone a", &live).await.unwrap();
    sim.control_machine("clone a", ControlAction::SaveState)
        .await
        .unwrap();
    let want = capture("showvminfo-saved");
    let got = without_state_file(&mr(&sim, "clone a").await);
    assert_like("showvminfo-saved", &sim, &got, &without_state_file(&want));
    sim.start_machine("clone a", StartType::Headless)
        .await
        .unwrap();
    sim.control_machine("clone a", ControlAction::AcpiPowerButton)
        .await
        .unwrap();
    sim.control_machine("clone a", ControlAction::PowerOff)
        .await
        .unwrap();
    check(&sim, "clone a", "showvminfo-poweroff-after-run").await;
}

#[tokio::test(start_paused = true)]
async fn disks_and_linked_disks_match_the_captures() {
    let (_d, sim) = sim("7.0.14");
    let spec = CreateMachine {
        name: "base".into(),
        os_type_id: Some("Ubuntu_64".into()),
        disk_mb: Some(64),
        ..Default::default()
    };
    sim.create_machine(&spec).await.unwrap();
    check(&sim, "base", "disks-showvminfo-with-disk").await;
    let view = sim.machine_view("base").await.unwrap();
    let h = human(&view, sim.options());
    let disk = &view.disks[0];
    let storage = format!(
        "\nStorage Controllers:\n#0: 'SATA', Type: IntelAhci, Instance: 0, Ports: 2 (max 30), Bootable\n  Port 0, Unit 0: UUID: {}\n    Location: \"{}\"\nNIC 1:",
        disk.medium_id, disk.location
    );
    assert!(h.contains(&storage), "{h}");
    let golden = TakeSnapshot {
        name: "golden".into(),
        ..Default::default()
    };
    sim.take_snapshot("base", &golden).await.unwrap();
    linked(&sim, "base", "golden", "lc1").await;
    check(&sim, "lc1", "disks-showvminfo-linked-with-disk").await;
}

/// The keys of the 7.0.14 capture of `web 01`, rearranged by `edit`.
fn captured_keys(edit: impl FnOnce(&mut Vec<String>)) -> Vec<String> {
    let mut k = keys(&capture("showvminfo-poweroff-ubuntu-3nics"));
    edit(&mut k);
    k
}

fn pos(k: &[String], key: &str) -> usize {
    k.iter()
        .position(|x| x == key)
        .unwrap_or_else(|| panic!("no {key}"))
}

fn insert_after(k: &mut Vec<String>, after: &str, new: &[&str]) {
    let at = pos(k, after) + 1;
    for (i, n) in new.iter().enumerate() {
        k.insert(at + i, n.to_string());
    }
}

fn move_after(k: &mut Vec<String>, key: &str, after: &str) {
    let item = k.remove(pos(k, key));
    let at = pos(k, after) + 1;
    k.insert(at, item);
}

/// 7.1 has no capture: its keys are 7.0.14's moved as the platform refactor moved them. (7.2
/// is compared with its own captures, `fixtures/vboxmanage-7.2.22`, by the emulator replay.)
#[tokio::test(start_paused = true)]
async fn seven_one_follows_the_platform_refactor() {
    {
        let version = "7.1";
        let (_d, sim) = sim(version);
        first_session(&sim).await;
        let text = mr(&sim, "web 01").await;
        let want = captured_keys(|k| {
            insert_after(k, "name", &["encryption"]);
            insert_after(k, "groups", &["platformArchitecture"]);
            move_after(k, "hpet", "cpus");
            // The hardware virtualization lines and the portability level follow the CPU
            // properties inside the x86 block.
            let block = [
                "hwvirtex",
                "nestedpaging",
                "largepages",
                "vtxvpid",
                "vtxux",
                "virtvmsavevmload",
                "cpuid-portability-level",
            ];
            let mut after = "nested-hw-virt";
            for key in block {
                move_after(k, key, after);
                after = key;
            }
            let at = pos(k, "BIOS NVRAM File");
            k[at] = "NvramFile".into();
            insert_after(k, "tcpWndRcv", &["localhostReachable", "forwardBroadcast"]);
        });
        assert_eq!(keys(&text), want, "{version}");
        assert!(text.contains("\nencryption=\"disabled\"\ngroups=\"/lab/web\"\n"));
        assert!(text.contains("platformArchitecture=\"x86\"\n"));
        assert!(text.contains("localhostReachable=\"0\"\nforwardBroadcast=\"0\"\n"));
        assert!(!text.contains("Encryption:"));
        let h = human(&sim.machine_view("web 01").await.unwrap(), sim.options());
        assert!(h.contains("\nEncryption:                  disabled\nGroups:"));
        assert!(h.contains("\nPlatform Architecture:       x86\n"));
    }
}

#[tokio::test(start_paused = true)]
async fn seven_zero_eighteen_prints_the_encryption_key() {
    let (_d, sim) = sim("7.0.18");
    first_session(&sim).await;
    let text = mr(&sim, "web 01").await;
    let want = captured_keys(|k| {
        insert_after(k, "name", &["encryption"]);
        let at = pos(k, "BIOS NVRAM File");
        k[at] = "NvramFile".into();
    });
    assert_eq!(keys(&text), want);
}

#[tokio::test(start_paused = true)]
async fn six_one_has_the_pre_7_0_layout() {
    let (_d, sim) = sim("6.1");
    first_session(&sim).await;
    let text = mr(&sim, "web 01").await;
    let want = captured_keys(|k| {
        for gone in ["BIOS NVRAM File", "virtvmsavevmload", "iommu"] {
            k.remove(pos(k, gone));
        }
    });
    assert_eq!(keys(&text), want);
    assert!(!text.contains("Encryption"));
    assert!(text.contains("\naudio=\"pulse\"\n"));
    // Snapshots come after the guest section up to 6.1.
    let snap = TakeSnapshot {
        name: "s1".into(),
        description: "one".into(),
        live: false,
    };
    sim.take_snapshot("bare", &snap).await.unwrap();
    let text = mr(&sim, "bare").await;
    assert!(text.contains("\nGuestMemoryBalloon=0\nSnapshotName=\"s1\"\n"));
    assert!(text.ends_with("\nCurrentSnapshotNode=\"SnapshotName\"\n"));
    let h = human(&sim.machine_view("bare").await.unwrap(), sim.options());
    let guest =
        "\nGuest:\n\nConfigured memory balloon size: 0MB\n\nSnapshots:\n\n   Name: s1 (UUID: ";
    assert!(h.contains(guest), "{h}");
    assert!(h.ends_with(") *\n   Description:\none\n\n"), "{h}");
}

#[tokio::test(start_paused = true)]
async fn a_running_guest_with_additions_reports_them() {
    let (_d, sim) = sim("7.0.14");
    first_session(&sim).await;
    sim.start_machine("web 01", StartType::Headless)
        .await
        .unwrap();
    wait_ms(25_000).await;
    let view = sim.machine_view("web 01").await.unwrap();
    let text = machinereadable(&view, sim.options());
    let tail: Vec<&str> = text.lines().rev().take(5).collect();
    assert!(tail[0].starts_with("GuestAdditionsFacility_VirtualBox System Service=50,"));
    assert!(tail[1].starts_with("GuestAdditionsFacility_VirtualBox Base Driver=50,"));
    assert_eq!(tail[2], "GuestAdditionsVersion=\"7.0.14 r161095\"");
    assert_eq!(tail[3], "GuestAdditionsRunLevel=2");
    assert_eq!(tail[4], "GuestOSType=\"Linux26_64\"");
    assert!(text.contains("\nSessionName=\"headless\"\nVideoMode=\"720,400,0\"@0,0 1\n"));
    let h = human(&view, sim.options());
    assert!(h.contains("\nSession name:                headless\n"));
    assert!(h.contains("\nVideo mode:                  720x400x0 at 0,0 enabled\n"));
    assert!(
        h.contains("\nVRDE Connection:             not active\nClients so far:              0\n")
    );
    assert!(h.contains("\nAdditions version:           7.0.14 r161095\nGuest Facilities:\n"));
    assert!(h.ends_with(" UTC)\n\n"));
    // list --long has no session: no console lines.
    let block = human_without_session(&view, sim.options());
    assert!(block.contains("\nSession name:                headless\n"));
    assert!(!block.contains("Video mode") && !block.contains("Additions"));
    assert!(block.ends_with("* Guest:\nConfigured memory balloon:   0MB\n\n"));
}

#[test]
fn inaccessible_machines_show_name_and_uuid_only() {
    let opts = crate::SimOptions::emulating("7.0").unwrap();
    let f = Flavor::of(&opts);
    let id = "e40cf37b-1e05-4937-8ca2-85f632d0df84";
    assert_eq!(
        inaccessible(id, "/v/x.vbox", Form::Machine, f),
        format!("name=\"<inaccessible>\"\nUUID=\"{id}\"\n")
    );
    let h = inaccessible(id, "/v/x.vbox", Form::Human, f);
    assert_eq!(
        h,
        format!("Name:            <inaccessible!>\nUUID:            {id}\nConfig file:     /v/x.vbox\nEncryption:     disabled\nAccess error details:\n\n")
    );
    let six = Flavor::of(&crate::SimOptions::emulating("6.1").unwrap());
    assert!(!inaccessible(id, "/v/x.vbox", Form::Human, six).contains("Encryption"));
}
