//! Shared setup of the vbox-ops integration tests: a simulator on a temporary directory and
//! machines in the shapes the tests need.

#![allow(dead_code)]

use std::time::Duration;
use tempfile::TempDir;
use vbox_sim::Sim;
use vbox_types::{Backend, CloneMachine, CloneOption, CreateMachine, Machine};

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

/// A linked clone of `source` named `name`.
pub async fn linked_clone(backend: &dyn Backend, source: &str, name: &str) -> Machine {
    vbox_ops::clone_machine(
        backend,
        &CloneMachine {
            options: vec![CloneOption::Link],
            ..CloneMachine::new(source, name)
        },
    )
    .await
    .expect("linked clone")
}

/// Set a simulator extradata key.
pub async fn set_key(backend: &dyn Backend, name: &str, key: &str, value: &str) {
    backend
        .set_extradata(name, key, Some(value))
        .await
        .expect("set extradata");
}

/// Start headless with the default options.
pub async fn start(backend: &dyn Backend, name: &str) -> Machine {
    vbox_ops::start(backend, name, &vbox_ops::StartOptions::default())
        .await
        .expect("start")
}

/// Whether the machine is registered.
pub async fn exists(backend: &dyn Backend, name: &str) -> bool {
    vbox_ops::exists(backend, name).await.expect("exists")
}
