//! Small steps the scenarios share: machines in the shapes they need, with the simulator's
//! durations taken from the harness's timing, and short reads.

use crate::{GuestShape, Harness};
use std::net::IpAddr;
use std::time::Duration;
use vbox_sim::keys;
use vbox_types::{Backend, CloneMachine, CloneOption, CreateMachine, Machine, MachineState};

/// An upper bound on how long something took, asserted only where durations are exact (see
/// [`crate::Timing::paused`]).
pub(crate) fn at_most(t: &crate::Timing, took: Duration, bound: Duration, what: &str) {
    if t.paused {
        assert!(took <= bound, "{what}: took {took:?}, at most {bound:?}");
    }
}

/// An address literal.
pub(crate) fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

/// Set an extradata key.
pub(crate) async fn set_key(b: &dyn Backend, name: &str, key: &str, value: &str) {
    b.set_extradata(name, key, Some(value))
        .await
        .expect("set extradata");
}

/// A duration as the simulator's keys take it.
pub(crate) fn ms(d: Duration) -> String {
    d.as_millis().to_string()
}

/// Give the machine the run's boot, start and ACPI durations (the simulator reads them from
/// extradata, which clones copy; real VirtualBox ignores the keys).
async fn apply_timing(h: &dyn Harness, b: &dyn Backend, name: &str) {
    let t = h.timing();
    set_key(b, name, keys::BOOT_DELAY_MS, &ms(t.boot_delay)).await;
    set_key(b, name, keys::START_DURATION_MS, &ms(t.start_duration)).await;
    set_key(b, name, keys::ACPI_SHUTDOWN_MS, &ms(t.acpi_shutdown)).await;
}

/// A blank machine (no OS type: no network adapter), like Salt's `vb_create_machine`.
pub(crate) async fn create_blank(h: &dyn Harness, b: &dyn Backend, name: &str) -> Machine {
    let spec = CreateMachine {
        name: name.into(),
        ..Default::default()
    };
    let machine = vbox_ops::create(b, &spec)
        .await
        .expect("create a blank machine");
    apply_timing(h, b, name).await;
    machine
}

/// A guest that boots and publishes its network: an `Ubuntu_64` machine (NIC 1 on NAT,
/// 10.0.2.15 once booted) with an optional disk.
pub(crate) async fn create_guest(
    h: &dyn Harness,
    b: &dyn Backend,
    name: &str,
    disk_mb: Option<u64>,
) -> Machine {
    create_shaped(h, b, name, disk_mb, &GuestShape::default())
        .await
        .0
}

/// [`create_guest`] with a guest shaped as asked; returns the machine and the shape the
/// harness really made (a real machine without an OS never honours the ACPI button).
pub(crate) async fn create_shaped(
    h: &dyn Harness,
    b: &dyn Backend,
    name: &str,
    disk_mb: Option<u64>,
    shape: &GuestShape,
) -> (Machine, GuestShape) {
    let spec = CreateMachine {
        name: name.into(),
        os_type_id: Some("Ubuntu_64".into()),
        disk_mb,
        ..Default::default()
    };
    let machine = vbox_ops::create(b, &spec)
        .await
        .expect("create an Ubuntu_64 machine");
    apply_timing(h, b, name).await;
    let made = h.shape_guest(name, shape).await;
    (machine, made)
}

/// A linked clone of `source` named `name` (it inherits the source's extradata).
pub(crate) async fn linked_clone(b: &dyn Backend, source: &str, name: &str) -> Machine {
    let spec = CloneMachine {
        options: vec![CloneOption::Link],
        ..CloneMachine::new(source, name)
    };
    vbox_ops::clone_machine(b, &spec)
        .await
        .expect("linked clone")
}

/// Start headless, with the run's timeout.
pub(crate) async fn start(h: &dyn Harness, b: &dyn Backend, name: &str) -> Machine {
    vbox_ops::start(b, name, &start_options(h.timing().timeout))
        .await
        .expect("start")
}

/// Headless start options with a deadline.
/// Power a machine off (no ACPI wait) within the run's timeout.
pub(crate) async fn power_off(h: &dyn Harness, b: &dyn Backend, name: &str) {
    vbox_ops::stop(
        b,
        name,
        &vbox_ops::StopOptions {
            mode: vbox_ops::StopMode::PowerOff,
            timeout: h.timing().timeout,
            ..vbox_ops::StopOptions::default()
        },
    )
    .await
    .expect("power off");
}

pub(crate) fn start_options(timeout: Duration) -> vbox_ops::StartOptions {
    vbox_ops::StartOptions {
        timeout,
        ..Default::default()
    }
}

/// Whether the machine is registered.
pub(crate) async fn exists(b: &dyn Backend, name: &str) -> bool {
    vbox_ops::exists(b, name).await.expect("exists")
}

/// The machine's state.
pub(crate) async fn state(b: &dyn Backend, name: &str) -> MachineState {
    vbox_ops::get(b, name).await.expect("get").state
}

/// The ids of every registered medium.
pub(crate) async fn media_ids(b: &dyn Backend) -> Vec<String> {
    let mut ids: Vec<String> = b
        .list_media()
        .await
        .expect("list media")
        .into_iter()
        .map(|m| m.id)
        .collect();
    ids.sort();
    ids
}

/// The names of every registered machine, sorted.
pub(crate) async fn machine_names(b: &dyn Backend) -> Vec<String> {
    let mut names: Vec<String> = vbox_ops::list(b)
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.name)
        .collect();
    names.sort();
    names
}
