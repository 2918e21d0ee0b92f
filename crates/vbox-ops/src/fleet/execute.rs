//! Executing a plan: every machine concurrently, at most `parallel` at a time.

use super::base::BaseSnapshots;
use super::cancel::Cancel;
use super::event::Event;
use super::machine::Ctx;
use super::plan::Plan;
use super::report::Report;
use tokio::sync::Semaphore;
use vbox_types::Backend;

/// How to execute a plan.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// How many machines are worked on at once (at least 1). A machine holds its slot from
    /// its first step to its last (for `up`: clone, start, and the address wait).
    pub parallel: usize,
    /// The interrupt. Once set, machines that have not begun are skipped, clones under way
    /// finish (and are not started), starts under way finish, address waits end.
    pub cancel: Cancel,
}

impl Default for ExecOptions {
    fn default() -> ExecOptions {
        ExecOptions {
            parallel: 4,
            cancel: Cancel::new(),
        }
    }
}

/// Make the host match the plan. Every machine's step runs as its own future (one task, so
/// `backend` need not be `'static`), each waiting for one of `parallel` slots; a failure is
/// recorded in that machine's report and the others go on. `events` gets every step as it
/// happens, from whichever machine; the report lists the machines in the plan's order.
pub async fn execute<F>(backend: &dyn Backend, plan: &Plan, opts: &ExecOptions, events: F) -> Report
where
    F: Fn(Event) + Sync,
{
    let ctx = Ctx {
        backend,
        cancel: &opts.cancel,
        events: &events,
        bases: BaseSnapshots::default(),
        slots: Semaphore::new(opts.parallel.max(1)),
    };
    let runs = plan.steps.iter().map(|step| ctx.run(step, plan.goal));
    let machines = futures::future::join_all(runs).await;
    Report {
        goal: plan.goal,
        interrupted: opts.cancel.is_cancelled(),
        machines,
    }
}
