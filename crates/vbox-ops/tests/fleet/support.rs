//! A simulator with a template, wanted machines, and a run that records its events.

use std::sync::Mutex;
use tempfile::TempDir;
use vbox_ops::fleet::{self, Event, EventKind, ExecOptions, Goal, MachineSpec, Report};
use vbox_sim::Sim;
use vbox_types::{Backend, CreateMachine};

pub const TEMPLATE: &str = "tmpl";

/// A simulator with a template: Ubuntu_64 (NIC 1 on NAT, 10.0.2.15 once booted), one disk.
pub async fn sim_with_template() -> (TempDir, Sim) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sim = Sim::open(dir.path()).expect("open the simulator");
    let template = CreateMachine {
        name: TEMPLATE.into(),
        os_type_id: Some("Ubuntu_64".into()),
        disk_mb: Some(64),
        ..Default::default()
    };
    vbox_ops::create(&sim, &template).await.expect("template");
    (dir, sim)
}

/// `web-1` … `web-<n>`: linked clones of the template with 1024 MB and a description.
pub fn web(n: usize) -> Vec<MachineSpec> {
    (1..=n)
        .map(|i| MachineSpec {
            profile: "web".into(),
            linked: true,
            memory_mb: Some(1024),
            description: Some("web server".into()),
            groups: vec!["/lab".into()],
            ..MachineSpec::new(format!("web-{i}"), TEMPLATE)
        })
        .collect()
}

/// Plan and execute with `parallel` slots; the report and every event.
pub async fn run(
    sim: &Sim,
    specs: &[MachineSpec],
    goal: Goal,
    opts: &ExecOptions,
) -> (Report, Vec<Event>) {
    let plan = fleet::plan(sim, specs, goal).await.expect("plan");
    let events = Mutex::new(Vec::new());
    let report = fleet::execute(sim, &plan, opts, |e| events.lock().unwrap().push(e)).await;
    (report, events.into_inner().unwrap())
}

/// `run` with `parallel` slots and no interrupt.
pub async fn run_with(
    sim: &Sim,
    specs: &[MachineSpec],
    goal: Goal,
    parallel: usize,
) -> (Report, Vec<Event>) {
    let opts = ExecOptions {
        parallel,
        ..ExecOptions::default()
    };
    run(sim, specs, goal, &opts).await
}

/// The events of one machine, as their kinds.
pub fn kinds_of(events: &[Event], machine: &str) -> Vec<EventKind> {
    events
        .iter()
        .filter(|e| e.machine == machine)
        .map(|e| e.kind.clone())
        .collect()
}

/// Names of the machines registered on the host, sorted.
pub async fn registered(sim: &Sim) -> Vec<String> {
    let mut names: Vec<String> = sim
        .list_machines()
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.name)
        .collect();
    names.sort();
    names
}

/// Snapshots of the template.
pub async fn template_snapshots(sim: &Sim) -> usize {
    sim.list_snapshots(TEMPLATE).await.expect("snapshots").len()
}
