//! The lifecycle suite through the VBoxManage backend against the VBoxManage emulator
//! (`vboxmanage-sim`, a process per call, as with real VirtualBox) for 7.1 and 6.1. The real
//! VirtualBox runs the same suite in `vbox-suite/tests/real_host.rs`.

use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;
use vbox_manage::exec::Exec;
use vbox_manage::runner::ProcessRunner;
use vbox_manage::{ManageBackend, ManageOptions};
use vbox_sim::SimOptions;
use vbox_suite::{lifecycle_tests, GuestShape, Harness, SimHarness, Timing};
use vbox_types::Backend;

/// The emulator on a fresh state directory. The in-process simulator on the same directory
/// plays "another client" for the lock scenario.
struct EmulatorHarness {
    sim: SimHarness,
    backend: Arc<ManageBackend>,
    _dir: tempfile::TempDir,
}

impl EmulatorHarness {
    fn new(version: &str) -> EmulatorHarness {
        let dir = tempfile::tempdir().expect("a state directory");
        let options = SimOptions::emulating(version).expect("an emulated version");
        let sim = SimHarness::on_dir(dir.path(), options)
            .expect("open the simulator")
            .with_timing(Timing::fast());
        let runner = ProcessRunner::new(env!("CARGO_BIN_EXE_vboxmanage-sim"))
            .with_env("VBOX_USER_HOME", dir.path())
            .with_env("VBOXCTL_SIM_VERSION", version);
        let backend = ManageBackend::new(
            Exec::new(Arc::new(runner)),
            ManageOptions {
                call_timeout: Duration::from_secs(20),
                long_timeout: Duration::from_secs(30),
                concurrency: 4,
            },
        );
        EmulatorHarness {
            sim,
            backend: Arc::new(backend),
            _dir: dir,
        }
    }
}

#[async_trait]
impl Harness for EmulatorHarness {
    fn backend(&self) -> Arc<dyn Backend> {
        self.backend.clone()
    }

    fn timing(&self) -> &Timing {
        self.sim.timing()
    }

    fn simulated(&self) -> bool {
        true
    }

    async fn shape_guest(&self, machine: &str, shape: &GuestShape) -> GuestShape {
        self.sim.shape_guest(machine, shape).await
    }

    async fn hold_lock(&self, machine: &str, hold: Duration) -> bool {
        self.sim.hold_lock(machine, hold).await
    }
}

mod emulator_7_1 {
    use super::*;
    lifecycle_tests!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)], EmulatorHarness::new("7.1"));
}

mod emulator_6_1 {
    use super::*;
    lifecycle_tests!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)], EmulatorHarness::new("6.1"));
}
