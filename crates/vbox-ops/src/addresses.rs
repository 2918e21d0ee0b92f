//! A machine's network addresses, from the guest properties the Guest Additions publish.
//!
//! What a correct reader does (reference §5): wait until `Net/Count > 0`; read only indexes
//! below the count (stale `Net/<i>` entries survive a DHCP renewal and a power-off); match each
//! guest interface to an adapter slot by MAC, because `Net/<i>` is the guest's enumeration
//! order, not the slot; and reject values older than the guest's current boot (the previous
//! boot's address is readable after a reset until the guest rewrites it).

use crate::error::{Error, Result};
use crate::machines::get;
use crate::watch::Watch;
use serde::Serialize;
use std::net::IpAddr;
use std::time::Duration;
use tokio::time::{sleep, Instant};
use vbox_types::{
    Backend, GuestNetInterface, GuestProperty, Machine, MachineState, GUEST_ADD_VERSION,
    GUEST_NET_COUNT,
};

/// Set by the host at every VM power-up and restore (flags TRANSIENT, RDONLYGUEST): its
/// timestamp tells when the current VM process started.
const HOST_INFO_VERSION: &str = "/VirtualBox/HostInfo/VBoxVer";
/// Rewritten by the host at every reset (the guest reboots, but VirtualBox keeps the Guest
/// Additions' TRANSIENT properties over a reset: real 7.2), so its timestamp tells when the
/// current boot of the guest began.
const RESET_COUNTER: &str = "/VirtualBox/VMInfo/ResetCounter";
/// One enumerate call fetches everything the probe needs.
const PROBE_PATTERNS: &str = "/VirtualBox/GuestInfo/Net/*|/VirtualBox/GuestAdd/Version|/VirtualBox/HostInfo/VBoxVer|/VirtualBox/VMInfo/ResetCounter";
/// What an address wait listens to.
const WAIT_PATTERNS: &str = "/VirtualBox/GuestInfo/Net/*|/VirtualBox/GuestAdd/*";
/// Polling step when the backend has no events.
const POLL_STEP: Duration = Duration::from_secs(1);
/// Longest single event wait, so state changes (a crash, a power-off) are noticed.
const EVENT_SLICE: Duration = Duration::from_secs(5);

/// IPv4 or IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressFamily {
    /// IPv4.
    Ipv4,
    /// IPv6.
    Ipv6,
}

/// Whether an address is reachable only from inside a site or from anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressScope {
    /// RFC 1918, CGNAT (100.64/10), loopback, link-local, IPv6 ULA (fc00::/7).
    Private,
    /// Everything else.
    Public,
}

/// Classify an address the way salt-cloud's `private_ips`/`public_ips` want it.
pub fn classify(ip: IpAddr) -> AddressScope {
    let private = match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || (o[0] == 100 && (o[1] & 0xC0) == 64)
        }
        IpAddr::V6(v6) => {
            let s = v6.segments()[0];
            v6.is_loopback() || (s & 0xFE00) == 0xFC00 || (s & 0xFFC0) == 0xFE80
        }
    };
    if private {
        AddressScope::Private
    } else {
        AddressScope::Public
    }
}

/// One address of a guest interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuestAddress {
    /// The address.
    pub address: IpAddr,
    /// Its family.
    pub family: AddressFamily,
    /// The adapter slot whose MAC the interface has; `None` when no adapter matches.
    pub adapter_slot: Option<u32>,
    /// The interface's MAC (12 upper-case hex digits).
    pub mac: Option<String>,
    /// `<i>` of `/VirtualBox/GuestInfo/Net/<i>`.
    pub interface_index: u32,
    /// Private or public.
    pub scope: AddressScope,
}

/// What to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressQuery {
    /// Salt's `waitforpattern`: a guest property that must be set before addresses count
    /// (a guest-side "network is configured" marker).
    pub wait_for_pattern: Option<String>,
    /// Only addresses of this adapter slot (0-based).
    pub adapter_slot: Option<u32>,
    /// Ignore values written before the current VM process started.
    pub reject_stale: bool,
    /// Include IPv6 addresses (`Net/<i>/V6/IP`, for Guest Additions that publish them).
    pub include_ipv6: bool,
}

impl Default for AddressQuery {
    fn default() -> AddressQuery {
        AddressQuery {
            wait_for_pattern: None,
            adapter_slot: None,
            reject_stale: true,
            include_ipv6: true,
        }
    }
}

