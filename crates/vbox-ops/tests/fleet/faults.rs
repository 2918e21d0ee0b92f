//! One machine fails (the others finish), and an interrupt mid-way (nothing half-made).

use crate::support::{
    kinds_of, registered, run, run_with, sim_with_template, template_snapshots, web, TEMPLATE,
};
use std::sync::Mutex;
use vbox_ops::fleet::{self, Cancel, EventKind, ExecOptions, Goal, Outcome};
use vbox_sim::keys;
use vbox_types::{Backend, CloneMachine, ErrorKind, MachineState};

#[tokio::test(start_paused = true)]
async fn a_start_failure_in_one_machine_leaves_the_others_running() {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(4);
    // web-2 exists already, stopped, and its VM process dies at launch.
    vbox_ops::clone_machine(&sim, &CloneMachine::new(TEMPLATE, "web-2"))
        .await
        .unwrap();
    sim.set_extradata("web-2", keys::START_FAILURE, Some("1"))
        .await
        .unwrap();

    let (report, events) = run_with(&sim, &specs, Goal::Up, 2).await;
    let failed = report.machine("web-2").unwrap();
    assert_eq!(failed.outcome, Outcome::Failed);
    let error = failed.error.as_ref().unwrap();
    assert!(
        error.message.starts_with("cannot start 'web-2': ")
            && error
                .message
                .contains("terminated unexpectedly during startup"),
        "{error:?}"
    );
    assert_ne!(failed.state, Some(MachineState::Running));
    assert!(matches!(
        kinds_of(&events, "web-2").last(),
        Some(EventKind::Failed { .. })
    ));
    for name in ["web-1", "web-3", "web-4"] {
        let m = report.machine(name).unwrap();
        assert_eq!(m.outcome, Outcome::Changed, "{m:?}");
        assert_eq!(m.state, Some(MachineState::Running));
        assert!(m.ip.is_some());
    }
    assert_eq!(report.failures().count(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_missing_template_and_a_bad_setting_fail_alone_and_leave_nothing() {
    let (_dir, sim) = sim_with_template().await;
    let mut specs = web(3);
    specs[0].clone_from = "no-such-template".into();
    specs[1].cpus = Some(1000);
    let (report, events) = run_with(&sim, &specs, Goal::Up, 3).await;

    let missing = report.machine("web-1").unwrap();
    assert_eq!(missing.outcome, Outcome::Failed);
    let error = missing.error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::NotFound);
    assert_eq!(
        error.message,
        "Could not find a registered machine named 'no-such-template'"
    );

    let bad = report.machine("web-2").unwrap();
    assert_eq!(bad.outcome, Outcome::Failed);
    assert!(
        bad.error
            .as_ref()
            .unwrap()
            .message
            .starts_with("cannot configure 'web-2': "),
        "{bad:?}"
    );
    assert!(kinds_of(&events, "web-2").contains(&EventKind::RolledBack));
    assert_eq!(bad.state, None, "the half-made clone was destroyed again");

    assert_eq!(report.machine("web-3").unwrap().outcome, Outcome::Changed);
    assert_eq!(registered(&sim).await, [TEMPLATE, "web-3"]);
}

#[tokio::test(start_paused = true)]
async fn an_interrupt_mid_way_leaves_no_half_made_machine() {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(6);
    let cancel = Cancel::new();
    let opts = ExecOptions {
        parallel: 2,
        cancel: cancel.clone(),
    };
    let plan = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    let events = Mutex::new(Vec::new());
    // Ctrl-C just as the third clone begins.
    let report = fleet::execute(&sim, &plan, &opts, |e| {
        if e.machine == "web-3" && e.kind == (EventKind::Cloning { percent: 0 }) {
            cancel.cancel();
        }
        events.lock().unwrap().push(e);
    })
    .await;
    assert!(report.interrupted);

    let web3 = report.machine("web-3").unwrap();
    assert_eq!(
        web3.outcome,
        Outcome::Interrupted,
        "the clone in flight finished"
    );
    assert_eq!(
        web3.state,
        Some(MachineState::PoweredOff),
        "but was not started"
    );
    for name in ["web-4", "web-5", "web-6"] {
        let m = report.machine(name).unwrap();
        assert_eq!((m.outcome, m.state), (Outcome::Skipped, None), "{m:?}");
        assert_eq!(
            kinds_of(&events.lock().unwrap(), name),
            [EventKind::Interrupted]
        );
    }
    // Whatever exists is whole: configured as the profile says, in a stable state.
    assert_eq!(
        registered(&sim).await,
        [TEMPLATE, "web-1", "web-2", "web-3"]
    );
    let web1 = vbox_ops::get(&sim, "web-1").await.unwrap();
    let group_dir = std::path::Path::new(&web1.settings_file)
        .parent()
        .unwrap()
        .parent()
        .unwrap();
    for name in ["web-4", "web-5", "web-6"] {
        assert!(!group_dir.join(name).exists(), "no files of {name}");
    }
    for name in ["web-1", "web-2", "web-3"] {
        let m = vbox_ops::get(&sim, name).await.unwrap();
        assert_eq!((m.memory_mb, m.description.as_str()), (1024, "web server"));
        assert!(!m.state.is_transient(), "{name} is {}", m.state);
    }

    // The next `up` finishes the job.
    let (after, _) = run(&sim, &specs, Goal::Up, &ExecOptions::default()).await;
    assert!(after.failures().next().is_none(), "{after:?}");
    assert!(after
        .machines
        .iter()
        .all(|m| m.state == Some(MachineState::Running) && m.ip.is_some()));
}

#[tokio::test(start_paused = true)]
async fn an_interrupt_before_the_run_does_nothing() {
    let (_dir, sim) = sim_with_template().await;
    let opts = ExecOptions::default();
    opts.cancel.cancel();
    let (report, _) = run(&sim, &web(3), Goal::Up, &opts).await;
    assert!(report.interrupted);
    assert!(!report.changed());
    assert!(report
        .machines
        .iter()
        .all(|m| m.outcome == Outcome::Skipped));
    assert_eq!(registered(&sim).await, [TEMPLATE]);
}

#[tokio::test(start_paused = true)]
async fn an_interrupt_during_down_finishes_the_stop_under_way_only() {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(3);
    run_with(&sim, &specs, Goal::Up, 3).await;
    let cancel = Cancel::new();
    let opts = ExecOptions {
        parallel: 1,
        cancel: cancel.clone(),
    };
    let plan = fleet::plan(&sim, &specs, Goal::Down).await.unwrap();
    let report = fleet::execute(&sim, &plan, &opts, |e| {
        if e.kind == EventKind::Stopping {
            cancel.cancel();
        }
    })
    .await;
    let states: Vec<(Outcome, Option<MachineState>)> = report
        .machines
        .iter()
        .map(|m| (m.outcome, m.state))
        .collect();
    assert_eq!(
        states,
        [
            (Outcome::Changed, Some(MachineState::PoweredOff)),
            (Outcome::Skipped, Some(MachineState::Running)),
            (Outcome::Skipped, Some(MachineState::Running)),
        ]
    );
}

/// Linked clones of a running template without a snapshot: a base snapshot taken now would be
/// a live copy of disks in use. `up` refuses each clone with the reason and what to do, and
/// takes no snapshot.
#[tokio::test(start_paused = true)]
async fn linked_clones_of_a_running_template_without_a_snapshot_are_refused() {
    let (_dir, sim) = sim_with_template().await;
    vbox_ops::start(&sim, TEMPLATE, &vbox_ops::StartOptions::default())
        .await
        .expect("start the template");
    let (report, _) = run_with(&sim, &web(2), Goal::Up, 2).await;
    let mut hints = 0;
    for name in ["web-1", "web-2"] {
        let m = report.machine(name).unwrap();
        assert_eq!(m.outcome, Outcome::Failed, "{m:?}");
        let error = m.error.as_ref().unwrap();
        assert_eq!(error.kind, ErrorKind::InvalidState);
        // The first clone gets the error itself; the others a copy naming the template.
        assert!(
            error
                .message
                .ends_with("cannot make a linked clone of 'tmpl': it is Running"),
            "{error:?}"
        );
        hints += usize::from(
            error
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("--snapshot")),
        );
    }
    assert_eq!(hints, 1, "the first clone's error says what to do");
    assert_eq!(template_snapshots(&sim).await, 0);
    assert_eq!(registered(&sim).await, [TEMPLATE]);
}
