//! Machine states, transitions and the errors of each operation (reference §3, §7).

mod common;
use common::*;
use std::time::Duration;
use vbox_sim::Sim;
use vbox_types::*;

#[tokio::test(start_paused = true)]
async fn create_follows_the_7_0_14_defaults() {
    let (dir, sim) = sim();
    let bare = sim
        .create_machine(&CreateMachine {
            name: "bare".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    // createvm without --ostype: no network adapter at all, 128 MB.
    assert_eq!(bare.enabled_adapters().count(), 0);
    assert_eq!(bare.adapters.len(), 8);
    assert_eq!(bare.memory_mb, 128);
    assert_eq!(bare.os_type_id, "Other");
    let other = sim
        .create_machine(&CreateMachine {
            name: "tmpl \"q\"".into(),
            os_type_id: Some("Other".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let nic1 = &other.adapters[0];
    assert!(nic1.enabled);
    assert_eq!(nic1.attachment, NetworkAttachmentType::NAT);
    assert_eq!(nic1.adapter_type, NetworkAdapterType::Am79C973);
    assert!(nic1.mac_address.starts_with("080027") && nic1.mac_address.len() == 12);
    assert_eq!(other.memory_mb, 128);
    assert_eq!(other.chipset, ChipsetType::PIIX3);
    // The name is kept; only the file name is made safe.
    assert_eq!(other.name, "tmpl \"q\"");
    assert!(other.settings_file.ends_with("tmpl _q_/tmpl _q_.vbox"));
    assert!(std::path::Path::new(&other.settings_file).exists());
    let ubuntu = vm(&sim, "web 01").await;
    assert_eq!(
        ubuntu.adapters[0].adapter_type,
        NetworkAdapterType::I82540EM
    );
    assert_eq!(ubuntu.groups, vec!["/"]);
    assert!(ubuntu
        .settings_file
        .starts_with(&*dir.path().canonicalize().unwrap().to_string_lossy()));
    // MACs are unique across machines.
    assert_ne!(
        ubuntu.adapters[0].mac_address,
        other.adapters[0].mac_address
    );
}

#[tokio::test(start_paused = true)]
async fn odd_names_work() {
    let (_d, sim) = sim();
    for name in ["--leading-dash", "ünï cødé", "a/b", "with 'quotes'"] {
        vm(&sim, name).await;
        sim.start_machine(name, StartType::Headless).await.unwrap();
        assert_eq!(state(&sim, name).await, MachineState::Running, "{name}");
    }
    let names: Vec<String> = sim
        .list_machines()
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(
        names,
        ["--leading-dash", "ünï cødé", "a/b", "with 'quotes'"]
    );
}

#[tokio::test(start_paused = true)]
async fn duplicate_create_is_a_file_error() {
    let (_d, sim) = sim();
    let first = vm(&sim, "web 01").await;
    let (msg, code, _) = err_of(
        sim.create_machine(&CreateMachine {
            name: "web 01".into(),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(code, ResultCode::FILE_ERROR);
    assert_eq!(
        msg,
        format!(
            "Machine settings file '{}' already exists",
            first.settings_file
        )
    );
    // The same name in another group is another folder: allowed, as in VirtualBox.
    sim.create_machine(&CreateMachine {
        name: "web 01".into(),
        groups: vec!["/lab".into()],
        ..Default::default()
    })
    .await
    .unwrap();
}

#[tokio::test(start_paused = true)]
async fn lookups_fail_with_virtualbox_texts() {
    let (_d, sim) = sim();
    let (msg, code, kind) = err_of(sim.get_machine("no such vm").await);
    assert_eq!(
        msg,
        "Could not find a registered machine named 'no such vm'"
    );
    assert_eq!(code, ResultCode::OBJECT_NOT_FOUND);
    assert_eq!(kind, ErrorKind::NotFound);
    let (msg, _, _) = err_of(sim.start_machine("", StartType::Headless).await);
    assert_eq!(msg, "Could not find a registered machine named ''");
    let id = "15479a3d-8abd-41cb-9ec7-72c83f037850";
    let (msg, _, _) = err_of(sim.get_machine(id).await);
    assert_eq!(
        msg,
        "Could not find a registered machine with UUID {15479a3d-8abd-41cb-9ec7-72c83f037850}"
    );
    let m = vm(&sim, "x").await;
    assert_eq!(sim.get_machine(&m.id).await.unwrap().name, "x");
    assert_eq!(
        sim.get_machine(&format!("{{{}}}", m.id))
            .await
            .unwrap()
            .name,
        "x"
    );
}

#[tokio::test(start_paused = true)]
async fn start_goes_through_starting_and_takes_the_real_time() {
    let (_d, sim) = sim();
    let created = vm(&sim, "vm").await;
    let t0 = sim.now_ms();
    let s2 = sim.clone();
    let h = tokio::spawn(async move { s2.start_machine("vm", StartType::Headless).await });
    sleep_ms(100).await;
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.state, MachineState::Starting);
    assert_eq!(m.session_state, SessionState::Spawning);
    assert_eq!(m.session_name.as_deref(), Some("headless"));
    assert_eq!(m.last_state_change_ms, t0);
    assert!(m.last_state_change_ms >= created.last_state_change_ms);
    h.await.unwrap().unwrap();
    assert_eq!(sim.now_ms() - t0, 800);
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.state, MachineState::Running);
    assert_eq!(m.session_state, SessionState::Locked);
    assert_eq!(m.last_state_change_ms, t0 + 800);
    // The host's own properties appear at power-on.
    let host = props(&sim, "vm", "/VirtualBox/HostInfo/*").await;
    assert_eq!(host["/VirtualBox/HostInfo/VBoxVer"].value, "7.1.12");
    assert_eq!(host["/VirtualBox/HostInfo/VBoxRev"].value, "169651");
    assert_eq!(
        host["/VirtualBox/HostInfo/VBoxVer"].flags,
        "TRANSIENT, RDONLYGUEST"
    );
}

#[tokio::test(start_paused = true)]
async fn gui_session_names() {
    let (_d, sim) = sim();
    vm(&sim, "a").await;
    vm(&sim, "b").await;
    sim.start_machine("a", StartType::Gui).await.unwrap();
    sim.start_machine("b", StartType::Sdl).await.unwrap();
    assert_eq!(
        sim.get_machine("a").await.unwrap().session_name.as_deref(),
        Some("GUI/Qt")
    );
    assert_eq!(
        sim.get_machine("b").await.unwrap().session_name.as_deref(),
        Some("GUI/SDL")
    );
}

#[tokio::test(start_paused = true)]
async fn start_of_a_running_machine_is_the_lock_error() {
    let (_d, sim) = sim();
    vm(&sim, "clone a").await;
    sim.start_machine("clone a", StartType::Headless)
        .await
        .unwrap();
    let (msg, code, kind) = err_of(sim.start_machine("clone a", StartType::Headless).await);
    assert_eq!(
        msg,
        "The machine 'clone a' is already locked by a session (or being locked or unlocked)"
    );
    assert_eq!(code, ResultCode::INVALID_OBJECT_STATE);
    assert_eq!(kind, ErrorKind::Locked);
    // modifyvm of a running machine (7.0.14 modifyvm-while-running).
    let (msg, _, kind) = err_of(
        sim.modify_machine(
            "clone a",
            &ModifyMachine {
                memory_mb: Some(256),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(
        msg,
        "The machine 'clone a' is already locked for a session (or being unlocked)"
    );
    assert_eq!(kind, ErrorKind::Locked);
    let (msg, code, _) = err_of(
        sim.unregister_machine("clone a", &Unregister::default())
            .await,
    );
    assert_eq!(
        msg,
        "Cannot unregister the machine 'clone a' while it is locked"
    );
    assert_eq!(code, ResultCode::INVALID_OBJECT_STATE);
}

#[tokio::test(start_paused = true)]
async fn power_off_and_its_errors() {
    let (_d, sim) = sim();
    vm(&sim, "clone a").await;
    let (msg, code, kind) = err_of(
        sim.control_machine("clone a", ControlAction::PowerOff)
            .await,
    );
    // VBoxManage's text; 7.0 added the period.
    assert_eq!(msg, "Machine 'clone a' is not currently running.");
    assert_eq!(code, ResultCode::INVALID_VM_STATE);
    assert_eq!(kind, ErrorKind::InvalidState);
    sim.start_machine("clone a", StartType::Headless)
        .await
        .unwrap();
    let t0 = sim.now_ms();
    let s2 = sim.clone();
    let h =
        tokio::spawn(async move { s2.control_machine("clone a", ControlAction::PowerOff).await });
    sleep_ms(50).await;
    assert_eq!(state(&sim, "clone a").await, MachineState::Stopping);
    let (msg, _, _) = err_of(
        sim.control_machine("clone a", ControlAction::PowerOff)
            .await,
    );
    assert_eq!(msg, "The virtual machine is being powered down");
    h.await.unwrap().unwrap();
    assert_eq!(sim.now_ms() - t0, 110);
    let m = sim.get_machine("clone a").await.unwrap();
    assert_eq!(m.state, MachineState::PoweredOff);
    assert_eq!(m.session_state, SessionState::Unlocked);
    assert_eq!(m.session_name, None);
    for a in [
        ControlAction::AcpiPowerButton,
        ControlAction::Pause,
        ControlAction::SaveState,
    ] {
        let (msg, _, _) = err_of(sim.control_machine("clone a", a).await);
        assert_eq!(msg, "Machine 'clone a' is not currently running.", "{a:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn pause_resume_texts() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    let (msg, _, _) = err_of(sim.control_machine("vm", ControlAction::Resume).await);
    assert_eq!(
        msg,
        "Cannot resume the machine as it is not paused (machine state: Running)"
    );
    sim.control_machine("vm", ControlAction::Pause)
        .await
        .unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Paused);
    let (msg, code, _) = err_of(sim.control_machine("vm", ControlAction::Pause).await);
    assert_eq!(
        (msg.as_str(), code),
        ("Already paused", ResultCode::INVALID_VM_STATE)
    );
    // ACPI needs Running (5.0 capture: "Invalid machine state: Paused").
    let (msg, _, _) = err_of(
        sim.control_machine("vm", ControlAction::AcpiPowerButton)
            .await,
    );
    assert_eq!(msg, "Invalid machine state: Paused");
    sim.control_machine("vm", ControlAction::Resume)
        .await
        .unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
    assert_eq!(
        prop(&sim, "vm", "/VirtualBox/VMInfo/ResumeCounter")
            .await
            .as_deref(),
        Some("1")
    );
    // Paused machines power off too.
    sim.control_machine("vm", ControlAction::Pause)
        .await
        .unwrap();
    sim.control_machine("vm", ControlAction::PowerOff)
        .await
        .unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::PoweredOff);
}

#[tokio::test(start_paused = true)]
async fn save_state_and_restore() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    let ip_before = sim.get_guest_property("vm", IP0).await.unwrap().unwrap();
    let t0 = sim.now_ms();
    sim.control_machine("vm", ControlAction::SaveState)
        .await
        .unwrap();
    assert_eq!(sim.now_ms() - t0, 260);
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.state, MachineState::Saved);
    assert_eq!(m.session_state, SessionState::Unlocked);
    // A saved machine keeps its guest properties.
    assert_eq!(
        sim.get_guest_property("vm", IP0).await.unwrap().unwrap(),
        ip_before
    );
    let (msg, code, _) = err_of(sim.control_machine("vm", ControlAction::PowerOff).await);
    assert_eq!(
        (msg.as_str(), code),
        (
            "Cannot power down a saved virtual machine",
            ResultCode::INVALID_VM_STATE
        )
    );
    let (msg, _, _) = err_of(
        sim.modify_machine(
            "vm",
            &ModifyMachine {
                cpus: Some(2),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(msg, "The machine is not mutable (state is Saved)");
    let s2 = sim.clone();
    let h = tokio::spawn(async move { s2.start_machine("vm", StartType::Headless).await });
    sleep_ms(10).await;
    assert_eq!(state(&sim, "vm").await, MachineState::Restoring);
    h.await.unwrap().unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
    // The guest continues: its Guest Additions keep running, the beacon goes on.
    let count = sim
        .get_guest_property("vm", GUEST_NET_COUNT)
        .await
        .unwrap()
        .unwrap();
    sleep_ms(5_000).await;
    let later = sim
        .get_guest_property("vm", GUEST_NET_COUNT)
        .await
        .unwrap()
        .unwrap();
    assert!(later.timestamp_ns > count.timestamp_ns);
}

#[tokio::test(start_paused = true)]
async fn reset_reboots_the_guest() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    boot(&sim, "vm").await;
    let ip = sim.get_guest_property("vm", IP0).await.unwrap().unwrap();
    sim.control_machine("vm", ControlAction::Reset)
        .await
        .unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
    assert_eq!(
        prop(&sim, "vm", "/VirtualBox/VMInfo/ResetCounter")
            .await
            .as_deref(),
        Some("1")
    );
    // The network is gone (TRANSRESET, as a real 7.2.22 guest writes it) until the rebooted
    // guest publishes it again.
    sleep_ms(10_000).await;
    assert!(sim.get_guest_property("vm", IP0).await.unwrap().is_none());
    sleep_ms(10_001).await;
    assert!(
        sim.get_guest_property("vm", IP0)
            .await
            .unwrap()
            .unwrap()
            .timestamp_ns
            > ip.timestamp_ns
    );
}

#[tokio::test(start_paused = true)]
async fn modify_changes_settings_and_moves_the_folder() {
    let (_d, sim) = sim();
    let before = vm(&sim, "web 01").await;
    let mut change = ModifyMachine {
        memory_mb: Some(1024),
        cpus: Some(2),
        description: Some("line one\nline two".into()),
        groups: Some(vec!["/lab/web".into()]),
        ..Default::default()
    };
    change.adapters = vec![
        adapter(1, NetworkAttachmentType::Internal, "labnet"),
        AdapterChange {
            mac_address: Some("080027AABBCC".into()),
            ..adapter(2, NetworkAttachmentType::HostOnly, "vboxnet0")
        },
    ];
    sim.modify_machine("web 01", &change).await.unwrap();
    let m = sim.get_machine("web 01").await.unwrap();
    assert_eq!((m.memory_mb, m.cpus), (1024, 2));
    assert_eq!(m.description, "line one\nline two");
    assert_eq!(m.groups, vec!["/lab/web"]);
    assert!(
        m.settings_file
            .ends_with("machines/lab/web/web 01/web 01.vbox"),
        "{}",
        m.settings_file
    );
    assert!(std::path::Path::new(&m.settings_file).exists());
    assert!(!std::path::Path::new(&before.settings_file).exists());
    assert_eq!(m.adapters[1].internal_network, "labnet");
    assert_eq!(m.adapters[2].host_only_interface, "vboxnet0");
    assert_eq!(m.adapters[2].mac_address, "080027AABBCC");
    assert_eq!(m.enabled_adapters().count(), 3);
    // Invalid input is refused and changes nothing.
    let (msg, code, _) = err_of(
        sim.modify_machine(
            "web 01",
            &ModifyMachine {
                memory_mb: Some(1),
                cpus: Some(4),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(code, ResultCode::E_INVALIDARG);
    assert!(msg.starts_with("Invalid RAM size: 1 MB"));
    assert_eq!(sim.get_machine("web 01").await.unwrap().cpus, 2);
    // Disabling an adapter.
    sim.modify_machine(
        "web 01",
        &ModifyMachine {
            adapters: vec![adapter(1, NetworkAttachmentType::Null, "")],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(!sim.get_machine("web 01").await.unwrap().adapters[1].enabled);
}

#[tokio::test(start_paused = true)]
async fn version_and_capabilities() {
    let (_d, sim) = sim();
    let v = sim.version().await.unwrap();
    assert_eq!(
        (v.version.as_str(), v.revision, v.api),
        ("7.1.12", 169651, ApiVersion::V7_1)
    );
    assert!(sim.capabilities().event_wait);
    assert!(sim.describe().starts_with("sim:///"));
    let dir = tempfile::tempdir().unwrap();
    let old = Sim::open_with(
        dir.path(),
        vbox_sim::SimOptions {
            api: ApiVersion::V6_1,
            version: "6.1.50".into(),
            revision: 161033,
        },
    )
    .unwrap();
    let v = old.version().await.unwrap();
    assert_eq!(v.api, ApiVersion::V6_1);
    vm(&old, "vm").await;
    let (msg, _, _) = err_of(old.control_machine("vm", ControlAction::PowerOff).await);
    // Before 7.0 VBoxManage printed no final period.
    assert_eq!(msg, "Machine 'vm' is not currently running");
    let (_, _, kind) = err_of(
        old.unregister_machine(
            "vm",
            &Unregister {
                cleanup: CleanupMode::DetachAllReturnHardDisksAndVMRemovable,
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(kind, ErrorKind::Unsupported);
    assert!(old.get_machine("vm").await.is_ok());
    let _ = Duration::ZERO;
}

#[tokio::test(start_paused = true)]
async fn transient_states_refuse_with_their_texts() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    let s2 = sim.clone();
    let h = tokio::spawn(async move { s2.start_machine("vm", StartType::Headless).await });
    sleep_ms(100).await;
    let (msg, _, _) = err_of(sim.control_machine("vm", ControlAction::PowerOff).await);
    assert_eq!(
        msg,
        "Invalid machine state: Starting (must be Running, Paused or Stuck)"
    );
    let (msg, _, _) = err_of(sim.control_machine("vm", ControlAction::SaveState).await);
    assert_eq!(
        msg,
        "Cannot save the execution state as the machine is not running or paused (machine state: Starting)"
    );
    let (msg, _, _) = err_of(sim.control_machine("vm", ControlAction::Pause).await);
    assert_eq!(msg, "Invalid machine state: Starting");
    let (_, _, kind) = err_of(sim.start_machine("vm", StartType::Headless).await);
    assert_eq!(kind, ErrorKind::Locked);
    h.await.unwrap().unwrap();
    sim.control_machine("vm", ControlAction::Pause)
        .await
        .unwrap();
    let (msg, code, _) = err_of(sim.control_machine("vm", ControlAction::Reset).await);
    assert_eq!(
        (msg.as_str(), code),
        (
            "Invalid machine state: Paused",
            ResultCode::INVALID_VM_STATE
        )
    );
    let summary = sim.list_machines().await.unwrap();
    assert_eq!(summary[0].state, Some(MachineState::Paused));
    let full = sim.list_machines_full().await.unwrap();
    assert_eq!(full[0].session_state, SessionState::Locked);
}
