//! Full and linked clones, clone modes, and what survives cloning.

mod common;
use common::*;
use std::path::Path;
use vbox_sim::keys;
use vbox_types::*;

fn linked(source: &str, name: &str, snapshot: &str) -> CloneMachine {
    CloneMachine {
        options: vec![CloneOption::Link],
        snapshot: Some(snapshot.into()),
        ..CloneMachine::new(source, name)
    }
}

async fn snap(sim: &vbox_sim::Sim, vm: &str, name: &str) -> Snapshot {
    sim.take_snapshot(
        vm,
        &TakeSnapshot {
            name: name.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test(start_paused = true)]
async fn linked_clone_needs_a_snapshot() {
    let (_d, sim) = sim();
    vm(&sim, "bare").await;
    let mut spec = CloneMachine::new("bare", "clone c");
    spec.options = vec![CloneOption::Link];
    let (msg, code, kind) = err_of(sim.clone_machine(&spec).await);
    assert_eq!(msg, "Linked clone can only be created from a snapshot");
    assert_eq!(
        (code, kind),
        (ResultCode::E_INVALIDARG, ErrorKind::InvalidInput)
    );
    snap(&sim, "bare", "base").await;
    let mut spec = linked("bare", "clone c", "base");
    spec.mode = CloneMode::AllStates;
    let (msg, _, _) = err_of(sim.clone_machine(&spec).await);
    assert_eq!(
        msg,
        "Linked clone can only be created for a single machine state"
    );
    let (msg, code, _) = err_of(sim.clone_machine(&linked("bare", "clone c", "nope")).await);
    assert_eq!(
        (msg.as_str(), code),
        (
            "Could not find a snapshot named 'nope'",
            ResultCode::OBJECT_NOT_FOUND
        )
    );
    // Nothing of the refused clones exists.
    assert_eq!(sim.list_machines().await.unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn linked_clones_share_the_template_disk() {
    let (_d, sim) = sim();
    let base = vm_with_disk(&sim, "base").await;
    let golden = snap(&sim, "base", "golden").await;
    let lc1 = sim
        .clone_machine(&linked("base", "lc1", "golden"))
        .await
        .unwrap();
    let lc2 = sim
        .clone_machine(&linked("base", "lc2", &golden.id))
        .await
        .unwrap();
    let full = sim
        .clone_machine(&CloneMachine::new("base", "full1"))
        .await
        .unwrap();
    let media = sim.list_media().await.unwrap();
    // base.vdi, the template's current diff, two linked diffs, the full copy.
    assert_eq!(media.len(), 5);
    let base_disk = media
        .iter()
        .find(|m| m.location.ends_with("base/base.vdi"))
        .unwrap();
    assert_eq!(base_disk.parent_id, None);
    assert_eq!(base_disk.child_ids.len(), 3);
    assert_eq!(base_disk.machine_ids, vec![base.id.clone()]);
    for clone in [&lc1, &lc2] {
        let diff = media
            .iter()
            .find(|m| m.machine_ids == vec![clone.id.clone()])
            .unwrap();
        assert_eq!(diff.parent_id.as_deref(), Some(base_disk.id.as_str()));
        let dir = Path::new(&clone.settings_file)
            .parent()
            .unwrap()
            .join("Snapshots");
        assert!(
            diff.location.starts_with(&*dir.to_string_lossy()),
            "{}",
            diff.location
        );
        assert!(diff.location.ends_with(&format!("{{{}}}.vdi", diff.id)));
        assert!(Path::new(&diff.location).exists());
    }
    let copy = media
        .iter()
        .find(|m| m.machine_ids == vec![full.id.clone()])
        .unwrap();
    assert!(
        copy.location.ends_with("full1/full1.vdi"),
        "{}",
        copy.location
    );
    assert_eq!(copy.parent_id, None);
    assert_eq!(copy.logical_size, 64 * 1024 * 1024);
    // Clones are new machines in the root group, with their own MACs.
    assert_ne!(lc1.id, base.id);
    assert_eq!(lc1.groups, vec!["/"]);
    assert_ne!(lc1.adapters[0].mac_address, base.adapters[0].mac_address);
    assert_ne!(lc1.adapters[0].mac_address, lc2.adapters[0].mac_address);
    assert_eq!(lc1.snapshot_count, 0);
    assert_eq!(lc1.state, MachineState::PoweredOff);
    // A linked clone boots and gets its own address on a host-only network.
    sim.start_machine("lc1", StartType::Headless).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn clone_modes_copy_snapshots() {
    let (_d, sim) = sim();
    vm_with_disk(&sim, "src").await;
    snap(&sim, "src", "one").await;
    snap(&sim, "src", "two").await;
    let all = sim
        .clone_machine(&CloneMachine {
            mode: CloneMode::AllStates,
            ..CloneMachine::new("src", "all")
        })
        .await
        .unwrap();
    assert_eq!(all.snapshot_count, 2);
    let tree = sim.list_snapshots("all").await.unwrap();
    assert_eq!(
        tree.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["one", "two"]
    );
    assert_eq!(tree[1].parent_id.as_deref(), Some(tree[0].id.as_str()));
    assert!(tree[1].current);
    let src_tree = sim.list_snapshots("src").await.unwrap();
    assert_ne!(tree[0].id, src_tree[0].id);
    // The copies keep their chain: base copy <- diff copy <- current diff copy.
    let media = sim.list_media().await.unwrap();
    let mine: Vec<&Medium> = media
        .iter()
        .filter(|m| m.machine_ids.contains(&all.id))
        .collect();
    assert_eq!(mine.len(), 3);
    assert_eq!(mine.iter().filter(|m| m.parent_id.is_none()).count(), 1);
    assert!(mine
        .iter()
        .all(|m| !m.machine_ids.iter().any(|u| u != &all.id)));

    let machine = sim
        .clone_machine(&CloneMachine::new("src", "current"))
        .await
        .unwrap();
    assert_eq!(machine.snapshot_count, 0);
    let child = sim
        .clone_machine(&CloneMachine {
            mode: CloneMode::MachineAndChildStates,
            snapshot: Some("two".into()),
            ..CloneMachine::new("src", "child")
        })
        .await
        .unwrap();
    assert_eq!(child.snapshot_count, 1);
    assert_eq!(sim.list_snapshots("child").await.unwrap()[0].name, "two");
}

#[tokio::test(start_paused = true)]
async fn clone_keeps_extradata_and_macs_on_request() {
    let (_d, sim) = sim();
    let src = vm(&sim, "src").await;
    set_extra(&sim, "src", keys::BOOT_DELAY_MS, "1000").await;
    let kept = sim
        .clone_machine(&CloneMachine {
            options: vec![CloneOption::KeepAllMACs],
            ..CloneMachine::new("src", "kept")
        })
        .await
        .unwrap();
    assert_eq!(kept.adapters[0].mac_address, src.adapters[0].mac_address);
    let nat = sim
        .clone_machine(&CloneMachine {
            options: vec![CloneOption::KeepNATMACs],
            ..CloneMachine::new("src", "nat")
        })
        .await
        .unwrap();
    assert_eq!(nat.adapters[0].mac_address, src.adapters[0].mac_address);
    assert_ne!(nat.adapters[1].mac_address, src.adapters[1].mac_address);
    // Behaviour keys survive cloning: the clone boots fast too.
    assert_eq!(
        sim.get_extradata("kept", keys::BOOT_DELAY_MS)
            .await
            .unwrap()
            .as_deref(),
        Some("1000")
    );
    sim.start_machine("nat", StartType::Headless).await.unwrap();
    sleep_ms(1_000).await;
    assert!(prop(&sim, "nat", IP0).await.is_some());
}

#[tokio::test(start_paused = true)]
async fn clone_errors_leave_nothing_behind() {
    let (_d, sim) = sim();
    vm_with_disk(&sim, "src").await;
    let taken = vm(&sim, "taken").await;
    let (msg, code, _) = err_of(sim.clone_machine(&CloneMachine::new("src", "taken")).await);
    assert_eq!(code, ResultCode::FILE_ERROR);
    assert_eq!(
        msg,
        format!(
            "Machine settings file '{}' already exists",
            taken.settings_file
        )
    );
    let (_, code, _) = err_of(sim.clone_machine(&CloneMachine::new("nope", "x")).await);
    assert_eq!(code, ResultCode::OBJECT_NOT_FOUND);
    // A running machine's current disks are locked by its VM process.
    sim.start_machine("src", StartType::Headless).await.unwrap();
    let (msg, code, _) = err_of(sim.clone_machine(&CloneMachine::new("src", "hot")).await);
    assert_eq!(code, ResultCode::INVALID_OBJECT_STATE);
    assert!(
        msg.starts_with("Failed to lock source media '") && msg.ends_with("src.vdi'"),
        "{msg}"
    );
    assert_eq!(sim.list_machines().await.unwrap().len(), 2);
    assert_eq!(sim.list_media().await.unwrap().len(), 1);
    let dir = Path::new(&taken.settings_file)
        .parent()
        .unwrap()
        .parent()
        .unwrap();
    assert!(!dir.join("hot").exists());
    assert!(!dir.join("x").exists());
}

#[tokio::test(start_paused = true)]
async fn clone_copies_stored_guest_properties() {
    let (_d, sim) = sim();
    vm(&sim, "tmpl").await;
    boot(&sim, "tmpl").await;
    sim.set_guest_property("tmpl", "/Lab/Role", Some("web"), None)
        .await
        .unwrap();
    sim.control_machine("tmpl", ControlAction::PowerOff)
        .await
        .unwrap();
    let c = sim
        .clone_machine(&CloneMachine::new("tmpl", "c"))
        .await
        .unwrap();
    // VirtualBox copies the settings file with the properties it stores.
    assert_eq!(prop(&sim, "c", "/Lab/Role").await.as_deref(), Some("web"));
    assert!(!c.adapters.is_empty());
    // The Guest Additions' Net/* and the host's properties are TRANSIENT: gone with the
    // power-off, never stored, so not copied (they used to be, stale, before the Guest
    // Additions flagged them; see model/guest.rs GA_FLAGS).
    assert!(prop(&sim, "c", MAC0).await.is_none());
    assert!(prop(&sim, "c", "/VirtualBox/HostInfo/VBoxVer")
        .await
        .is_none());
}
