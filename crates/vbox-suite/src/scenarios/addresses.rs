//! Address waits: DHCP renewal gaps, stale values after a restore, missing Guest Additions,
//! powered-off machines, and slots matched by MAC.

use crate::support::{at_most, create_guest, create_shaped, ip, start};
use crate::{GuestShape, Harness};
use std::time::Duration;
use tokio::time::Instant;
use vbox_ops::addresses::{
    network_addresses, probe_addresses, salt_network_addresses, wait_for_addresses, AddressQuery,
    NotReady,
};
use vbox_ops::{Error, StopMode, StopOptions};
use vbox_types::{
    AdapterChange, ControlAction, ErrorKind, MachineState, ModifyMachine, NetworkAttachmentType,
    GUEST_NET_COUNT,
};

const NET_PROPS: &str = "/VirtualBox/GuestInfo/Net/*";
const NET0_IP: &str = "/VirtualBox/GuestInfo/Net/0/V4/IP";
/// vbox-ops' polling step for address waits on a backend without guest property events: such
/// a wait notices a change up to this much later.
const POLL_WITHOUT_EVENTS: Duration = Duration::from_secs(1);

/// While the guest renews its lease `Net/Count` is 0 and the old `Net/0` stays: readers must
/// not read past the count, and a wait started in the gap ends with it.
pub async fn dhcp_renewal_during_the_wait(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let dhcp = h.machine_name("dhcp");
    let renewing = GuestShape {
        dhcp_renewal: Some((t.dhcp_renew_after, t.dhcp_renew_gap)),
        ..GuestShape::default()
    };
    create_shaped(h, b, &dhcp, None, &renewing).await;
    start(h, b, &dhcp).await;
    let first = wait_for_addresses(b, &dhcp, &AddressQuery::default(), t.timeout)
        .await
        .unwrap_or_else(|e| panic!("first address: {e}\nthe guest:\n{}", h.guest_journal()));
    assert_eq!(first[0].address, ip("10.0.2.15"));

    // Into the gap: wait until the guest drops Count to 0 (an event, not a guess of when),
    // then read at once — the gap is long enough for the reads that follow.
    let began = Instant::now();
    let deadline = began + t.timeout;
    let mut seen = Vec::new();
    let count = loop {
        let count = b
            .get_guest_property(&dhcp, GUEST_NET_COUNT)
            .await
            .unwrap()
            .expect("Net/Count");
        if count.value == "0" {
            break count;
        }
        seen.push(format!(
            "{:6.2}s Count = {} (written at {} ns)",
            began.elapsed().as_secs_f64(),
            count.value,
            count.timestamp_ns
        ));
        assert!(
            Instant::now() < deadline,
            "the guest never renewed its lease; the test read:\n{}\nthe guest:\n{}",
            seen.join("\n"),
            h.guest_journal()
        );
        b.wait_guest_property(&dhcp, GUEST_NET_COUNT, t.tolerance)
            .await
            .expect("wait for Net/Count");
    };
    let old = b
        .get_guest_property(&dhcp, NET0_IP)
        .await
        .unwrap()
        .expect("Net/0 stays during the gap");
    assert_eq!(old.value, "10.0.2.15");
    assert!(
        network_addresses(b, &dhcp, &AddressQuery::default())
            .await
            .unwrap()
            .is_empty(),
        "entries beyond Count must not be read"
    );
    assert_eq!(
        probe_addresses(b, &dhcp, &AddressQuery::default())
            .await
            .unwrap(),
        Err(NotReady::NoCount)
    );
    assert_eq!(
        salt_network_addresses(b, &dhcp, None).await.unwrap(),
        Some(Vec::new()),
        "Salt's reader also stops at Count 0"
    );

    // A wait started in the gap returns once Count is back.
    let t0 = Instant::now();
    let again = wait_for_addresses(b, &dhcp, &AddressQuery::default(), t.timeout)
        .await
        .expect("address after the renewal");
    assert_eq!(again[0].address, ip("10.0.2.15"));
    let back = b
        .get_guest_property(&dhcp, GUEST_NET_COUNT)
        .await
        .unwrap()
        .expect("Net/Count");
    assert!(
        back.value != "0" && back.timestamp_ns > count.timestamp_ns,
        "the wait ended because Count came back, not before: {back:?}"
    );
    let poll = if b.capabilities().event_wait {
        Duration::ZERO
    } else {
        POLL_WITHOUT_EVENTS
    };
    at_most(
        t,
        t0.elapsed(),
        t.dhcp_renew_gap + poll,
        "the wait in the gap",
    );
}

