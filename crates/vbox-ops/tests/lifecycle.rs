//! Lifecycle scenarios on the simulator with its clock driven by tokio's paused time: clones,
//! start/stop with escalation, address waits through DHCP renewals and stale values, lock
//! retries, failures, and destroy's media rules.

mod common;

use common::{create_blank, create_ubuntu, exists, linked_clone, secs, set_key, sim, start};
use std::net::IpAddr;
use std::path::Path;
use tokio::time::Instant;
use vbox_ops::addresses::{
    network_addresses, probe_addresses, salt_network_addresses, wait_for_addresses, AddressQuery,
    NotReady,
};
use vbox_ops::{DestroyOptions, Error, StartOptions, StopMode, StopOptions};
use vbox_sim::keys;
use vbox_types::{
    AdapterChange, Backend, CloneMachine, ErrorKind, LockType, MachineState, ModifyMachine,
    NetworkAttachmentType,
};

const NET_PROPS: &str = "/VirtualBox/GuestInfo/Net/*";

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

async fn state(backend: &dyn Backend, name: &str) -> MachineState {
    vbox_ops::get(backend, name).await.expect("get").state
}

async fn media_ids(backend: &dyn Backend) -> Vec<String> {
    backend
        .list_media()
        .await
        .expect("list media")
        .into_iter()
        .map(|m| m.id)
        .collect()
}

async fn machine_names(backend: &dyn Backend) -> Vec<String> {
    let mut names: Vec<String> = vbox_ops::list(backend)
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.name)
        .collect();
    names.sort();
    names
}

#[tokio::test(start_paused = true)]
async fn linked_clone_start_wait_acpi_stop_destroy() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "tmpl", Some(64)).await;
    let template_disks: Vec<_> = b
        .list_media()
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.location.ends_with("tmpl.vdi"))
        .collect();
    assert_eq!(template_disks.len(), 1, "the template's base disk");
    let base_disk = template_disks[0].clone();

    let clone = linked_clone(b, "tmpl", "web").await;
    assert_eq!(clone.name, "web");
    let template = vbox_ops::get(b, "tmpl").await.unwrap();
    assert_eq!(
        template.current_snapshot.as_ref().map(|s| s.name.as_str()),
        Some(vbox_ops::lifecycle::LINKED_BASE_SNAPSHOT),
        "a linked clone of a machine without snapshots takes the base snapshot"
    );
    let media = b.list_media().await.unwrap();
    let clone_disks: Vec<_> = media
        .iter()
        .filter(|m| m.machine_ids.contains(&clone.id))
        .cloned()
        .collect();
    assert_eq!(clone_disks.len(), 1);
    assert_eq!(
        clone_disks[0].parent_id.as_deref(),
        Some(base_disk.id.as_str()),
        "the clone's disk is a differencing image on the template's base disk"
    );

    let running = start(b, "web").await;
    assert_eq!(running.state, MachineState::Running);
    let t0 = Instant::now();
    let found = wait_for_addresses(b, "web", &AddressQuery::default(), secs(60))
        .await
        .expect("address");
    assert!(
        t0.elapsed() >= secs(19),
        "the address comes after the boot delay, not from the copied stale properties ({:?})",
        t0.elapsed()
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].address, ip("10.0.2.15"));
    assert_eq!(found[0].adapter_slot, Some(0));

    let stopped = vbox_ops::stop(b, "web", &StopOptions::default())
        .await
        .expect("ACPI stop");
    assert!(stopped.was_running);
    assert!(!stopped.escalated, "the guest honours the ACPI button");
    assert_eq!(stopped.machine.state, MachineState::PoweredOff);

    let outcome = vbox_ops::destroy(b, "web", &DestroyOptions::default())
        .await
        .expect("destroy the clone");
    assert!(outcome.existed);
    assert!(!outcome.powered_off);
    let deleted: Vec<&str> = outcome
        .deleted_media
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(deleted, [clone_disks[0].id.as_str()]);
    assert!(!Path::new(&clone_disks[0].location).exists());
    assert!(!exists(b, "web").await);
    let left = media_ids(b).await;
    assert!(left.contains(&base_disk.id), "the template's disk is kept");
    assert!(!left.contains(&clone_disks[0].id));
    assert!(Path::new(&base_disk.location).exists());
    assert!(exists(b, "tmpl").await);
}

