//! Test helpers for the output formats: the 7.0.14 captures, simulators on temporary
//! directories, and the machines of the captured sessions (INDEX.tsv) rebuilt through the
//! Backend API.

use crate::{keys, Sim, SimOptions};
use std::time::Duration;
use vbox_types::{
    AdapterChange, Backend, CloneMachine, CloneOption, CreateMachine, ModifyMachine,
    NetworkAttachmentType, TakeSnapshot,
};

/// The machine folder of the captured host.
pub(crate) const CAPTURED_ROOT: &str = "/home/lab/vms";

/// The stdout of one 7.0.14 capture.
pub(crate) fn capture(name: &str) -> String {
    vbox_fixtures::fixture(&format!("vboxmanage-7.0.14/{name}.stdout"))
}

/// A simulator of `version` on a fresh temporary directory.
pub(crate) fn sim(version: &str) -> (tempfile::TempDir, Sim) {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::open_with(dir.path(), SimOptions::emulating(version).unwrap()).unwrap();
    (dir, sim)
}

/// The simulator's machine folder (where `createvm` puts machines).
pub(crate) fn machine_root(sim: &Sim) -> String {
    sim.dir().join("machines").to_string_lossy().into_owned()
}

/// Compare with a capture by shape, the two machine folders made equal.
pub(crate) fn assert_like(what: &str, sim: &Sim, actual: &str, expected: &str) {
    let root = machine_root(sim);
    let roots = [(CAPTURED_ROOT, "<root>"), (root.as_str(), "<root>")];
    vbox_fixtures::shape::assert_same_shape(what, actual, expected, &roots);
}

/// `createvm web 01 --ostype Ubuntu_64`, `createvm tmpl "q" --ostype Other`, `createvm bare`
/// and `modifyvm-nics` of the first captured session.
pub(crate) async fn first_session(sim: &Sim) {
    for (name, os) in [
        ("web 01", Some("Ubuntu_64")),
        ("tmpl \"q\"", Some("Other")),
        ("bare", None),
    ] {
        let spec = CreateMachine {
            name: name.into(),
            os_type_id: os.map(Into::into),
            ..Default::default()
        };
        sim.create_machine(&spec).await.unwrap();
    }
    let nic = |slot, attachment, network: &str, mac: Option<&str>| AdapterChange {
        slot,
        attachment: Some(attachment),
        network: Some(network.into()),
        mac_address: mac.map(Into::into),
        ..AdapterChange::default()
    };
    let change = ModifyMachine {
        memory_mb: Some(1024),
        cpus: Some(2),
        description: Some("line one\nline two".into()),
        groups: Some(vec!["/lab/web".into()]),
        adapters: vec![
            nic(1, NetworkAttachmentType::Internal, "labnet", None),
            nic(
                2,
                NetworkAttachmentType::HostOnly,
                "vboxnet0",
                Some("080027AABBCC"),
            ),
        ],
        ..ModifyMachine::default()
    };
    sim.modify_machine("web 01", &change).await.unwrap();
}

/// `snapshot tmpl "q" take base --description golden image` and the linked `clone a`.
pub(crate) async fn linked_clone(sim: &Sim) {
    let snap = TakeSnapshot {
        name: "base".into(),
        description: "golden image".into(),
        live: false,
    };
    sim.take_snapshot("tmpl \"q\"", &snap).await.unwrap();
    linked(sim, "tmpl \"q\"", "base", "clone a").await;
}

/// A linked clone of `source` from `snapshot`.
pub(crate) async fn linked(sim: &Sim, source: &str, snapshot: &str, name: &str) {
    let mut spec = CloneMachine::new(source, name);
    spec.options = vec![CloneOption::Link];
    spec.snapshot = Some(snapshot.into());
    sim.clone_machine(&spec).await.unwrap();
}

/// The captured `clone a` had no guest OS: no Guest Additions report, the ACPI button is
/// ignored. A short launch keeps the test quick in sim time.
pub(crate) async fn without_guest(sim: &Sim, name: &str) {
    for (k, v) in [
        (keys::NO_GUEST_ADDITIONS, "1"),
        (keys::ACPI_IGNORED, "1"),
        (keys::START_DURATION_MS, "100"),
    ] {
        sim.set_extradata(name, k, Some(v)).await.unwrap();
    }
}

/// Let sim time pass.
pub(crate) async fn wait_ms(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}
