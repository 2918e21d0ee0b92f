//! What a backend's test run gives the scenarios.

use crate::{GuestShape, Timing};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use vbox_types::Backend;

/// One backend under test, with what the scenarios need around it. A fresh harness is built
/// for every scenario (see [`crate::lifecycle_tests!`]).
#[async_trait]
pub trait Harness: Send + Sync {
    /// The backend the scenarios drive.
    fn backend(&self) -> Arc<dyn Backend>;

    /// The durations of this run.
    fn timing(&self) -> &Timing;

    /// Whether the simulator's `VBoxSim/*` extradata keys are honoured (the simulator in any
    /// of its faces). False on real VirtualBox.
    fn simulated(&self) -> bool;

    /// Make `machine` (registered, powered off) behave as `shape` asks once it runs, and return
    /// what it really made: the simulator sets its keys and makes any shape; a real host makes
    /// what it can (see `crate::real`), and scenarios assert what the made shape implies.
    async fn shape_guest(&self, machine: &str, shape: &GuestShape) -> GuestShape;

    /// Make another client hold a session lock (write) on `machine` for `hold`; returns once
    /// the lock is held, and the lock goes away by itself afterwards. False when this harness
    /// cannot (the lock scenario then returns early).
    async fn hold_lock(&self, machine: &str, hold: Duration) -> bool;

    /// What the harness's played guests did (writes and failures, stamped), for a scenario's
    /// failure message; empty where the guest is the simulator's own.
    fn guest_journal(&self) -> String {
        String::new()
    }

    /// The real name of the scenario machine `base` (`tmpl`, `web`, …). The default keeps it;
    /// a harness sharing one host between scenarios running at once makes it unique.
    fn machine_name(&self, base: &str) -> String {
        base.to_string()
    }

    /// The backend's clock in ms since the Unix epoch: the time base of guest property
    /// timestamps. The default is the wall clock, right for a backend in another process.
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }
}
