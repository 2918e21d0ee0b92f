//! The media registry, snapshots of disks, and destroying machines with and without files.

mod common;
use common::*;
use std::path::Path;
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

fn exists(p: &str) -> bool {
    Path::new(p).exists()
}

#[tokio::test(start_paused = true)]
async fn a_snapshot_freezes_the_disk() {
    let (_d, sim) = sim();
    let m = vm_with_disk(&sim, "base").await;
    let before = sim.list_media().await.unwrap();
    assert_eq!(before.len(), 1);
    assert!(before[0].location.ends_with("base/base.vdi"));
    assert_eq!(before[0].machine_ids, vec![m.id.clone()]);
    assert_eq!(before[0].format, "VDI");
    assert!(exists(&before[0].location));
    let t0 = sim.now_ms();
    let s = snap(&sim, "base", "golden").await;
    assert_eq!(sim.now_ms() - t0, 46);
    assert!(s.current && !s.online && s.parent_id.is_none());
    let media = sim.list_media().await.unwrap();
    assert_eq!(media.len(), 2);
    let diff = media.iter().find(|x| x.parent_id.is_some()).unwrap();
    assert_eq!(diff.parent_id.as_deref(), Some(before[0].id.as_str()));
    assert!(diff.location.contains("base/Snapshots/{"));
    let m = sim.get_machine("base").await.unwrap();
    assert_eq!(m.snapshot_count, 1);
    assert_eq!(m.current_snapshot.as_ref().unwrap().name, "golden");
}

