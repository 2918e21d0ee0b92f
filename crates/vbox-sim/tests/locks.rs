//! Lock contention through `Sim::hold_lock`.

mod common;
use common::*;
use std::time::Duration;
use vbox_types::*;

#[tokio::test(start_paused = true)]
async fn a_held_lock_refuses_start_until_it_expires() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.hold_lock("vm", LockType::Write, Duration::from_secs(2))
        .await
        .unwrap();
    let m = sim.get_machine("vm").await.unwrap();
    assert_eq!(m.session_state, SessionState::Locked);
    assert_eq!(m.state, MachineState::PoweredOff);
    let (msg, code, kind) = err_of(sim.start_machine("vm", StartType::Headless).await);
    assert_eq!(
        msg,
        "The machine 'vm' is already locked by a session (or being locked or unlocked)"
    );
    assert_eq!(code, ResultCode::INVALID_OBJECT_STATE);
    assert!(kind.is_retryable());
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
    assert_eq!(
        msg,
        "The machine 'vm' is already locked for a session (or being unlocked)"
    );
    let (msg, _, _) = err_of(sim.unregister_machine("vm", &Unregister::default()).await);
    assert_eq!(msg, "Cannot unregister the machine 'vm' while it is locked");
    let (_, _, kind) = err_of(
        sim.take_snapshot(
            "vm",
            &TakeSnapshot {
                name: "s".into(),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(kind, ErrorKind::Locked);
    let (_, _, kind) = err_of(
        sim.hold_lock("vm", LockType::Shared, Duration::from_secs(1))
            .await,
    );
    assert_eq!(kind, ErrorKind::Locked);
    sleep_ms(2_000).await;
    assert_eq!(
        sim.get_machine("vm").await.unwrap().session_state,
        SessionState::Unlocked
    );
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn locks_on_a_running_machine() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    sim.start_machine("vm", StartType::Headless).await.unwrap();
    // A shared lock links to the running VM; a write lock is refused.
    sim.hold_lock("vm", LockType::Shared, Duration::from_secs(5))
        .await
        .unwrap();
    let (msg, _, _) = err_of(
        sim.hold_lock("vm", LockType::Write, Duration::from_secs(5))
            .await,
    );
    assert_eq!(
        msg,
        "The machine 'vm' is already locked for a session (or being unlocked)"
    );
    // The shared holder does not keep the VM from being controlled.
    sim.control_machine("vm", ControlAction::PowerOff)
        .await
        .unwrap();
    assert_eq!(
        sim.get_machine("vm").await.unwrap().session_state,
        SessionState::Unlocked
    );
    let (_, code, _) = err_of(
        sim.hold_lock("nope", LockType::Write, Duration::from_secs(1))
            .await,
    );
    assert_eq!(code, ResultCode::OBJECT_NOT_FOUND);
}

#[tokio::test(start_paused = true)]
async fn concurrent_starts_one_wins() {
    let (_d, sim) = sim();
    vm(&sim, "vm").await;
    let a = sim.clone();
    let b = sim.clone();
    let (ra, rb) = tokio::join!(
        a.start_machine("vm", StartType::Headless),
        b.start_machine("vm", StartType::Headless)
    );
    assert!(ra.is_ok() != rb.is_ok(), "{ra:?} {rb:?}");
    let e = ra.err().or(rb.err()).unwrap();
    assert_eq!(e.kind(), ErrorKind::Locked);
    assert_eq!(state(&sim, "vm").await, MachineState::Running);
}
