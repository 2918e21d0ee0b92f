//! The in-process simulator as a [`Harness`].

use crate::{GuestShape, Harness, Timing};
use async_trait::async_trait;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tempfile::TempDir;
use vbox_sim::{keys, Sim, SimOptions};
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

    /// Every shape, through the simulator's keys (set on the shared state, so this serves the
    /// harnesses of the simulator's other faces too).
    async fn shape_guest(&self, machine: &str, shape: &GuestShape) -> GuestShape {
        let mut set: Vec<(String, String)> = Vec::new();
        if !shape.additions {
            set.push((keys::NO_GUEST_ADDITIONS.into(), "1".into()));
        }
        if !shape.honours_acpi {
            set.push((keys::ACPI_IGNORED.into(), "1".into()));
        }
        if let Some((after, gap)) = shape.dhcp_renewal {
            set.push((
                keys::DHCP_RENEW_AFTER_MS.into(),
                after.as_millis().to_string(),
            ));
            set.push((keys::DHCP_RENEW_GAP_MS.into(), gap.as_millis().to_string()));
        }
        if let Some(order) = &shape.nic_order {
            let order: Vec<String> = order.iter().map(u32::to_string).collect();
            set.push((keys::GUEST_NIC_ORDER.into(), order.join(",")));
        }
        if shape.launch_fails {
            set.push((keys::START_FAILURE.into(), "1".into()));
        }
        for (key, value) in set {
            self.sim
                .set_extradata(machine, &key, Some(&value))
                .await
                .unwrap_or_else(|e| panic!("set {key} on '{machine}': {e}"));
        }
        shape.clone()
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
