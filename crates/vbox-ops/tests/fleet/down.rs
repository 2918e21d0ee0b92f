//! `down` and `down --destroy`.

use crate::support::{registered, run_with, sim_with_template, web, TEMPLATE};
use vbox_ops::fleet::{self, Action, Goal, Outcome};
use vbox_ops::StopMode;
use vbox_types::{Backend, MachineState};

#[tokio::test(start_paused = true)]
async fn down_stops_running_machines_then_has_nothing_to_do() {
    let (_dir, sim) = sim_with_template().await;
    let mut specs = web(3);
    specs[2].stop_mode = StopMode::PowerOff;
    run_with(&sim, &specs, Goal::Up, 3).await;

    let (report, _) = run_with(&sim, &specs, Goal::Down, 3).await;
    assert!(report.changed());
    for m in &report.machines {
        assert_eq!((m.action, m.outcome), (Action::Stop, Outcome::Changed));
        assert_eq!(m.state, Some(MachineState::PoweredOff), "{m:?}");
        assert!(m.addresses.is_empty());
    }
    let (again, _) = run_with(&sim, &specs, Goal::Down, 3).await;
    assert!(!again.changed());
    assert!(again
        .machines
        .iter()
        .all(|m| m.action == Action::NothingToDo && m.outcome == Outcome::Unchanged));
}

#[tokio::test(start_paused = true)]
async fn down_destroy_removes_the_machines_and_their_disks_only() {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(3);
    run_with(&sim, &specs, Goal::Up, 3).await;
    let template_disks = sim.list_media().await.unwrap().len() - 3;

    let (report, _) = run_with(&sim, &specs, Goal::Destroy, 3).await;
    for m in &report.machines {
        assert_eq!((m.action, m.outcome), (Action::Destroy, Outcome::Changed));
        assert_eq!(m.state, None);
    }
    assert_eq!(registered(&sim).await, [TEMPLATE]);
    assert_eq!(
        sim.list_media().await.unwrap().len(),
        template_disks,
        "the clones' differencing disks are gone, the template's base disk stays"
    );
    let plan = fleet::plan(&sim, &specs, Goal::Destroy).await.unwrap();
    assert!(plan.steps.iter().all(|s| s.action == Action::Absent));
    let (again, _) = run_with(&sim, &specs, Goal::Destroy, 3).await;
    assert!(!again.changed());
}
