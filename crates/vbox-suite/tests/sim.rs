//! The lifecycle suite on the in-process simulator: every scenario with a real host's
//! durations on tokio's paused clock, and a few with short durations in real time, the way
//! the emulator and SOAP runs go.

use std::time::{Duration, Instant};
use vbox_suite::{lifecycle_tests, scenarios, SimHarness, Timing};

lifecycle_tests!(#[tokio::test(start_paused = true)], SimHarness::new());

/// The scenarios that lean hardest on timing (a DHCP gap entered on the backend's clock, an
/// ACPI timeout, lock retries, the boot delay), concurrently, each on its own simulator, with
/// `Timing::fast` and the real clock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fast_timing_in_real_time() {
    let fast = || SimHarness::new().with_timing(Timing::fast());
    let t0 = Instant::now();
    let runs = [
        tokio::spawn(async move { scenarios::dhcp_renewal_during_the_wait(&fast()).await }),
        tokio::spawn(async move { scenarios::acpi_ignored_escalates_or_times_out(&fast()).await }),
        tokio::spawn(async move { scenarios::start_retries_a_held_session_lock(&fast()).await }),
        tokio::spawn(
            async move { scenarios::linked_clone_start_wait_acpi_stop_destroy(&fast()).await },
        ),
    ];
    for run in runs {
        run.await.expect("the scenario passes");
    }
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "fast timing keeps real-time runs short: {:?}",
        t0.elapsed()
    );
}