/// Why a probe found no address (yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// The machine is not Running.
    NotRunning(MachineState),
    /// The `wait_for_pattern` property is unset or empty.
    PatternUnset(String),
    /// No `/VirtualBox/GuestAdd/Version`: the Guest Additions are not (yet) running.
    NoGuestAdditions,
    /// `Net/Count` is missing, not a number, or 0 (DHCP renewal, interfaces down).
    NoCount,
    /// Only values from before the current VM process started.
    Stale,
    /// Interfaces are reported, but none (or none on the requested slot) has an address.
    NoAddress,
}

impl NotReady {
    fn hint(&self, machine: &str) -> String {
        match self {
            NotReady::NotRunning(s) => format!("'{machine}' is {s}; start it first"),
            NotReady::PatternUnset(p) => format!("guest property '{p}' was never set by the guest"),
            // A guest still booting and one without the Guest Additions look the same (no
            // GuestAdd/Version yet), so the hint names both, the common one first.
            NotReady::NoGuestAdditions => format!(
                "the Guest Additions have not reported in '{machine}' (no {GUEST_ADD_VERSION} yet): the guest may still be booting (wait longer), or they are not installed (install them, or look the address up elsewhere, e.g. DHCP leases)"
            ),
            NotReady::NoCount => "the Guest Additions run but report no IPv4 interface (is DHCP answering?)".into(),
            NotReady::Stale => "only addresses from a previous boot are published; the guest has not refreshed them yet".into(),
            NotReady::NoAddress => "the guest reports interfaces, but none with an address on the requested adapter".into(),
        }
    }
}

/// One probe: the addresses now, or why there are none. The machine and its properties are
/// read together: over ssh each read is a round trip of about 0.1 s, and a wait that just
/// woke on a published address should not pay two.
pub async fn probe_addresses(
    backend: &dyn Backend,
    name: &str,
    query: &AddressQuery,
) -> Result<Result<Vec<GuestAddress>, NotReady>> {
    let (machine, props) =
        futures::future::join(get(backend, name), read_probe(backend, name, name, query)).await;
    let machine = machine?;
    if machine.state != MachineState::Running {
        return Ok(Err(NotReady::NotRunning(machine.state)));
    }
    Ok(props?.and_then(|props| addresses_from_properties(&machine, &props, query)))
}

/// A probe of a machine already read (saves the round trip of [`probe_addresses`] when the
/// caller has just listed or fetched it).
pub async fn probe_machine_addresses(
    backend: &dyn Backend,
    machine: &Machine,
    query: &AddressQuery,
) -> Result<Result<Vec<GuestAddress>, NotReady>> {
    if machine.state != MachineState::Running {
        return Ok(Err(NotReady::NotRunning(machine.state)));
    }
    // Addressed by UUID, named by name in messages.
    let props = read_probe(backend, &machine.id, &machine.name, query).await?;
    Ok(props.and_then(|props| addresses_from_properties(machine, &props, query)))
}

/// The properties a probe reads, and the query's own pattern (both at once): the properties,
/// or `PatternUnset` when that pattern has no value yet.
async fn read_probe(
    backend: &dyn Backend,
    target: &str,
    name: &str,
    query: &AddressQuery,
) -> Result<Result<Vec<GuestProperty>, NotReady>> {
    let pattern = async {
        match &query.wait_for_pattern {
            Some(p) => backend.get_guest_property(target, p).await.map(Some),
            None => Ok(None),
        }
    };
    let (pattern_value, props) = futures::future::join(
        pattern,
        backend.enumerate_guest_properties(target, PROBE_PATTERNS),
    )
    .await;
    let read = || Error::backend("read guest properties of", name);
    if let Some(pattern) = &query.wait_for_pattern {
        let value = pattern_value.map_err(read())?.flatten();
        if value.is_none_or(|p| p.value.is_empty()) {
            return Ok(Err(NotReady::PatternUnset(pattern.clone())));
        }
    }
    Ok(Ok(props.map_err(read())?))
}

