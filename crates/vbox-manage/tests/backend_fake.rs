//! The exact argv the VBoxManage backend sends for every operation, on a scripted fake:
//! names with spaces, quotes, unicode and a leading dash arrive as single, unaltered words
//! (or, for a leading dash, as the machine's UUID), and the per-version forms are chosen by
//! the version the host reports.

use std::sync::Arc;
use std::time::Duration;
use vbox_manage::exec::Exec;
use vbox_manage::runner::{FakeReply, FakeRunner};
use vbox_manage::{ManageBackend, ManageOptions};
use vbox_types::{
    AdapterChange, Backend, CleanupMode, CloneMachine, CloneOption, ControlAction, CreateMachine,
    ErrorKind, MachineState, ModifyMachine, NetworkAttachmentType, StartType, TakeSnapshot,
    Unregister,
};

const NAMES: [&str; 3] = ["web 01", "tmpl \"q\"", "ünï-😀"];
const DASH: &str = "-dash";
const DASH_ID: &str = "0d0d0d0d-0000-4000-8000-000000000001";
const ERR_NOT_FOUND: &str = "VBoxManage: error: Could not find a registered machine named 'x'\nVBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports\n";

fn backend(version: &str) -> (Arc<FakeRunner>, ManageBackend) {
    let fake = Arc::new(FakeRunner::new());
    fake.on(&["--version"], FakeReply::ok(format!("{version}\n")));
    fake.on(
        &["list", "ostypes"],
        FakeReply::ok(
            "ID:          Ubuntu_64\nDescription: Ubuntu (64-bit)\nFamily ID:   Linux\n\n",
        ),
    );
    fake.on(
        &["list", "vms"],
        FakeReply::ok(format!("\"{DASH}\" {{{DASH_ID}}}\n")),
    );
    let exec = Exec::new(fake.clone());
    (fake, ManageBackend::new(exec, ManageOptions::default()))
}

