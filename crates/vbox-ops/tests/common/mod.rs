//! Shared setup of the vbox-ops integration tests: a simulator on a temporary directory and
//! machines in the shapes the tests need.

use std::time::Duration;
use tempfile::TempDir;
use vbox_sim::Sim;
use vbox_types::{Backend, CreateMachine, Machine};

/// Salt's blank base box (`BASE_BOX_NAME`).
pub const BASE_BOX_NAME: &str = "__temp_test_vm__";

/// A simulator on a fresh temporary directory (keep the `TempDir` alive for the test).
pub fn sim() -> (TempDir, Sim) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let sim = Sim::open(dir.path()).expect("open the simulator");
    (dir, sim)
}

/// Seconds.
pub fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// A blank machine (no OS type: no network adapter), like Salt's `vb_create_machine`.
pub async fn create_blank(backend: &dyn Backend, name: &str) -> Machine {
    vbox_ops::create(
        backend,
        &CreateMachine {
            name: name.into(),
            ..Default::default()
        },
    )
    .await
    .expect("create a blank machine")
}

/// An `Ubuntu_64` machine: NIC 1 on NAT (10.0.2.15 once booted), optionally with a disk.
pub async fn create_ubuntu(backend: &dyn Backend, name: &str, disk_mb: Option<u64>) -> Machine {
    vbox_ops::create(
        backend,
        &CreateMachine {
            name: name.into(),
            os_type_id: Some("Ubuntu_64".into()),
            disk_mb,
            ..Default::default()
        },
    )
    .await
    .expect("create an Ubuntu_64 machine")
}

/// Whether the machine is registered.
pub async fn exists(backend: &dyn Backend, name: &str) -> bool {
    vbox_ops::exists(backend, name).await.expect("exists")
}
