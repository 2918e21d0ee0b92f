//! `up`: from empty, again, and after one machine was destroyed by hand.

use crate::support::{
    kinds_of, registered, run_with, sim_with_template, template_snapshots, web, TEMPLATE,
};
use std::net::IpAddr;
use vbox_ops::fleet::{self, Action, EventKind, Goal, Outcome};
use vbox_ops::DestroyOptions;
use vbox_types::MachineState;

fn nat_ip() -> Option<IpAddr> {
    "10.0.2.15".parse().ok()
}

#[tokio::test(start_paused = true)]
async fn up_from_empty_clones_starts_and_waits_for_addresses() {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(3);
    let plan = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    let actions: Vec<Action> = plan.steps.iter().map(|s| s.action).collect();
    assert_eq!(actions, [Action::Create; 3]);
    assert!(plan.changes());

    let (report, events) = run_with(&sim, &specs, Goal::Up, 3).await;
    assert!(report.changed());
    assert!(!report.interrupted);
    for m in &report.machines {
        assert_eq!(m.outcome, Outcome::Changed, "{m:?}");
        assert_eq!(m.state, Some(MachineState::Running));
        assert_eq!(m.ip, nat_ip(), "{m:?}");
        assert_eq!(m.addresses.len(), 1);
        assert_eq!(m.profile, "web");
    }
    let machine = vbox_ops::get(&sim, "web-2").await.unwrap();
    assert_eq!(machine.memory_mb, 1024);
    assert_eq!(machine.description, "web server");
    assert_eq!(machine.groups, ["/lab"]);
    assert_eq!(
        template_snapshots(&sim).await,
        1,
        "three linked clones in parallel, one base snapshot"
    );
    let snapshotting = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Snapshotting { .. }))
        .count();
    assert_eq!(snapshotting, 1);
    let steps = kinds_of(&events, "web-3");
    assert_eq!(
        steps[0],
        EventKind::Begin {
            action: Action::Create
        }
    );
    let names: Vec<&str> = steps.iter().map(kind_name).collect();
    let tail = ["cloning 0", "cloning 100", "starting", "waiting", "ready"];
    assert_eq!(&names[names.len() - tail.len()..], tail);
}

fn kind_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Cloning { percent: 0 } => "cloning 0",
        EventKind::Cloning { .. } => "cloning 100",
        EventKind::Starting => "starting",
        EventKind::WaitingForIp => "waiting",
        EventKind::Ready { .. } => "ready",
        EventKind::Snapshotting { .. } => "snapshotting",
        EventKind::Begin { .. } => "begin",
        _ => "other",
    }
}

#[tokio::test(start_paused = true)]
async fn up_again_changes_nothing_and_says_so() {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(3);
    run_with(&sim, &specs, Goal::Up, 3).await;

    let plan = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    assert!(!plan.changes());
    assert!(plan.steps.iter().all(|s| s.action == Action::NothingToDo));
    let (report, events) = run_with(&sim, &specs, Goal::Up, 3).await;
    assert!(!report.changed(), "{report:?}");
    for m in &report.machines {
        assert_eq!(m.outcome, Outcome::Unchanged);
        assert_eq!(m.ip, nat_ip(), "the report still has the addresses");
    }
    assert!(kinds_of(&events, "web-1").contains(&EventKind::Unchanged));
    assert_eq!(template_snapshots(&sim).await, 1);
}

#[tokio::test(start_paused = true)]
async fn up_after_one_machine_was_destroyed_by_hand_remakes_only_it() {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(3);
    run_with(&sim, &specs, Goal::Up, 3).await;
    let before = vbox_ops::get(&sim, "web-1").await.unwrap();
    vbox_ops::destroy(&sim, "web-2", &DestroyOptions::default())
        .await
        .unwrap();

    let plan = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    let actions: Vec<Action> = plan.steps.iter().map(|s| s.action).collect();
    assert_eq!(
        actions,
        [Action::NothingToDo, Action::Create, Action::NothingToDo]
    );
    let (report, _) = run_with(&sim, &specs, Goal::Up, 3).await;
    let outcomes: Vec<Outcome> = report.machines.iter().map(|m| m.outcome).collect();
    assert_eq!(
        outcomes,
        [Outcome::Unchanged, Outcome::Changed, Outcome::Unchanged]
    );
    assert_eq!(report.machine("web-2").unwrap().ip, nat_ip());
    let after = vbox_ops::get(&sim, "web-1").await.unwrap();
    assert_eq!(
        after.last_state_change_ms, before.last_state_change_ms,
        "web-1 was not touched"
    );
    assert_eq!(
        registered(&sim).await,
        [TEMPLATE, "web-1", "web-2", "web-3"]
    );
}

#[tokio::test(start_paused = true)]
async fn up_starts_stopped_machines_and_leaves_power_on_false_ones_off() {
    let (_dir, sim) = sim_with_template().await;
    let mut specs = web(2);
    specs[1].power_on = false;
    let (report, _) = run_with(&sim, &specs, Goal::Up, 2).await;
    assert_eq!(report.machines[1].state, Some(MachineState::PoweredOff));
    assert_eq!(report.machines[1].outcome, Outcome::Changed);
    assert!(report.machines[1].addresses.is_empty());

    run_with(&sim, &specs[..1], Goal::Down, 1).await;
    let plan = fleet::plan(&sim, &specs, Goal::Up).await.unwrap();
    let actions: Vec<Action> = plan.steps.iter().map(|s| s.action).collect();
    assert_eq!(actions, [Action::Start, Action::NothingToDo]);
    let (report, _) = run_with(&sim, &specs, Goal::Up, 2).await;
    assert_eq!(report.machines[0].outcome, Outcome::Changed);
    assert_eq!(report.machines[0].state, Some(MachineState::Running));
    assert_eq!(report.machines[0].ip, nat_ip());
    assert_eq!(report.machines[1].outcome, Outcome::Unchanged);
}

#[tokio::test(start_paused = true)]
async fn never_more_machines_at_once_than_parallel_allows() {
    let (_dir, sim) = sim_with_template().await;
    let (_, events) = run_with(&sim, &web(7), Goal::Up, 3).await;
    let mut busy = 0usize;
    let mut most = 0usize;
    for e in &events {
        match e.kind {
            EventKind::Begin { .. } => busy += 1,
            EventKind::Ready { .. } | EventKind::Failed { .. } => busy -= 1,
            _ => {}
        }
        most = most.max(busy);
    }
    assert_eq!((most, busy), (3, 0));
}

#[tokio::test(start_paused = true)]
async fn linked_clones_use_the_template_s_current_or_named_snapshot() {
    let (_dir, sim) = sim_with_template().await;
    let take = vbox_types::TakeSnapshot {
        name: "golden".into(),
        ..Default::default()
    };
    vbox_types::Backend::take_snapshot(&sim, TEMPLATE, &take)
        .await
        .unwrap();
    let mut specs = web(2);
    specs[1].snapshot = Some("golden".into());
    let (report, events) = run_with(&sim, &specs, Goal::Up, 2).await;
    assert!(report.failures().next().is_none(), "{report:?}");
    assert_eq!(template_snapshots(&sim).await, 1, "no base snapshot taken");
    assert!(!events
        .iter()
        .any(|e| matches!(e.kind, EventKind::Snapshotting { .. })));
}