fn words(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The calls other than `--version`, the name lookup and the OS type listing.
fn sent(fake: &FakeRunner) -> Vec<Vec<String>> {
    fake.calls()
        .into_iter()
        .filter(|c| c[0] != "--version" && c[..] != ["list", "vms"] && c[..] != ["list", "ostypes"])
        .collect()
}

#[tokio::test]
async fn machine_names_are_single_words_and_dashes_go_by_uuid() {
    for name in NAMES.iter().copied().chain([DASH]) {
        let (fake, b) = backend("7.1.12r169651");
        fake.on(
            &["startvm"],
            FakeReply::ok("VM \"x\" has been successfully started.\n"),
        );
        fake.on(&["controlvm"], FakeReply::ok(""));
        fake.on(&["guestproperty"], FakeReply::ok("No value set!\n"));
        fake.on(&["getextradata"], FakeReply::ok("No value set!\n"));
        fake.on(&["setextradata"], FakeReply::ok(""));
        fake.on(&["snapshot"], FakeReply::ok(""));
        fake.on(&["modifyvm"], FakeReply::ok(""));
        b.start_machine(name, StartType::Headless).await.unwrap();
        b.control_machine(name, ControlAction::AcpiPowerButton)
            .await
            .unwrap();
        b.get_guest_property(name, "/VirtualBox/GuestInfo/Net/0/V4/IP")
            .await
            .unwrap();
        b.set_guest_property(name, "/p", Some("-v"), Some("TRANSIENT"))
            .await
            .unwrap();
        b.set_guest_property(name, "/p", None, None).await.unwrap();
        b.get_extradata(name, "k").await.unwrap();
        b.set_extradata(name, "k", Some("v w")).await.unwrap();
        b.set_extradata(name, "k", None).await.unwrap();
        b.restore_snapshot(name, "base 1").await.unwrap();
        b.delete_snapshot(name, "base 1").await.unwrap();
        let change = ModifyMachine {
            memory_mb: Some(512),
            ..ModifyMachine::default()
        };
        b.modify_machine(name, &change).await.unwrap();
        let vm = if name == DASH { DASH_ID } else { name };
        let expected: Vec<Vec<String>> = vec![
            words(&["startvm", vm, "--type", "headless"]),
            words(&["controlvm", vm, "acpipowerbutton"]),
            words(&[
                "guestproperty",
                "get",
                vm,
                "/VirtualBox/GuestInfo/Net/0/V4/IP",
                "--verbose",
            ]),
            words(&[
                "guestproperty",
                "set",
                vm,
                "/p",
                "-v",
                "--flags",
                "TRANSIENT",
            ]),
            words(&["guestproperty", "set", vm, "/p"]),
            words(&["getextradata", vm, "k"]),
            words(&["setextradata", vm, "k", "v w"]),
            words(&["setextradata", vm, "k"]),
            words(&["snapshot", vm, "restore", "base 1"]),
            words(&["snapshot", vm, "delete", "base 1"]),
            words(&["modifyvm", vm, "--memory", "512"]),
        ];
        assert_eq!(sent(&fake), expected, "machine {name:?}");
    }
}

#[tokio::test]
async fn a_dash_name_that_is_not_registered_is_not_found() {
    let (_fake, b) = backend("7.1.12r169651");
    let err = b.start_machine("-nope", StartType::Gui).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn create_with_settings_and_a_disk() {
    let (fake, b) = backend("7.0.14r161095");
    let name = "tmpl \"q\"";
    fake.on(
        &["createvm"],
        FakeReply::ok("Virtual machine 'tmpl \"q\"' is created and registered.\nUUID: 11111111-2222-4333-8444-555555555555\nSettings file: '/vms/tmpl \"q\"/tmpl \"q\".vbox'\n"),
    );
    for cmd in ["modifyvm", "storagectl", "createmedium", "storageattach"] {
        fake.on(&[cmd], FakeReply::ok(""));
    }
    fake.on(
        &["showvminfo"],
        FakeReply::ok(showvminfo(name, "11111111-2222-4333-8444-555555555555")),
    );
    let spec = CreateMachine {
        name: name.into(),
        os_type_id: Some("Ubuntu_64".into()),
        memory_mb: Some(1024),
        cpus: Some(2),
        groups: vec!["/lab".into(), "/ci web".into()],
        description: Some("-first line\nsecond".into()),
        disk_mb: Some(4096),
    };
    let m = b.create_machine(&spec).await.unwrap();
    assert_eq!(m.name, name);
    assert_eq!(
        m.os_type_id, "Ubuntu_64",
        "the printed description is mapped back to the id"
    );
    let id = "11111111-2222-4333-8444-555555555555";
    let disk = "/vms/tmpl \"q\"/tmpl \"q\".vdi";
    assert_eq!(
        sent(&fake),
        vec![
            words(&[
                "createvm",
                "--name",
                name,
                "--ostype",
                "Ubuntu_64",
                "--groups",
                "/lab,/ci web",
                "--register"
            ]),
            words(&[
                "modifyvm",
                id,
                "--memory",
                "1024",
                "--cpus",
                "2",
                "--description=-first line\nsecond"
            ]),
            words(&[
                "storagectl",
                id,
                "--name",
                "SATA",
                "--add",
                "sata",
                "--controller",
                "IntelAhci",
            ]),
            words(&[
                "createmedium",
                "disk",
                "--filename",
                disk,
                "--size",
                "4096",
                "--format",
                "VDI"
            ]),
            words(&[
                "storageattach",
                id,
                "--storagectl",
                "SATA",
                "--port",
                "0",
                "--device",
                "0",
                "--type",
                "hdd",
                "--medium",
                disk
            ]),
            words(&["showvminfo", id, "--machinereadable"]),
        ]
    );
}

#[tokio::test]
async fn a_failed_create_removes_the_machine() {
    let (fake, b) = backend("7.0.14r161095");
    fake.on(
        &["createvm"],
        FakeReply::ok("Virtual machine 'a' is created and registered.\nUUID: 11111111-2222-4333-8444-555555555555\nSettings file: '/vms/a/a.vbox'\n"),
    );
    fake.on(
        &["modifyvm"],
        FakeReply::fail(1, "VBoxManage: error: Invalid RAM size\n"),
    );
    fake.on(&["unregistervm"], FakeReply::ok(""));
    let spec = CreateMachine {
        name: "a".into(),
        memory_mb: Some(1),
        ..CreateMachine::default()
    };
    let err = b.create_machine(&spec).await.unwrap_err();
    assert!(err.message().contains("Invalid RAM size"), "{err}");
    let calls = sent(&fake);
    assert_eq!(
        calls.last().unwrap(),
        &words(&[
            "unregistervm",
            "11111111-2222-4333-8444-555555555555",
            "--delete"
        ])
    );
}

#[tokio::test]
async fn clone_chooses_the_uuid_and_reads_the_clone_by_it() {
    let (fake, b) = backend("7.1.12r169651");
    fake.on(
        &["clonevm"],
        FakeReply::ok("Machine has been successfully cloned as \"ünï-😀\"\n"),
    );
    let spec = CloneMachine {
        snapshot: Some("-base".into()),
        options: vec![CloneOption::Link, CloneOption::KeepNATMACs],
        groups: vec!["/lab".into()],
        ..CloneMachine::new(DASH, "ünï-😀")
    };
    // The clone's UUID is only known once the argv is sent: answer showvminfo for any.
    fake.on(
        &["showvminfo"],
        FakeReply::ok(showvminfo("ünï-😀", "22222222-2222-4333-8444-555555555555")),
    );
    b.clone_machine(&spec).await.unwrap();
    let calls = sent(&fake);
    let clone = &calls[0];
    let uuid = clone[clone.len() - 2].clone();
    assert_eq!(
        clone,
        &words(&[
            "clonevm",
            DASH_ID,
            "--snapshot=-base",
            "--mode",
            "machine",
            "--options",
            "link,keepnatmacs",
            "--name",
            "ünï-😀",
            "--groups",
            "/lab",
            "--uuid",
            &uuid,
            "--register",
        ])
    );
    assert_eq!(calls[1], words(&["showvminfo", &uuid, "--machinereadable"]));
}

#[tokio::test]
async fn modify_adapters_uses_the_words_every_version_accepts() {
    let (fake, b) = backend("6.1.50r161033");
    fake.on(&["modifyvm"], FakeReply::ok(""));
    let change = ModifyMachine {
        groups: Some(vec!["/a".into(), "/b".into()]),
        adapters: vec![
            AdapterChange {
                slot: 0,
                attachment: Some(NetworkAttachmentType::Bridged),
                network: Some("en0: Wi-Fi".into()),
                mac_address: Some("080027AABBCC".into()),
                ..AdapterChange::default()
            },
            AdapterChange {
                slot: 2,
                attachment: Some(NetworkAttachmentType::Null),
                network: None,
                mac_address: Some("auto".into()),
                ..AdapterChange::default()
            },
        ],
        ..ModifyMachine::default()
    };
    b.modify_machine("web 01", &change).await.unwrap();
    assert_eq!(
        sent(&fake),
        vec![words(&[
            "modifyvm",
            "web 01",
            "--groups",
            "/a,/b",
            "--nic1",
            "bridged",
            "--bridgeadapter1",
            "en0: Wi-Fi",
            "--macaddress1",
            "080027AABBCC",
            "--nic3",
            "none",
            "--macaddress3",
            "auto",
        ])]
    );
    b.modify_machine("web 01", &ModifyMachine::default())
        .await
        .unwrap();
    assert_eq!(sent(&fake).len(), 1, "nothing to change runs nothing");
}

#[tokio::test]
async fn enumerate_asks_for_the_old_format_only_on_7() {
    for (version, expected) in [
        (
            "6.1.50r161033",
            words(&[
                "guestproperty",
                "enumerate",
                "vm",
                "--patterns",
                "/VirtualBox/GuestInfo/Net/*",
            ]),
        ),
        (
            "7.2.4r170995",
            words(&[
                "guestproperty",
                "enumerate",
                "vm",
                "--patterns",
                "/VirtualBox/GuestInfo/Net/*",
                "--old-format",
            ]),
        ),
    ] {
        let (fake, b) = backend(version);
        fake.on(
            &["guestproperty", "enumerate"],
            FakeReply::ok("Name: /VirtualBox/GuestInfo/Net/0/V4/IP, value: 10.0.2.15, timestamp: 1732800000000000000, flags: TRANSIENT\n"),
        );
        let props = b
            .enumerate_guest_properties("vm", "/VirtualBox/GuestInfo/Net/*")
            .await
            .unwrap();
        assert_eq!(props.len(), 1);
        assert_eq!(props[0].timestamp_ns, 1_732_800_000_000_000_000);
        assert_eq!(sent(&fake), vec![expected], "{version}");
    }
}

#[tokio::test]
async fn guest_property_get_reads_timestamp_and_flags() {
    let (fake, b) = backend("7.1.12r169651");
    fake.on(
        &["guestproperty", "get"],
        FakeReply::ok(
            "Value: 10.0.2.15\nTimestamp: 1732800000000000000\nFlags: TRANSIENT, RDONLYGUEST\n",
        ),
    );
    let p = b.get_guest_property("vm", "/n").await.unwrap().unwrap();
    assert_eq!((p.name.as_str(), p.value.as_str()), ("/n", "10.0.2.15"));
    assert_eq!(p.timestamp_ns, 1_732_800_000_000_000_000);
    assert_eq!(p.flags, "TRANSIENT, RDONLYGUEST");
}

#[tokio::test]
async fn wait_passes_the_timeout_and_reads_a_timeout_as_none() {
    let (fake, b) = backend("7.0.14r161095");
    fake.on_seq(
        &["guestproperty", "wait"],
        vec![
            FakeReply::ok("Name: /VirtualBox/GuestInfo/Net/0/V4/IP, value: 10.0.2.16, flags: \n"),
            FakeReply::ok("").with_stderr(
                "VBoxManage: error: Time out or interruption while waiting for a notification.\n",
            ),
        ],
    );
    let change = b
        .wait_guest_property(
            "vm",
            "/VirtualBox/GuestInfo/Net/*",
            Duration::from_millis(1500),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(change.value, "10.0.2.16");
    let none = b
        .wait_guest_property(
            "vm",
            "/VirtualBox/GuestInfo/Net/*",
            Duration::from_millis(1500),
        )
        .await
        .unwrap();
    assert_eq!(none, None);
    assert_eq!(
        sent(&fake)[0],
        words(&[
            "guestproperty",
            "wait",
            "vm",
            "/VirtualBox/GuestInfo/Net/*",
            "--timeout",
            "1500"
        ])
    );
    assert!(b.capabilities().event_wait);
}

#[tokio::test]
async fn snapshots_take_and_an_empty_list() {
    let (fake, b) = backend("7.0.14r161095");
    fake.on(
        &["snapshot", "vm", "take"],
        FakeReply::ok("Snapshot taken. UUID: a95f7bf0-0445-4b41-8583-aabc4f834213\n"),
    );
    // The tree comes from showvminfo, the times from the settings file it names (7.2 prints
    // them nowhere).
    fake.on(
        &["showvminfo", "vm"],
        FakeReply::ok("name=\"vm\"\nCfgFile=\"/vms/vm/vm.vbox\"\nSnapshotName=\"base\"\nSnapshotUUID=\"a95f7bf0-0445-4b41-8583-aabc4f834213\"\nCurrentSnapshotName=\"base\"\nCurrentSnapshotUUID=\"a95f7bf0-0445-4b41-8583-aabc4f834213\"\nCurrentSnapshotNode=\"SnapshotName\"\n"),
    );
    fake.file(
        "/vms/vm/vm.vbox",
        "<Machine>\n  <Snapshot uuid=\"{a95f7bf0-0445-4b41-8583-aabc4f834213}\" name=\"base\" timeStamp=\"2026-12-05T08:54:42Z\" stateFile=\"Snapshots/x.sav\">\n",
    );
    fake.on(
        &["showvminfo", "bare"],
        FakeReply::ok("name=\"bare\"\nCfgFile=\"/vms/bare/bare.vbox\"\n"),
    );
    let spec = TakeSnapshot {
        name: "base".into(),
        description: "golden image".into(),
        live: true,
    };
    let s = b.take_snapshot("vm", &spec).await.unwrap();
    assert_eq!(s.id, "a95f7bf0-0445-4b41-8583-aabc4f834213");
    assert_eq!((s.taken_ms, s.online), (1_796_460_882_000, true));
    assert_eq!(
        sent(&fake)[0],
        words(&[
            "snapshot",
            "vm",
            "take",
            "base",
            "--description",
            "golden image",
            "--live"
        ])
    );
    assert!(b.list_snapshots("bare").await.unwrap().is_empty());
}

#[tokio::test]
async fn listing_states_is_one_process() {
    let (fake, b) = backend("7.1.12r169651");
    fake.on(
        &["list", "--long", "vms"],
        FakeReply::ok("Name:                        web 01\nGroups:                      /\nUUID:                        911215d9-0a66-420d-a0d1-104c90b9c56d\nState:                       running (since 2026-11-28T13:22:16.373000000)\n"),
    );
    let list = b.list_machines().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, Some(MachineState::Running));
    assert_eq!(fake.call_count(), 1);
}

#[tokio::test]
async fn full_listing_reads_each_machine_by_uuid() {
    let fake = Arc::new(FakeRunner::new());
    // m4 disappears between the listing and its details: it is left out.
    fake.on(
        &["showvminfo", "00000000-0000-4000-8000-000000000004"],
        FakeReply::fail(1, ERR_NOT_FOUND),
    );
    let mut listing = String::new();
    for i in 0..5 {
        let id = format!("00000000-0000-4000-8000-00000000000{i}");
        listing.push_str(&format!("\"m{i}\" {{{id}}}\n"));
        fake.on(
            &["showvminfo", &id],
            FakeReply::ok(showvminfo(&format!("m{i}"), &id)),
        );
    }
    fake.on(&["list", "vms"], FakeReply::ok(listing));
    let b = ManageBackend::new(Exec::new(fake.clone()), ManageOptions::default());
    let machines = b.list_machines_full().await.unwrap();
    let names: Vec<&str> = machines.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["m0", "m1", "m2", "m3"]);
    // `list vms`, five `showvminfo`, and one `list ostypes` (unanswered here: the OS types
    // stay as printed).
    assert_eq!(fake.call_count(), 7);
    assert_eq!(machines[0].os_type_id, "Ubuntu (64-bit)");
}

#[tokio::test]
async fn unregister_detaches_kept_disks_and_reports_from_the_registry() {
    let (fake, b) = backend("7.0.14r161095");
    let id = "911215d9-0a66-420d-a0d1-104c90b9c56d";
    let mut info = showvminfo("web 01", id);
    info.push_str("\"SATA-0-0\"=\"/v/own.vdi\"\n\"SATA-ImageUUID-0-0\"=\"aaaaaaaa-0000-4000-8000-000000000001\"\n\"SATA-1-0\"=\"/v/shared.vdi\"\n\"SATA-ImageUUID-1-0\"=\"aaaaaaaa-0000-4000-8000-000000000002\"\n");
    fake.on(&["showvminfo"], FakeReply::ok(info));
    let disk = |n: u32, users: &str| {
        format!("UUID:           aaaaaaaa-0000-4000-8000-00000000000{n}\nParent UUID:    base\nState:          created\nType:           normal (base)\nLocation:       /v/{n}.vdi\nStorage format: VDI\nCapacity:       64 MBytes\nEncryption:     disabled\n{users}\n")
    };
    let used = format!("In use by VMs:  web 01 (UUID: {id})\n");
    // Before: the long form, with users (a third disk of another machine stays out of the
    // report); after: the short form.
    fake.on(
        &["list", "--long", "hdds"],
        FakeReply::ok(format!(
            "{}{}{}",
            disk(1, &used),
            disk(2, &used),
            disk(
                3,
                "In use by VMs:  other (UUID: 911215d9-0a66-420d-a0d1-000000000000)\n"
            )
        )),
    );
    fake.on(
        &["list", "hdds"],
        FakeReply::ok(format!("{}{}", disk(2, ""), disk(3, ""))),
    );
    fake.on(&["storageattach"], FakeReply::ok(""));
    fake.on(&["unregistervm"], FakeReply::ok(""));
    let how = Unregister {
        keep_media: vec!["aaaaaaaa-0000-4000-8000-000000000002".into()],
        cleanup: CleanupMode::DetachAllReturnHardDisksAndVMRemovable,
        ..Unregister::default()
    };
    let report = b.unregister_machine("web 01", &how).await.unwrap();
    assert_eq!(report.deleted_media.len(), 1);
    assert_eq!(
        report.deleted_media[0].id,
        "aaaaaaaa-0000-4000-8000-000000000001"
    );
    assert_eq!(
        report.kept_media[0].id,
        "aaaaaaaa-0000-4000-8000-000000000002"
    );
    let calls = sent(&fake);
    assert!(calls.contains(&words(&[
        "storageattach",
        id,
        "--storagectl",
        "SATA",
        "--port",
        "1",
        "--device",
        "0",
        "--type",
        "hdd",
        "--medium",
        "none",
    ])));
    assert!(calls.contains(&words(&["unregistervm", id, "--delete-all"])));
}

#[tokio::test]
async fn version_is_asked_once() {
    let (fake, b) = backend("7.1.4_OSEr165100");
    assert_eq!(b.version().await.unwrap().version_normalized, "7.1.4");
    b.version().await.unwrap();
    assert_eq!(fake.call_count(), 1);
    assert!(b.describe().starts_with("vboxmanage://"));
}

/// A minimal `showvminfo --machinereadable` of a powered-off machine.
fn showvminfo(name: &str, id: &str) -> String {
    let name = name.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "name=\"{name}\"\ngroups=\"/\"\nostype=\"Ubuntu (64-bit)\"\nUUID=\"{id}\"\nCfgFile=\"/v/{id}.vbox\"\nmemory=1024\ncpus=1\nchipset=\"piix3\"\nfirmware=\"BIOS\"\nVMState=\"poweroff\"\nVMStateChangeTime=\"2026-11-28T13:22:16.373000000\"\nnic1=\"none\"\n"
    )
}