/// A machine restored from a saved state shows the network its guest published before the
/// save, older than the restored VM process, until the guest's VBoxService rewrites it (about
/// 5 s on the real 7.2.22): our reader rejects it as stale, Salt's returns it. A reset, by
/// contrast, deletes it at once (VBoxService writes it TRANSIENT, TRANSRESET), and a power-off
/// leaves nothing to misread.
pub async fn stale_address_after_a_restore(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let stale = h.machine_name("stale");
    create_guest(h, b, &stale, None).await;
    start(h, b, &stale).await;
    wait_for_addresses(b, &stale, &AddressQuery::default(), t.timeout)
        .await
        .expect("first boot address");
    let save = StopOptions {
        mode: StopMode::SaveState,
        timeout: t.timeout,
        ..Default::default()
    };
    vbox_ops::stop(b, &stale, &save).await.expect("save state");
    start(h, b, &stale).await;

    let props = b
        .enumerate_guest_properties(&stale, NET_PROPS)
        .await
        .unwrap();
    assert!(
        props
            .iter()
            .any(|p| p.name == NET0_IP && p.value == "10.0.2.15"),
        "the properties from before the save are back: {props:?}"
    );
    assert_eq!(
        probe_addresses(b, &stale, &AddressQuery::default())
            .await
            .unwrap(),
        Err(NotReady::Stale)
    );
    let lenient = AddressQuery {
        reject_stale: false,
        ..Default::default()
    };
    let old = network_addresses(b, &stale, &lenient).await.unwrap();
    assert_eq!(old.len(), 1, "without the check the old value shows");
    assert_eq!(
        salt_network_addresses(b, &stale, None).await.unwrap(),
        Some(vec!["10.0.2.15".to_string()]),
        "Salt's reader returns the value from before the save"
    );
    let fresh = wait_for_addresses(b, &stale, &AddressQuery::default(), t.timeout)
        .await
        .expect("the restored guest's address");
    assert_eq!(fresh.len(), 1, "after the guest rewrote it: {fresh:?}");
    assert_eq!(fresh[0].address, ip("10.0.2.15"));

    b.control_machine(&stale, ControlAction::Reset)
        .await
        .expect("reset");
    let after_reset = b
        .enumerate_guest_properties(&stale, NET_PROPS)
        .await
        .unwrap();
    assert!(
        after_reset.is_empty(),
        "a reset deletes them: {after_reset:?}"
    );
    let rebooted = wait_for_addresses(b, &stale, &AddressQuery::default(), t.timeout)
        .await
        .expect("the rebooted guest's address");
    assert_eq!(rebooted[0].address, ip("10.0.2.15"));

    let power_off = StopOptions {
        mode: StopMode::PowerOff,
        timeout: t.timeout,
        ..Default::default()
    };
    vbox_ops::stop(b, &stale, &power_off)
        .await
        .expect("power off");
    let left = b
        .enumerate_guest_properties(&stale, NET_PROPS)
        .await
        .unwrap();
    assert!(left.is_empty(), "a power-off deletes them: {left:?}");
}