#[tokio::test(start_paused = true)]
async fn acpi_ignored_escalates_or_times_out() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "deaf", None).await;
    set_key(b, "deaf", keys::ACPI_IGNORED, "1").await;
    start(b, "deaf").await;

    let t0 = Instant::now();
    let opts = StopOptions {
        mode: StopMode::Acpi,
        timeout: secs(10),
        escalate: true,
    };
    let outcome = vbox_ops::stop(b, "deaf", &opts).await.expect("stop");
    assert!(outcome.escalated, "the ignored button ends in a power-off");
    assert!(outcome.was_running);
    assert_eq!(outcome.machine.state, MachineState::PoweredOff);
    assert!(t0.elapsed() >= secs(10), "{:?}", t0.elapsed());
    assert!(t0.elapsed() < secs(15), "{:?}", t0.elapsed());

    start(b, "deaf").await;
    let t0 = Instant::now();
    let err = vbox_ops::stop(
        b,
        "deaf",
        &StopOptions {
            escalate: false,
            ..opts
        },
    )
    .await
    .expect_err("no escalation: timeout");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(matches!(err, Error::Timeout { waited, .. } if waited == secs(10)));
    assert!(err.hint().is_some());
    assert!(t0.elapsed() >= secs(10));
    assert_eq!(state(b, "deaf").await, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn dhcp_renewal_during_the_wait() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "dhcp", None).await;
    set_key(b, "dhcp", keys::DHCP_RENEW_AFTER_MS, "10000").await;
    set_key(b, "dhcp", keys::DHCP_RENEW_GAP_MS, "2000").await;
    start(b, "dhcp").await;
    let first = wait_for_addresses(b, "dhcp", &AddressQuery::default(), secs(60))
        .await
        .expect("first address");
    assert_eq!(first[0].address, ip("10.0.2.15"));

    // Into the gap: publish + 11 s (renewal at +10 s, for 2 s).
    let published_ms = b
        .get_guest_property("dhcp", "/VirtualBox/GuestInfo/Net/0/V4/IP")
        .await
        .unwrap()
        .expect("published")
        .timestamp_ns
        / 1_000_000;
    let target = published_ms + 11_000;
    tokio::time::sleep(std::time::Duration::from_millis(
        (target - sim.now_ms()).max(0) as u64,
    ))
    .await;
    let count = b
        .get_guest_property("dhcp", vbox_types::GUEST_NET_COUNT)
        .await
        .unwrap()
        .expect("Net/Count");
    assert_eq!(count.value, "0", "in the renewal gap");
    let old = b
        .get_guest_property("dhcp", "/VirtualBox/GuestInfo/Net/0/V4/IP")
        .await
        .unwrap()
        .expect("Net/0 stays during the gap");
    assert_eq!(old.value, "10.0.2.15");
    assert!(
        network_addresses(b, "dhcp", &AddressQuery::default())
            .await
            .unwrap()
            .is_empty(),
        "entries beyond Count must not be read"
    );
    assert_eq!(
        probe_addresses(b, "dhcp", &AddressQuery::default())
            .await
            .unwrap(),
        Err(NotReady::NoCount)
    );
    assert_eq!(
        salt_network_addresses(b, "dhcp", None).await.unwrap(),
        Some(Vec::new()),
        "Salt's reader also stops at Count 0"
    );

    // A wait started in the gap returns once Count is back.
    let t0 = Instant::now();
    let again = wait_for_addresses(b, "dhcp", &AddressQuery::default(), secs(30))
        .await
        .expect("address after the renewal");
    assert_eq!(again[0].address, ip("10.0.2.15"));
    let waited = t0.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(500) && waited <= secs(2),
        "the wait ends with the gap ({waited:?})"
    );
}

#[tokio::test(start_paused = true)]
async fn stale_address_after_a_hard_power_off() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "stale", None).await;
    start(b, "stale").await;
    wait_for_addresses(b, "stale", &AddressQuery::default(), secs(60))
        .await
        .expect("first boot address");
    let power_off = StopOptions {
        mode: StopMode::PowerOff,
        ..Default::default()
    };
    vbox_ops::stop(b, "stale", &power_off)
        .await
        .expect("power off");
    start(b, "stale").await;

    let props = b
        .enumerate_guest_properties("stale", NET_PROPS)
        .await
        .unwrap();
    assert!(
        props
            .iter()
            .any(|p| p.name == "/VirtualBox/GuestInfo/Net/0/V4/IP" && p.value == "10.0.2.15"),
        "the previous boot's properties survive the power-off: {props:?}"
    );
    let now = network_addresses(b, "stale", &AddressQuery::default())
        .await
        .unwrap();
    assert!(now.is_empty(), "stale addresses are rejected: {now:?}");
    assert_eq!(
        probe_addresses(b, "stale", &AddressQuery::default())
            .await
            .unwrap(),
        Err(NotReady::Stale)
    );
    let lenient = AddressQuery {
        reject_stale: false,
        ..Default::default()
    };
    let old = network_addresses(b, "stale", &lenient).await.unwrap();
    assert_eq!(old.len(), 1, "without the check the old value shows");
    assert_eq!(
        salt_network_addresses(b, "stale", None).await.unwrap(),
        Some(vec!["10.0.2.15".to_string()]),
        "Salt's reader returns the previous boot's address"
    );

    tokio::time::sleep(secs(21)).await;
    let fresh = network_addresses(b, "stale", &AddressQuery::default())
        .await
        .unwrap();
    assert_eq!(fresh.len(), 1, "after the boot delay: {fresh:?}");
    assert_eq!(fresh[0].address, ip("10.0.2.15"));
}

