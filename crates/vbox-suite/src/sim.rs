//! The in-process simulator as a [`Harness`].

use crate::{Harness, Timing};
use async_trait::async_trait;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tempfile::TempDir;
use vbox_sim::{Sim, SimOptions};
use vbox_types::{Backend, LockType, Result};

/// The simulator on a state directory: a fresh temporary one ([`SimHarness::new`], kept alive
/// as long as the harness) or a given one ([`SimHarness::on_dir`], for harnesses of backends
/// that reach the same simulator through another process and need [`Sim::hold_lock`]).
#[derive(Debug)]
pub struct SimHarness {
    sim: Sim,
    timing: Timing,
    _dir: Option<TempDir>,
}

impl SimHarness {
    /// The simulator (VirtualBox 7.1 by default) on a new temporary directory, with
    /// [`Timing::realistic`] (for tokio's paused clock).
    ///
    /// # Panics
    /// When the temporary directory or the simulator cannot be made (a test cannot go on).
    pub fn new() -> SimHarness {
        let dir = tempfile::tempdir().expect("a temporary directory for the simulator");
        let mut harness =
            SimHarness::on_dir(dir.path(), SimOptions::default()).expect("open the simulator");
        harness._dir = Some(dir);
        harness
    }

    /// The simulator on `dir` (created if missing), with [`Timing::realistic`]. The directory
    /// is not removed afterwards.
    pub fn on_dir(dir: impl AsRef<Path>, opts: SimOptions) -> Result<SimHarness> {
        Ok(SimHarness {
            sim: Sim::open_with(dir, opts)?,
            timing: Timing::realistic(),
            _dir: None,
        })
    }

    /// The same harness with other durations ([`Timing::fast`] for a real-time run).
    pub fn with_timing(mut self, timing: Timing) -> SimHarness {
        self.timing = timing;
        self
    }

    /// The simulator.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }
}

impl Default for SimHarness {
    fn default() -> SimHarness {
        SimHarness::new()
    }
}

#[async_trait]
impl Harness for SimHarness {
    fn backend(&self) -> Arc<dyn Backend> {
        Arc::new(self.sim.clone())
    }

    fn timing(&self) -> &Timing {
        &self.timing
    }

    fn simulated(&self) -> bool {
        true
    }

    /// Always true: a failure to take the lock is a broken scenario, so it panics.
    async fn hold_lock(&self, machine: &str, hold: Duration) -> bool {
        self.sim
            .hold_lock(machine, LockType::Write, hold)
            .await
            .unwrap_or_else(|e| panic!("another client locks '{machine}': {e}"));
        true
    }

    fn now_ms(&self) -> i64 {
        self.sim.now_ms()
    }
}
