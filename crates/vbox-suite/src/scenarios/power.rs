//! Start and stop: ACPI escalation, session lock retries, launch failures, double starts.

use crate::support::{at_most, create_blank, create_shaped, start, start_options, state};
use crate::{GuestShape, Harness};
use tokio::time::Instant;
use vbox_ops::{Error, StopMode, StopOptions};
use vbox_types::{ErrorKind, MachineState, SessionState};

/// A guest that ignores the ACPI button is powered off after the timeout (escalation), or
/// the stop fails with a Timeout and the machine keeps running (no escalation).
pub async fn acpi_ignored_escalates_or_times_out(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let deaf = h.machine_name("deaf");
    create_shaped(h, b, &deaf, None, &GuestShape::ignoring_acpi()).await;
    start(h, b, &deaf).await;

    let t0 = Instant::now();
    let opts = StopOptions {
        mode: StopMode::Acpi,
        timeout: t.acpi_timeout,
        escalate: true,
    };
    let outcome = vbox_ops::stop(b, &deaf, &opts).await.expect("stop");
    assert!(outcome.escalated, "the ignored button ends in a power-off");
    assert!(outcome.was_running);
    assert_eq!(outcome.machine.state, MachineState::PoweredOff);
    assert!(t0.elapsed() >= t.acpi_timeout, "{:?}", t0.elapsed());
    at_most(
        t,
        t0.elapsed(),
        t.acpi_timeout + t.slack,
        "the escalated stop",
    );

    start(h, b, &deaf).await;
    let t0 = Instant::now();
    let no_escalation = StopOptions {
        escalate: false,
        ..opts
    };
    let err = vbox_ops::stop(b, &deaf, &no_escalation)
        .await
        .expect_err("no escalation: timeout");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(matches!(err, Error::Timeout { waited, .. } if waited == t.acpi_timeout));
    assert!(err.hint().is_some());
    assert!(t0.elapsed() >= t.acpi_timeout);
    assert_eq!(state(b, &deaf).await, MachineState::Running);
}

/// A start whose deadline the held session lock outlives fails as Locked with a hint; one with
/// a longer deadline retries until the lock is gone.
pub async fn start_retries_a_held_session_lock(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let locked = h.machine_name("locked");
    create_blank(h, b, &locked).await;
    // The holder takes the lock after this instant and keeps it `lock_hold`: no start can
    // succeed before `asked + lock_hold`, however slowly the steps between run.
    let asked = Instant::now();
    if !h.hold_lock(&locked, t.lock_hold).await {
        tracing::info!(
            scenario = "start_retries_a_held_session_lock",
            "skipped: this harness cannot hold a session lock from another client"
        );
        return;
    }

    let err = vbox_ops::start(b, &locked, &start_options(t.lock_timeout))
        .await
        .expect_err("the lock outlives the short deadline");
    assert_eq!(err.kind(), ErrorKind::Locked, "{err}");
    assert!(err.hint().is_some_and(|h| h.contains("another session")));

    let t0 = Instant::now();
    let machine = vbox_ops::start(b, &locked, &start_options(t.timeout))
        .await
        .expect("start after retries");
    assert_eq!(machine.state, MachineState::Running);
    assert!(asked.elapsed() >= t.lock_hold, "had to wait for the lock");
    at_most(
        t,
        t0.elapsed(),
        t.lock_hold + t.slack,
        "the start after the lock",
    );
}

/// A launch the host refuses is reported with VirtualBox's text, at once (one launch, no
/// retries), and the machine stays powered off and unlocked.
pub async fn start_failure_is_reported_and_not_retried(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let broken = h.machine_name("broken");
    create_blank(h, b, &broken).await;
    let refused = GuestShape {
        launch_fails: true,
        ..GuestShape::default()
    };
    h.shape_guest(&broken, &refused).await;
    let t0 = Instant::now();
    let err = vbox_ops::start(b, &broken, &start_options(t.timeout))
        .await
        .expect_err("the launch fails");
    assert!(!err.kind().is_retryable(), "{:?}", err.kind());
    match &err {
        // The simulator's refusal is the stock launcher's on a host without the kernel
        // driver; the real host here refuses driverless mode for this machine.
        Error::Backend { source, .. } => assert!(
            source
                .message()
                .contains("terminated unexpectedly during startup")
                || source.message().contains("VERR_SUP_DRIVERLESS"),
            "{source}"
        ),
        other => panic!("expected a backend error, got {other:?}"),
    }
    at_most(
        t,
        t0.elapsed(),
        t.start_duration + 2 * t.tolerance,
        "one launch, no retries",
    );
    let after = vbox_ops::get(b, &broken).await.expect("get");
    assert_eq!(after.state, MachineState::PoweredOff);
    assert_eq!(
        after.session_state,
        SessionState::Unlocked,
        "nothing left locked"
    );
}

/// Starting a running machine is refused with its state and a hint, and changes nothing.
pub async fn start_of_a_running_machine_is_refused(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let twice = h.machine_name("twice");
    create_blank(h, b, &twice).await;
    start(h, b, &twice).await;
    let err = vbox_ops::start(b, &twice, &start_options(t.timeout))
        .await
        .expect_err("already running");
    assert!(
        matches!(
            err,
            Error::InvalidState {
                state: MachineState::Running,
                operation: "start",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::InvalidState);
    assert!(err.hint().is_some_and(|h| h.contains("already running")));
    assert_eq!(state(b, &twice).await, MachineState::Running);
}