/// The pure part of a probe: addresses from a property list.
pub fn addresses_from_properties(
    machine: &Machine,
    props: &[GuestProperty],
    query: &AddressQuery,
) -> Result<Vec<GuestAddress>, NotReady> {
    let find = |n: &str| props.iter().find(|p| p.name == n);
    // The guest's current boot: the host sets HostInfo at power-up and the reset counter at
    // every reset; without either, the last state change (to Running) is the best bound.
    let started_ns = [find(HOST_INFO_VERSION), find(RESET_COUNTER)]
        .into_iter()
        .flatten()
        .map(|p| p.timestamp_ns)
        .max()
        .unwrap_or(machine.last_state_change_ms.saturating_mul(1_000_000));
    let fresh = |ts: i64| !query.reject_stale || ts >= started_ns;
    let Some(count) = find(GUEST_NET_COUNT) else {
        return Err(if find(GUEST_ADD_VERSION).is_some() {
            NotReady::NoCount
        } else {
            NotReady::NoGuestAdditions
        });
    };
    if !fresh(count.timestamp_ns) {
        return Err(NotReady::Stale);
    }
    let count: u32 = match count.value.trim().parse() {
        Ok(n) if n > 0 => n,
        _ => return Err(NotReady::NoCount),
    };
    let mut found = Vec::new();
    let mut stale = false;
    for index in 0..count {
        let nic = GuestNetInterface::from_properties(index, props);
        if nic.status.as_deref() == Some("Down") {
            continue;
        }
        if !fresh(nic.timestamp_ns) {
            stale = true;
            continue;
        }
        let slot = nic.mac.as_deref().and_then(|mac| {
            machine
                .adapters
                .iter()
                .find(|a| a.enabled && a.mac_address.eq_ignore_ascii_case(mac))
                .map(|a| a.slot)
        });
        if query.adapter_slot.is_some() && query.adapter_slot != slot {
            continue;
        }
        let v6 = nic.ipv6.as_deref().filter(|_| query.include_ipv6);
        for text in nic.ipv4.as_deref().into_iter().chain(v6) {
            let Ok(address) = text.trim().parse::<IpAddr>() else {
                continue;
            };
            found.push(GuestAddress {
                address,
                family: if address.is_ipv4() {
                    AddressFamily::Ipv4
                } else {
                    AddressFamily::Ipv6
                },
                adapter_slot: slot,
                mac: nic.mac.clone(),
                interface_index: index,
                scope: classify(address),
            });
        }
    }
    // Some interfaces rewritten and some not: the guest is rewriting them (a restored real
    // 7.2.22 guest rewrites every one within ~0.2 s, after its beacon may already have renewed
    // `Net/Count`), so a reader that stopped here would miss the rest.
    match (found.is_empty(), stale) {
        (_, true) => Err(NotReady::Stale),
        (false, false) => Ok(found),
        (true, false) => Err(NotReady::NoAddress),
    }
}

/// The current addresses of a machine already read; empty when there are none yet.
pub async fn machine_addresses(
    backend: &dyn Backend,
    machine: &Machine,
    query: &AddressQuery,
) -> Result<Vec<GuestAddress>> {
    Ok(probe_machine_addresses(backend, machine, query)
        .await?
        .unwrap_or_default())
}

/// The current addresses; empty when there are none yet (any [`NotReady`] reason).
pub async fn network_addresses(
    backend: &dyn Backend,
    name: &str,
    query: &AddressQuery,
) -> Result<Vec<GuestAddress>> {
    Ok(probe_addresses(backend, name, query)
        .await?
        .unwrap_or_default())
}

