//! 20 machines at `--parallel 1` and `--parallel 8`: the simulated wall time of `up`.

use crate::support::{run_with, sim_with_template, template_snapshots, web};
use std::time::Duration;
use tokio::time::Instant;
use vbox_ops::fleet::{Goal, Outcome};

/// Simulated seconds `up` of 20 fresh linked clones takes with `parallel` slots.
async fn up_twenty(parallel: usize) -> Duration {
    let (_dir, sim) = sim_with_template().await;
    let specs = web(20);
    let t0 = Instant::now();
    let (report, _) = run_with(&sim, &specs, Goal::Up, parallel).await;
    let took = t0.elapsed();
    assert!(report
        .machines
        .iter()
        .all(|m| m.outcome == Outcome::Changed && m.ip.is_some()));
    assert_eq!(template_snapshots(&sim).await, 1);
    took
}

#[tokio::test(start_paused = true)]
async fn twenty_machines_parallel_one_versus_eight() {
    let serial = up_twenty(1).await;
    let parallel = up_twenty(8).await;
    // Each machine: clone 40 ms + launch 800 ms + 20 s boot until the address is published.
    // Serially that is 20 × ~21 s; eight at a time three waves (8 + 8 + 4).
    assert!(serial >= Duration::from_secs(20 * 20), "{serial:?}");
    assert!(serial < Duration::from_secs(20 * 23), "{serial:?}");
    assert!(parallel >= Duration::from_secs(3 * 20), "{parallel:?}");
    assert!(parallel < Duration::from_secs(3 * 23), "{parallel:?}");
}