/// Without Guest Additions the wait times out, with a hint that names them.
pub async fn missing_guest_additions_time_out_with_a_hint(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let no_ga = h.machine_name("no-ga");
    let without = GuestShape {
        additions: false,
        ..GuestShape::default()
    };
    create_shaped(h, b, &no_ga, None, &without).await;
    start(h, b, &no_ga).await;
    let t0 = Instant::now();
    let err = wait_for_addresses(b, &no_ga, &AddressQuery::default(), t.address_timeout)
        .await
        .expect_err("no address without Guest Additions");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    let hint = err.hint().expect("a hint");
    assert!(hint.contains("Guest Additions"), "{hint}");
    assert!(t0.elapsed() >= t.address_timeout);
    at_most(
        t,
        t0.elapsed(),
        t.address_timeout + t.slack,
        "the timed-out wait",
    );
}

/// A wait on a powered-off machine fails at once with its state instead of timing out.
pub async fn wait_on_a_powered_off_machine_fails_at_once(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let off = h.machine_name("off");
    create_guest(h, b, &off, None).await;
    let t0 = Instant::now();
    let err = wait_for_addresses(b, &off, &AddressQuery::default(), t.timeout)
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
    at_most(
        t,
        t0.elapsed(),
        t.tolerance,
        "a wait on a powered-off machine",
    );
}

/// `Net/<i>` is the guest's order, not the slot: addresses are matched to slots by MAC. Two
/// NAT adapters (the only attachment a driverless real host can start), the second first in
/// the guest; each NAT engine is its own network, 10.0.(slot+2).0/24.
pub async fn addresses_are_matched_to_slots_by_mac(h: &dyn Harness) {
    let (t, backend) = (h.timing(), h.backend());
    let b = backend.as_ref();
    let multi = h.machine_name("multi");
    let reversed = GuestShape {
        nic_order: Some(vec![1, 0]),
        ..GuestShape::default()
    };
    create_shaped(h, b, &multi, None, &reversed).await;
    let second_nat = AdapterChange {
        slot: 1,
        attachment: Some(NetworkAttachmentType::NAT),
        network: None,
        mac_address: None,
        ..AdapterChange::default()
    };
    let change = ModifyMachine {
        adapters: vec![second_nat],
        ..Default::default()
    };
    b.modify_machine(&multi, &change)
        .await
        .expect("add a second NAT adapter");
    let machine = start(h, b, &multi).await;
    let mac = |slot: usize| machine.adapters[slot].mac_address.to_ascii_uppercase();
    assert_ne!(mac(0), mac(1), "two adapters, two MACs");

    let mut all = wait_for_addresses(b, &multi, &AddressQuery::default(), t.timeout)
        .await
        .expect("addresses");
    all.sort_by_key(|a| a.adapter_slot);
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].address, ip("10.0.2.15"));
    assert_eq!(all[0].adapter_slot, Some(0));
    assert_eq!(
        all[0].interface_index, 1,
        "slot 0 is the guest's second NIC"
    );
    assert_eq!(all[0].mac.as_deref(), Some(mac(0).as_str()));
    assert_eq!(all[1].address, ip("10.0.3.15"));
    assert_eq!(all[1].adapter_slot, Some(1));
    assert_eq!(all[1].interface_index, 0, "slot 1 is the guest's first NIC");
    assert_eq!(all[1].mac.as_deref(), Some(mac(1).as_str()));

    let slot1_only = AddressQuery {
        adapter_slot: Some(1),
        ..Default::default()
    };
    let slot1 = network_addresses(b, &multi, &slot1_only).await.unwrap();
    assert_eq!(slot1.len(), 1, "{slot1:?}");
    assert_eq!(slot1[0].address, ip("10.0.3.15"));

    // Salt's reader lists the guest's order, which is not the slot order.
    assert_eq!(
        salt_network_addresses(b, &multi, None).await.unwrap(),
        Some(vec!["10.0.3.15".to_string(), "10.0.2.15".to_string()])
    );
}
