//! A running machine: save and restore, pause and resume with the states each refuses, an
//! online snapshot, and guest property waits.

use crate::support::{create_blank, create_guest, ip, start};
use crate::Harness;
use tokio::time::Instant;
use vbox_ops::addresses::{network_addresses, wait_for_addresses, AddressQuery};
use vbox_ops::{Error, StopMode, StopOptions};
use vbox_types::{ErrorKind, MachineState, TakeSnapshot};

/// Save state, then start from it: Saved in between, Running after, and the guest's address
/// (stale for the restored VM process until the guest rewrites it) back once it does.
pub async fn save_state_and_start_from_saved(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let saved = h.machine_name("saved");
    create_guest(h, b, &saved, None).await;
    start(h, b, &saved).await;
    wait_for_addresses(b, &saved, &AddressQuery::default(), t.timeout)
        .await
        .expect("address before the save");
    let save = StopOptions {
        mode: StopMode::SaveState,
        timeout: t.timeout,
        ..Default::default()
    };
    let outcome = vbox_ops::stop(b, &saved, &save).await.expect("save state");
    assert!(outcome.was_running);
    assert_eq!(outcome.machine.state, MachineState::Saved);
    let err = vbox_ops::pause(b, &saved, t.timeout)
        .await
        .expect_err("a saved machine cannot be paused");
    assert!(
        matches!(
            err,
            Error::InvalidState {
                state: MachineState::Saved,
                operation: "pause",
                ..
            }
        ),
        "{err:?}"
    );

    let restored = start(h, b, &saved).await;
    assert_eq!(restored.state, MachineState::Running);
    let again = wait_for_addresses(b, &saved, &AddressQuery::default(), t.timeout)
        .await
        .expect("address after the restore");
    assert_eq!(again[0].address, ip("10.0.2.15"));
}

/// Pause and resume, and what each refuses: naming the machine and its state, changing
/// nothing.
pub async fn pause_and_resume(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let frozen = h.machine_name("frozen");
    create_blank(h, b, &frozen).await;
    let err = vbox_ops::resume(b, &frozen, t.timeout)
        .await
        .expect_err("not running");
    assert_eq!(err.kind(), ErrorKind::InvalidState, "{err}");
    assert!(err.to_string().contains(&format!("'{frozen}'")), "{err}");
    start(h, b, &frozen).await;

    let err = vbox_ops::resume(b, &frozen, t.timeout)
        .await
        .expect_err("a running machine is not paused");
    assert!(
        err.hint().is_some_and(|h| h.contains("not paused")),
        "{err:?}"
    );
    let paused = vbox_ops::pause(b, &frozen, t.timeout).await.expect("pause");
    assert_eq!(paused.state, MachineState::Paused);
    let err = vbox_ops::pause(b, &frozen, t.timeout)
        .await
        .expect_err("already paused");
    assert!(
        matches!(
            err,
            Error::InvalidState {
                state: MachineState::Paused,
                operation: "pause",
                ..
            }
        ),
        "{err:?}"
    );
    let err = vbox_ops::reset(b, &frozen, t.timeout)
        .await
        .expect_err("a paused machine cannot be reset");
    assert!(err.hint().is_some_and(|h| h.contains("resume")), "{err:?}");
    assert_eq!(
        vbox_ops::get(b, &frozen).await.unwrap().state,
        MachineState::Paused
    );

    let resumed = vbox_ops::resume(b, &frozen, t.timeout)
        .await
        .expect("resume");
    assert_eq!(resumed.state, MachineState::Running);
    let reset = vbox_ops::reset(b, &frozen, t.timeout).await.expect("reset");
    assert_eq!(reset.state, MachineState::Running);
}

/// A snapshot of a running machine is online (it holds the saved state) and leaves the
/// machine running.
pub async fn online_snapshot_of_a_running_machine(h: &dyn Harness) {
    let backend = h.backend();
    let b = backend.as_ref();
    let live = h.machine_name("live");
    create_guest(h, b, &live, Some(64)).await;
    start(h, b, &live).await;
    let spec = TakeSnapshot {
        name: "while-running".into(),
        description: "taken live".into(),
        live: true,
    };
    let snapshot = b
        .take_snapshot(&live, &spec)
        .await
        .expect("online snapshot");
    assert_eq!(snapshot.name, "while-running");
    let listed = b.list_snapshots(&live).await.expect("list snapshots");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(
        listed[0].online,
        "a snapshot of a running machine holds its state: {listed:?}"
    );
    assert!(listed[0].current);
    assert_eq!(listed[0].description, "taken live");
    let machine = vbox_ops::get(b, &live).await.unwrap();
    assert_eq!(machine.state, MachineState::Running);
    assert_eq!(
        machine.current_snapshot.map(|s| s.name).as_deref(),
        Some("while-running")
    );
}

/// A wait on guest properties returns the change another client makes while it waits, and
/// nothing (not an error) when its timeout passes without one.
pub async fn guest_property_waits(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let watched = h.machine_name("watched");
    create_blank(h, b, &watched).await;
    start(h, b, &watched).await;

    let quiet = b
        .wait_guest_property(&watched, "/lab/nothing/*", t.tolerance)
        .await
        .expect("a quiet wait");
    assert!(quiet.is_none(), "{quiet:?}");

    let writer = {
        let (backend, name) = (h.backend(), watched.clone());
        let delay = t.tolerance;
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            backend
                .set_guest_property(&name, "/lab/role", Some("web"), None)
                .await
        })
    };
    let t0 = Instant::now();
    let change = b
        .wait_guest_property(&watched, "/lab/*", t.timeout)
        .await
        .expect("wait")
        .expect("the change");
    assert!(t0.elapsed() >= t.tolerance / 2, "it waited for the write");
    writer.await.expect("the writer").expect("set the property");
    assert_eq!(change.name, "/lab/role");
    assert_eq!(change.value, "web");
    let read = b.get_guest_property(&watched, "/lab/role").await.unwrap();
    assert_eq!(read.map(|p| p.value).as_deref(), Some("web"));
    let nothing = network_addresses(b, &watched, &AddressQuery::default())
        .await
        .expect("read addresses");
    assert!(
        nothing.is_empty(),
        "a machine without adapters: {nothing:?}"
    );
}