#[tokio::test(start_paused = true)]
async fn snapshot_states_while_running() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    let s2 = sim.clone();
    let h = tokio::spawn(async move {
        s2.take_snapshot(
            "vm",
            &TakeSnapshot {
                name: "live1".into(),
                live: true,
                ..Default::default()
            },
        )
        .await
    });
    sleep_ms(10).await;
    assert_eq!(state(&sim, "vm").await, MachineState::LiveSnapshotting);
    let s = h.await.unwrap().unwrap();
    assert!(s.online);
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
    let s2 = sim.clone();
    let h = tokio::spawn(async move {
        s2.take_snapshot(
            "vm",
            &TakeSnapshot {
                name: "paused".into(),
                ..Default::default()
            },
        )
        .await
    });
    sleep_ms(10).await;
    assert_eq!(state(&sim, "vm").await, MachineState::OnlineSnapshotting);
    h.await.unwrap().unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
    // Restoring needs the machine stopped.
    let (msg, code, _) = err_of(sim.restore_snapshot("vm", "live1").await);
    assert_eq!(code, ResultCode::INVALID_VM_STATE);
    assert_eq!(
        msg,
        "Cannot delete the current state of the running machine (machine state: Running)"
    );
    sim.control_machine("vm", ControlAction::PowerOff)
        .await
        .unwrap();
    // An online snapshot restores to Saved.
    sim.restore_snapshot("vm", "live1").await.unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Saved);
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn restore_and_delete_snapshots() {
    let (_d, sim) = sim();
    vm_with_disk(&sim, "vm").await;
    let (msg, _, _) = err_of(sim.restore_snapshot("vm", "x").await);
    assert_eq!(msg, "This machine does not have any snapshots");
    snap(&sim, "vm", "one").await;
    sim.modify_machine(
        "vm",
        &ModifyMachine {
            memory_mb: Some(2048),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    snap(&sim, "vm", "two").await;
    assert_eq!(sim.list_media().await.unwrap().len(), 3);
    sim.restore_snapshot("vm", "one").await.unwrap();
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.memory_mb, 128);
    assert_eq!(m.current_snapshot.unwrap().name, "one");
    // The discarded current image is gone; a new one sits on "one"'s image.
    assert_eq!(sim.list_media().await.unwrap().len(), 3);
    let tree = sim.list_snapshots("vm").await.unwrap();
    assert_eq!(tree.len(), 2);
    assert!(tree[0].current && !tree[1].current);
    assert_eq!(tree[1].depth, 1);
    // "one" has a child snapshot and the current state on it: two children, refused.
    sim.take_snapshot(
        "vm",
        &TakeSnapshot {
            name: "three".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let (msg, code, _) = err_of(sim.delete_snapshot("vm", "one").await);
    assert_eq!(code, ResultCode::INVALID_OBJECT_STATE);
    assert!(msg.contains("because it has 2 child snapshots"), "{msg}");
    sim.delete_snapshot("vm", "two").await.unwrap();
    sim.delete_snapshot("vm", "three").await.unwrap();
    sim.delete_snapshot("vm", "one").await.unwrap();
    assert!(sim.list_snapshots("vm").await.unwrap().is_empty());
    // All merged back into the base image, which the current state uses again.
    let media = sim.list_media().await.unwrap();
    assert_eq!(media.len(), 1, "{media:#?}");
    assert!(media[0].location.ends_with("vm/vm.vdi"));
    assert!(media.iter().all(|m| exists(&m.location)));
    let (msg, code, _) = err_of(sim.delete_snapshot("vm", "one").await);
    assert_eq!(
        (msg.as_str(), code),
        (
            "This machine does not have any snapshots",
            ResultCode::OBJECT_NOT_FOUND
        )
    );
}

#[tokio::test(start_paused = true)]
async fn destroy_with_and_without_files() {
    let (_d, sim) = sim();
    let keep = vm_with_disk(&sim, "keep").await;
    let gone = vm_with_disk(&sim, "gone").await;
    let report = sim
        .unregister_machine(
            "keep",
            &Unregister {
                delete_files: false,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(report.deleted_media.len(), 0);
    assert_eq!(report.kept_media.len(), 1);
    assert!(exists(&report.kept_media[0].location));
    assert!(exists(&keep.settings_file));
    let (_, code, _) = err_of(sim.get_machine("keep").await);
    assert_eq!(code, ResultCode::OBJECT_NOT_FOUND);
    // Closed: the registry forgets it, the file stays.
    assert_eq!(sim.list_media().await.unwrap().len(), 1);

    let t0 = sim.now_ms();
    let report = sim
        .unregister_machine("gone", &Unregister::default())
        .await
        .unwrap();
    assert_eq!(sim.now_ms() - t0, 40);
    assert_eq!(report.deleted_media.len(), 1);
    assert!(!exists(&report.deleted_media[0].location));
    assert!(!exists(&gone.settings_file));
    assert!(!Path::new(&gone.settings_file).parent().unwrap().exists());
    assert!(sim.list_media().await.unwrap().is_empty());
    // The name is free again.
    vm(&sim, "gone").await;
}

#[tokio::test(start_paused = true)]
async fn keep_media_survives_delete() {
    let (_d, sim) = sim();
    vm_with_disk(&sim, "vm").await;
    let disk = sim.list_media().await.unwrap().remove(0);
    let report = sim
        .unregister_machine(
            "vm",
            &Unregister {
                keep_media: vec![disk.id.clone()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(report.deleted_media.is_empty());
    assert_eq!(report.kept_media[0].id, disk.id);
    assert!(exists(&disk.location));
}

#[tokio::test(start_paused = true)]
async fn deleting_a_template_with_linked_clones_fails_half_way() {
    let (_d, sim) = sim();
    let base = vm_with_disk(&sim, "base").await;
    snap(&sim, "base", "golden").await;
    sim.clone_machine(&linked("base", "lc1", "golden"))
        .await
        .unwrap();
    sim.clone_machine(&linked("base", "lc2", "golden"))
        .await
        .unwrap();
    let media = sim.list_media().await.unwrap();
    let base_disk = media
        .iter()
        .find(|m| m.parent_id.is_none())
        .unwrap()
        .clone();
    let template_diff = media
        .iter()
        .find(|m| m.parent_id.is_some() && m.machine_ids == vec![base.id.clone()])
        .unwrap()
        .clone();
    let (msg, code, kind) = err_of(sim.unregister_machine("base", &Unregister::default()).await);
    assert_eq!(
        msg,
        format!(
            "Cannot close medium '{}' because it has 2 child media",
            base_disk.location
        )
    );
    assert_eq!((code, kind), (ResultCode::OBJECT_IN_USE, ErrorKind::InUse));
    // As on the real 7.0.14 host: the machine is already unregistered, its own differencing
    // image deleted, the base disk still registered, folder and .vbox left on disk.
    let names: Vec<String> = sim
        .list_machines()
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["lc1", "lc2"]);
    let media = sim.list_media().await.unwrap();
    assert!(media.iter().any(|m| m.id == base_disk.id));
    assert!(!media.iter().any(|m| m.id == template_diff.id));
    assert!(!exists(&template_diff.location));
    assert!(exists(&base_disk.location));
    assert!(exists(&base.settings_file));
    // The linked clones still start, and can be deleted; then the base disk has no children.
    sim.start_machine("lc1", StartType::Headless).await.unwrap();
    sim.control_machine("lc1", ControlAction::PowerOff)
        .await
        .unwrap();
    for lc in ["lc1", "lc2"] {
        let r = sim
            .unregister_machine(lc, &Unregister::default())
            .await
            .unwrap();
        assert_eq!(r.deleted_media.len(), 1);
        assert_eq!(
            r.deleted_media[0].parent_id.as_deref(),
            Some(base_disk.id.as_str())
        );
    }
    // The base disk was in the linked clones' media registries: VirtualBox closes it with the
    // last of them (`disks-list-hdds-after-children-delete` of 7.0.14 and 7.2.22 no longer
    // list it); its file stays.
    let media = sim.list_media().await.unwrap();
    assert!(media.is_empty(), "{media:?}");
    assert!(exists(&base_disk.location));
    // And its name stays blocked by the leftover .vbox, as on a real host.
    let (_, code, _) = err_of(
        sim.create_machine(&CreateMachine {
            name: "base".into(),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(code, ResultCode::FILE_ERROR);
}

#[tokio::test(start_paused = true)]
async fn shared_media_are_never_deleted() {
    let (_d, sim) = sim();
    vm_with_disk(&sim, "tmpl").await;
    snap(&sim, "tmpl", "s").await;
    sim.clone_machine(&linked("tmpl", "lc", "s")).await.unwrap();
    // Deleting the linked clone deletes only its own differencing image.
    let r = sim
        .unregister_machine("lc", &Unregister::default())
        .await
        .unwrap();
    assert_eq!(r.deleted_media.len(), 1);
    let media = sim.list_media().await.unwrap();
    assert_eq!(media.len(), 2);
    assert!(media.iter().all(|m| exists(&m.location)));
}

#[tokio::test(start_paused = true)]
async fn unregister_only_refuses_snapshots_and_disks() {
    let (_d, sim) = sim();
    vm_with_disk(&sim, "vm").await;
    let how = Unregister {
        cleanup: CleanupMode::UnregisterOnly,
        delete_files: false,
        keep_media: vec![],
    };
    let (msg, code, _) = err_of(sim.unregister_machine("vm", &how).await);
    assert_eq!(code, ResultCode::INVALID_OBJECT_STATE);
    assert!(msg.contains("storage attachments"), "{msg}");
    snap(&sim, "vm", "s").await;
    let (msg, _, _) = err_of(sim.unregister_machine("vm", &how).await);
    assert_eq!(
        msg,
        "Cannot unregister the machine 'vm' because it has 1 snapshots"
    );
    vm(&sim, "diskless").await;
    sim.unregister_machine("diskless", &how).await.unwrap();
    assert_eq!(sim.list_machines().await.unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn saved_machines_are_deleted_with_their_state_file() {
    let (_d, sim) = sim();
    let m = vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    sim.control_machine("vm", ControlAction::SaveState)
        .await
        .unwrap();
    let folder = Path::new(&m.settings_file).parent().unwrap().to_path_buf();
    assert!(folder.join("Snapshots").read_dir().unwrap().count() == 1);
    sim.unregister_machine("vm", &Unregister::default())
        .await
        .unwrap();
    assert!(!folder.exists());
}