#[tokio::test(start_paused = true)]
async fn missing_guest_additions_time_out_with_a_hint() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "no-ga", None).await;
    set_key(b, "no-ga", keys::NO_GUEST_ADDITIONS, "1").await;
    start(b, "no-ga").await;
    let t0 = Instant::now();
    let err = wait_for_addresses(b, "no-ga", &AddressQuery::default(), secs(30))
        .await
        .expect_err("no address without Guest Additions");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    let hint = err.hint().expect("a hint");
    assert!(hint.contains("Guest Additions"), "{hint}");
    assert!(t0.elapsed() >= secs(30));
    assert!(t0.elapsed() < secs(36), "{:?}", t0.elapsed());
}

#[tokio::test(start_paused = true)]
async fn wait_on_a_powered_off_machine_fails_at_once() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "off", None).await;
    let t0 = Instant::now();
    let err = wait_for_addresses(b, "off", &AddressQuery::default(), secs(60))
        .await
        .expect_err("powered off");
    assert!(
        matches!(
            err,
            Error::InvalidState {
                state: MachineState::PoweredOff,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(t0.elapsed() < secs(1));
}

#[tokio::test(start_paused = true)]
async fn start_retries_a_held_session_lock() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_blank(b, "locked").await;
    sim.hold_lock("locked", LockType::Write, secs(3))
        .await
        .expect("hold the lock");

    let short = StartOptions {
        timeout: secs(1),
        ..Default::default()
    };
    let err = vbox_ops::start(b, "locked", &short)
        .await
        .expect_err("the lock outlives a 1 s deadline");
    assert_eq!(err.kind(), ErrorKind::Locked, "{err}");
    assert!(err.hint().is_some_and(|h| h.contains("another session")));

    let t0 = Instant::now();
    let long = StartOptions {
        timeout: secs(30),
        ..Default::default()
    };
    let machine = vbox_ops::start(b, "locked", &long)
        .await
        .expect("start after retries");
    assert_eq!(machine.state, MachineState::Running);
    assert!(t0.elapsed() >= secs(1), "had to wait for the lock");
    assert!(t0.elapsed() < secs(10), "{:?}", t0.elapsed());
}

#[tokio::test(start_paused = true)]
async fn start_failure_is_reported_and_not_retried() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_blank(b, "broken").await;
    set_key(b, "broken", keys::START_FAILURE, "1").await;
    let t0 = Instant::now();
    let err = vbox_ops::start(b, "broken", &StartOptions::default())
        .await
        .expect_err("the launch fails");
    assert!(!err.kind().is_retryable(), "{:?}", err.kind());
    match &err {
        Error::Backend { source, .. } => assert!(
            source
                .message()
                .contains("terminated unexpectedly during startup"),
            "{source}"
        ),
        other => panic!("expected a backend error, got {other:?}"),
    }
    assert!(
        t0.elapsed() < secs(3),
        "one launch, no retries: {:?}",
        t0.elapsed()
    );
    let st = state(b, "broken").await;
    assert!(!st.is_online(), "not running: {st}");
    assert_eq!(st, MachineState::PoweredOff);
}

#[tokio::test(start_paused = true)]
async fn start_of_a_running_machine_is_refused() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_blank(b, "twice").await;
    start(b, "twice").await;
    let err = vbox_ops::start(b, "twice", &StartOptions::default())
        .await
        .expect_err("already running");
    assert!(
        matches!(
            err,
            Error::InvalidState {
                state: MachineState::Running,
                operation: "start",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::InvalidState);
    assert!(err.hint().is_some_and(|h| h.contains("already running")));
    assert_eq!(state(b, "twice").await, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn destroy_of_a_linked_clone_template() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "tmpl", Some(64)).await;
    let base = b
        .list_media()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.location.ends_with("tmpl.vdi"))
        .expect("template disk");
    linked_clone(b, "tmpl", "child").await;

    let err = vbox_ops::destroy(b, "tmpl", &DestroyOptions::default())
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InUse, "{err}");
    assert!(err.to_string().contains("'child'"), "{err}");
    assert!(err.hint().is_some_and(|h| h.contains("--force")));
    assert!(exists(b, "tmpl").await, "nothing was touched");

    let forced = DestroyOptions {
        force: true,
        ..Default::default()
    };
    let outcome = vbox_ops::destroy(b, "tmpl", &forced)
        .await
        .expect("forced destroy");
    assert!(outcome.existed);
    assert!(
        outcome.kept_media.iter().any(|m| m.id == base.id),
        "the shared disk is kept: {:?}",
        outcome.kept_media
    );
    assert!(!outcome.deleted_media.iter().any(|m| m.id == base.id));
    assert!(!exists(b, "tmpl").await);
    assert!(media_ids(b).await.contains(&base.id));
    assert!(Path::new(&base.location).exists());

    // The clone still works on the kept disk.
    assert!(exists(b, "child").await);
    let running = start(b, "child").await;
    assert_eq!(running.state, MachineState::Running);
}

