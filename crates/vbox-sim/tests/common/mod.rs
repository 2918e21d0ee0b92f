//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::time::Duration;
use vbox_sim::Sim;
use vbox_types::*;

pub const IP0: &str = "/VirtualBox/GuestInfo/Net/0/V4/IP";
pub const MAC0: &str = "/VirtualBox/GuestInfo/Net/0/MAC";

/// A simulator on a fresh temporary directory.
pub fn sim() -> (tempfile::TempDir, Sim) {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::open(dir.path()).unwrap();
    (dir, sim)
}

/// A machine with an OS type (adapter 1 on NAT).
pub async fn vm(sim: &Sim, name: &str) -> Machine {
    sim.create_machine(&CreateMachine {
        name: name.into(),
        os_type_id: Some("Ubuntu_64".into()),
        ..Default::default()
    })
    .await
    .unwrap()
}

/// A machine with a disk.
pub async fn vm_with_disk(sim: &Sim, name: &str) -> Machine {
    sim.create_machine(&CreateMachine {
        name: name.into(),
        os_type_id: Some("Ubuntu_64".into()),
        disk_mb: Some(64),
        ..Default::default()
    })
    .await
    .unwrap()
}

pub async fn state(sim: &Sim, name: &str) -> MachineState {
    sim.get_machine(name).await.unwrap().state
}

pub async fn prop(sim: &Sim, name: &str, p: &str) -> Option<String> {
    sim.get_guest_property(name, p)
        .await
        .unwrap()
        .map(|p| p.value)
}

pub async fn props(sim: &Sim, name: &str, pattern: &str) -> BTreeMap<String, GuestProperty> {
    sim.enumerate_guest_properties(name, pattern)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.name.clone(), p))
        .collect()
}

pub async fn set_extra(sim: &Sim, name: &str, key: &str, value: &str) {
    sim.set_extradata(name, key, Some(value)).await.unwrap();
}

pub async fn sleep_ms(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// Start and wait past the default boot delay, so the Guest Additions have published.
pub async fn boot(sim: &Sim, name: &str) {
    sim.start_machine(name, StartType::Headless).await.unwrap();
    sleep_ms(20_001).await;
}

pub fn adapter(slot: u32, attachment: NetworkAttachmentType, network: &str) -> AdapterChange {
    AdapterChange {
        slot,
        attachment: Some(attachment),
        network: (!network.is_empty()).then(|| network.to_string()),
        mac_address: None,
        ..AdapterChange::default()
    }
}

/// The error's message and code, for assertions.
pub fn err_of<T: std::fmt::Debug>(r: Result<T>) -> (String, ResultCode, ErrorKind) {
    let e = r.expect_err("expected an error");
    (e.message().to_string(), e.code().unwrap(), e.kind())
}