#[tokio::test]
async fn a_disk_that_could_not_be_attached_is_deleted_with_the_machine() {
    let (fake, b) = backend("7.1.12r169651");
    fake.on(
        &["createvm"],
        FakeReply::ok("Virtual machine 'a' is created and registered.\nUUID: 11111111-2222-4333-8444-555555555555\nSettings file: '/vms/a/a.vbox'\n"),
    );
    fake.on(&["storagectl"], FakeReply::ok(""));
    fake.on(
        &["createmedium"],
        FakeReply::ok("Medium created. UUID: 99999999-2222-4333-8444-555555555555\n"),
    );
    fake.on(
        &["storageattach"],
        FakeReply::fail(
            1,
            "VBoxManage: error: Could not find a storage controller named 'SATA'\n",
        ),
    );
    fake.on(&["closemedium"], FakeReply::ok(""));
    fake.on(&["unregistervm"], FakeReply::ok(""));
    let spec = CreateMachine {
        name: "a".into(),
        disk_mb: Some(64),
        ..CreateMachine::default()
    };
    b.create_machine(&spec).await.unwrap_err();
    let calls = sent(&fake);
    let tail: Vec<Vec<String>> = calls[calls.len() - 2..].to_vec();
    assert_eq!(
        tail,
        vec![
            words(&[
                "closemedium",
                "disk",
                "99999999-2222-4333-8444-555555555555",
                "--delete"
            ]),
            words(&[
                "unregistervm",
                "11111111-2222-4333-8444-555555555555",
                "--delete"
            ]),
        ]
    );
}