#[tokio::test(start_paused = true)]
async fn destroy_of_a_running_machine_powers_it_off_first() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "busy", Some(64)).await;
    start(b, "busy").await;
    let outcome = vbox_ops::destroy(b, "busy", &DestroyOptions::default())
        .await
        .expect("destroy");
    assert!(outcome.existed);
    assert!(outcome.powered_off);
    assert_eq!(outcome.deleted_media.len(), 1, "{outcome:?}");
    assert!(!exists(b, "busy").await);
    assert!(media_ids(b).await.is_empty());

    let missing = DestroyOptions {
        missing_ok: true,
        ..Default::default()
    };
    let again = vbox_ops::destroy(b, "busy", &missing)
        .await
        .expect("missing ok");
    assert!(!again.existed);
    let err = vbox_ops::destroy(b, "busy", &DestroyOptions::default())
        .await
        .expect_err("missing");
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test(start_paused = true)]
async fn addresses_are_matched_to_slots_by_mac() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "multi", None).await;
    b.modify_machine(
        "multi",
        &ModifyMachine {
            adapters: vec![AdapterChange {
                slot: 1,
                attachment: Some(NetworkAttachmentType::HostOnly),
                network: Some("vboxnet0".into()),
                mac_address: None,
            }],
            ..Default::default()
        },
    )
    .await
    .expect("add a host-only adapter");
    set_key(b, "multi", keys::GUEST_NIC_ORDER, "1,0").await;
    let machine = start(b, "multi").await;
    let mac = |slot: usize| machine.adapters[slot].mac_address.to_ascii_uppercase();

    let mut all = wait_for_addresses(b, "multi", &AddressQuery::default(), secs(60))
        .await
        .expect("addresses");
    all.sort_by_key(|a| a.adapter_slot);
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].address, ip("10.0.2.15"));
    assert_eq!(all[0].adapter_slot, Some(0));
    assert_eq!(all[0].interface_index, 1, "NAT is the guest's second NIC");
    assert_eq!(all[0].mac.as_deref(), Some(mac(0).as_str()));
    assert_eq!(all[1].address, ip("192.168.56.101"));
    assert_eq!(all[1].adapter_slot, Some(1));
    assert_eq!(
        all[1].interface_index, 0,
        "host-only is the guest's first NIC"
    );
    assert_eq!(all[1].mac.as_deref(), Some(mac(1).as_str()));

    let slot1 = network_addresses(
        b,
        "multi",
        &AddressQuery {
            adapter_slot: Some(1),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(slot1.len(), 1, "{slot1:?}");
    assert_eq!(slot1[0].address, ip("192.168.56.101"));

    // Salt's reader lists the guest's order, which is not the slot order.
    assert_eq!(
        salt_network_addresses(b, "multi", None).await.unwrap(),
        Some(vec!["192.168.56.101".to_string(), "10.0.2.15".to_string()])
    );
}

#[tokio::test(start_paused = true)]
async fn failed_clones_leave_nothing() {
    let (_dir, sim) = sim();
    let b: &dyn Backend = &sim;
    create_ubuntu(b, "src", Some(64)).await;
    create_blank(b, "taken").await;
    let machines = machine_names(b).await;
    let media = media_ids(b).await;

    let err = vbox_ops::clone_machine(b, &CloneMachine::new("src", "taken"))
        .await
        .expect_err("duplicate name");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(machine_names(b).await, machines);

    // A full clone of a running machine's current state cannot lock the source's disks.
    start(b, "src").await;
    let err = vbox_ops::clone_machine(b, &CloneMachine::new("src", "copy"))
        .await
        .expect_err("source media locked");
    match &err {
        Error::Backend { source, .. } => assert!(
            source.message().contains("Failed to lock source media"),
            "{source}"
        ),
        other => panic!("expected the backend's clone failure, got {other:?}"),
    }
    assert!(!exists(b, "copy").await, "nothing registered");
    assert_eq!(machine_names(b).await, machines);
    assert_eq!(media_ids(b).await, media, "no new disk");

    let err = vbox_ops::clone_machine(b, &CloneMachine::new("absent", "copy2"))
        .await
        .expect_err("no source");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(machine_names(b).await, machines);
}