/// Wait until the machine has addresses, up to `timeout`.
///
/// Event-driven where the backend can (a guest property change under `Net/*` ends the wait
/// at once), polling every second otherwise. A machine that is powered off (and not being
/// started) fails at once instead of waiting out the timeout. On expiry: a Timeout error
/// whose hint says what was missing (no Guest Additions, no interface, only stale values).
pub async fn wait_for_addresses(
    backend: &dyn Backend,
    name: &str,
    query: &AddressQuery,
    timeout: Duration,
) -> Result<Vec<GuestAddress>> {
    let started = Instant::now();
    let deadline = started + timeout;
    let events = backend.capabilities().event_wait;
    // Armed before every read, and never blind (see crate::watch).
    let mut watch = Watch::new(backend, name, WAIT_PATTERNS, EVENT_SLICE);
    let waited = |e| Error::backend("wait for guest properties of", name)(e);
    loop {
        let probe = probe_addresses(backend, name, query);
        let probed = if events {
            watch.during(deadline, probe).await.map_err(waited)??
        } else {
            probe.await?
        };
        let reason = match probed {
            Ok(found) => return Ok(found),
            Err(NotReady::NotRunning(state))
                if !state.is_transient() && state != MachineState::Paused =>
            {
                return Err(Error::InvalidState {
                    machine: name.to_string(),
                    state,
                    operation: "wait for an address of",
                });
            }
            Err(reason) => reason,
        };
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::Timeout {
                what: format!("an IP address of '{name}'"),
                waited: now - started,
                hint: Some(reason.hint(name)),
            });
        }
        let left = deadline - now;
        match reason {
            // A machine still starting or being restored: state changes fire no guest
            // property event, so look again soon.
            NotReady::NotRunning(_) => sleep(left.min(POLL_STEP)).await,
            _ if !events => sleep(left.min(POLL_STEP)).await,
            _ if watch.changed_since_read() => {}
            _ => watch.next_change(deadline).await.map_err(waited)?,
        }
    }
}

/// Salt's `vb_get_network_addresses` contract: not running → `Some([])`; the wait pattern
/// property unset → `None`; `Net/Count` missing or not a number → `None`; otherwise the
/// non-empty `Net/<i>/V4/IP` values for `i < count`, in guest order (IPv4 only, no staleness
/// check — that is Salt's behaviour; use [`network_addresses`] for ours).
pub async fn salt_network_addresses(
    backend: &dyn Backend,
    name: &str,
    wait_for_pattern: Option<&str>,
) -> Result<Option<Vec<String>>> {
    let machine = get(backend, name).await?;
    if machine.state != MachineState::Running {
        return Ok(Some(Vec::new()));
    }
    let read = move |p: String| async move {
        backend
            .get_guest_property(name, &p)
            .await
            .map(|v| v.map(|v| v.value).unwrap_or_default())
    };
    let map = Error::backend("read guest properties of", name);
    if let Some(pattern) = wait_for_pattern {
        if read(pattern.to_string())
            .await
            .map_err(Error::backend("read guest properties of", name))?
            .is_empty()
        {
            return Ok(None);
        }
    }
    let Ok(count) = read(GUEST_NET_COUNT.to_string())
        .await
        .map_err(map)?
        .trim()
        .parse::<u32>()
    else {
        return Ok(None);
    };
    let mut ips = Vec::new();
    for i in 0..count {
        let ip = read(vbox_types::guest_net_property(i, "V4/IP"))
            .await
            .map_err(Error::backend("read guest properties of", name))?;
        if !ip.is_empty() {
            ips.push(ip);
        }
    }
    Ok(Some(ips))
}

/// Salt's `vb_wait_for_network_address`: [`crate::wait::wait_for`] over
/// [`salt_network_addresses`] with default `[]` (both `[]` and `None` mean "keep waiting").
pub async fn salt_wait_for_network_address(
    backend: &dyn Backend,
    name: &str,
    timeout: Duration,
    step: Option<Duration>,
) -> Result<Vec<String>> {
    // The last error is kept so a dead backend is reported instead of an empty list.
    let failure = std::sync::Mutex::new(None);
    let failure_ref = &failure;
    let got = crate::wait::wait_for(timeout, step, Vec::new(), move || async move {
        match salt_network_addresses(backend, name, None).await {
            Ok(ips) => ips.unwrap_or_default(),
            Err(e) => {
                *failure_ref.lock().expect("not poisoned") = Some(e);
                Vec::new()
            }
        }
    })
    .await;
    match (got.is_empty(), failure.into_inner().expect("not poisoned")) {
        (true, Some(e)) => Err(e),
        _ => Ok(got),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_addresses() {
        let c = |s: &str| classify(s.parse().unwrap());
        for p in [
            "10.0.2.15",
            "172.16.0.1",
            "172.31.255.1",
            "192.168.56.101",
            "100.64.0.1",
            "100.127.1.1",
            "169.254.3.4",
            "127.0.0.1",
            "fd00::1",
            "fe80::1",
            "::1",
        ] {
            assert_eq!(c(p), AddressScope::Private, "{p}");
        }
        for p in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2001:db8::1",
            "192.0.2.1",
        ] {
            assert_eq!(c(p), AddressScope::Public, "{p}");
        }
    }
}