/// `list` through VBoxManage: one `list --long vms` per listing (the real 7.2.22's, with an
/// inaccessible machine whose error goes to stderr with exit 0), its OS descriptions turned
/// into ids by one `list ostypes` per backend.
#[tokio::test]
async fn a_listing_is_one_long_listing_and_the_os_types_once() {
    let capture = |name: &str| vbox_fixtures::fixture(&format!("vboxmanage-7.2.22/{name}"));
    let fake = Arc::new(FakeRunner::new());
    fake.on(
        &["list", "ostypes"],
        FakeReply::ok(capture("list-ostypes.stdout")),
    );
    fake.on(
        &["list", "--long", "vms"],
        FakeReply::ok(capture("list-long-vms-inaccessible.stdout"))
            .with_stderr(capture("list-long-vms-inaccessible.stderr")),
    );
    let b = ManageBackend::new(Exec::new(fake.clone()), ManageOptions::default());
    let table = vbox_types::MachineFields {
        os_type: true,
        memory: true,
        cpus: true,
        ..Default::default()
    };
    for _ in 0..2 {
        let list = b.list_machines_with(table).await.unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            (list[0].name.as_str(), list[0].os_type_id.as_str()),
            ("web01", "Ubuntu_64")
        );
        assert_eq!(list[1].os_type_id, "Other");
        assert_eq!((list[1].memory_mb, list[1].cpus), (512, 2));
        assert!(!list[2].accessible);
    }
    let calls = fake.calls();
    let count = |argv: &[&str]| calls.iter().filter(|c| c[..] == words(argv)[..]).count();
    assert_eq!(count(&["list", "--long", "vms"]), 2);
    assert_eq!(count(&["list", "ostypes"]), 1);
    assert_eq!(calls.len(), 3, "{calls:?}");
}

/// The OS type ids come from the same one `list ostypes` as the listing's mapping; a host
/// whose listing fails leaves the check to VirtualBox (Unsupported), not "every id unknown".
#[tokio::test]
async fn os_type_ids_from_one_listing() {
    let fake = Arc::new(FakeRunner::new());
    fake.on(
        &["list", "ostypes"],
        FakeReply::ok(vbox_fixtures::fixture(
            "vboxmanage-7.2.22/list-ostypes.stdout",
        )),
    );
    let b = ManageBackend::new(Exec::new(fake.clone()), ManageOptions::default());
    let ids = b.list_os_type_ids().await.unwrap();
    assert!(
        ids.iter().any(|id| id == "Ubuntu_64") && ids.len() > 50,
        "{ids:?}"
    );
    b.list_os_type_ids().await.unwrap();
    assert_eq!(fake.call_count(), 1);

    let failing = Arc::new(FakeRunner::new());
    failing.on(
        &["list", "ostypes"],
        FakeReply::fail(1, "VBoxManage: error: boom\n"),
    );
    let b = ManageBackend::new(Exec::new(failing), ManageOptions::default());
    let e = b.list_os_type_ids().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
}
