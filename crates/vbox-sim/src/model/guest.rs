//! Guest properties, and the Guest Additions' VBoxService "vminfo" that writes them
//! (reference §5).
//!
//! What matters to clients, and is therefore reproduced: `Net/<i>` indexes follow the guest's
//! enumeration order, not the adapter slots; `Net/Count` is a beacon rewritten every interval;
//! only interfaces with an IPv4 address are counted; entries at or above a smaller count are
//! never deleted (stale); the Guest Additions write their network and version properties
//! TRANSIENT, so a power-off deletes them while a reset keeps them (stale until the rebooted
//! guest rewrites them).
//!
//! There are two stores, as on a real host. While a VM process runs, its guest property
//! service holds the properties clients see, and VBoxSVC keeps a copy ([`SvcProps`]) of what
//! the service told it; when the process ends, VBoxSVC's copy is what remains. The real 7.2.22
//! host (the 7.2.22 captures `ctl-*` and `guestproperty-enumerate-after-poweroff`, and the
//! same sequences repeated on it) shows:
//! - the service starts with `/VirtualBox/HostGuest/Sysprep*`, `/VirtualBox/VMInfo/*Counter`
//!   = 0 and `/VirtualBox/HostInfo/*` of its own, which VBoxSVC never hears of; the
//!   machine's properties are loaded over them; a power-on rewrites `HostInfo/*` (VBoxSVC
//!   hears of it), a restore rewrites it and bumps `ResumeCounter` (VBoxSVC does not);
//! - host and guest writes reach VBoxSVC; a reset bumps `ResetCounter` and a resume
//!   `ResumeCounter`, and after a reset VBoxSVC hears of no further counter;
//! - a saved machine shows VBoxSVC's copy; a power-off (or crash) deletes the TRANSIENT
//!   properties from it, but only when a host or guest write reached VBoxSVC since the VM
//!   powered on or was last reset, resumed or restored: otherwise (a power-off right after a
//!   reset or a restore) the previous properties stay, TRANSIENT ones included.

use super::machine::MachineRecord;
use super::state::RunRecord;
use super::{errors, Ctx};
use crate::SimOptions;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vbox_types::ApiVersion;
use vbox_types::{
    guest_net_property, guest_pattern_matches, GuestProperty, NetworkAdapter,
    NetworkAttachmentType, Result, GUEST_NET_COUNT, GUEST_NET_PREFIX,
};

/// Flags VirtualBox sets on the host's own properties.
const HOST_FLAGS: &str = "TRANSIENT, RDONLYGUEST";
/// The flags VBoxService gives its temporary properties — everything under
/// `/VirtualBox/GuestInfo/Net/` and the logged-in users — as the real VBoxService 7.2.22
/// publishes them in a real guest: deleted at a reset and at a power-off, kept over a save
/// and restore (with their old timestamps until it rewrites them). `GuestAdd/*` and `OS/*`
/// facts carry no flag.
pub(crate) const GA_FLAGS: &str = "TRANSIENT, TRANSRESET";
/// `GUEST_PROP_MAX_NAME_LEN`.
const MAX_NAME: usize = 64;
/// `GUEST_PROP_MAX_VALUE_LEN`.
const MAX_VALUE: usize = 1024;
/// `GUEST_PROP_MAX_PROPS`.
const MAX_PROPS: usize = 256;

/// One stored property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PropRecord {
    /// Value.
    pub value: String,
    /// Last write, ns since the epoch.
    pub ts_ns: i64,
    /// Flags as VirtualBox prints them.
    #[serde(default)]
    pub flags: String,
    /// Written by the guest (VBoxService): it lives with the VM process, so a power-off ends
    /// it whatever its flags (a real 7.2.22 guest: after its power-off no property is left,
    /// its unflagged `GuestAdd/*` ones included).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub guest: bool,
}

/// VBoxSVC's side of the guest properties while a VM process runs (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SvcProps {
    /// VBoxSVC's copy: what remains when the VM process ends.
    #[serde(default)]
    pub props: BTreeMap<String, PropRecord>,
    /// A host or guest write reached VBoxSVC since the VM powered on or was last reset,
    /// resumed or restored: a power-off deletes the TRANSIENT properties.
    #[serde(default)]
    pub written_since: bool,
    /// The VM was reset during this run: VBoxSVC hears of no further counter.
    #[serde(default)]
    pub reset_seen: bool,
}

/// Whether a property goes away with the VM (`TRANSIENT`, or `TRANSRESET` which implies it).
fn is_transient(p: &PropRecord) -> bool {
    p.flags
        .split(',')
        .map(str::trim)
        .any(|f| f == "TRANSIENT" || f == "TRANSRESET")
}

/// Tell VBoxSVC about the current value of `name` (or its deletion), as the guest property
/// service's host notification does. `counts` is false for the VM's own counters, which do not
/// keep a power-off from deleting the TRANSIENT properties.
fn push(m: &mut MachineRecord, name: &str, counts: bool) {
    let current = m.guest_props.get(name).cloned();
    if let Some(svc) = m.svc_props.as_mut() {
        match current {
            Some(p) => {
                svc.props.insert(name.to_string(), p);
            }
            None => {
                svc.props.remove(name);
            }
        }
        svc.written_since |= counts;
    }
}

/// A write by the host or the guest: into the store clients see, and on to VBoxSVC.
fn write_pushed(m: &mut MachineRecord, name: &str, value: &str, flags: &str, t_ms: i64) {
    write(m, name, value, flags, t_ms);
    push(m, name, true);
}

/// What VBoxService writes (see [`PropRecord::guest`]).
fn write_from_guest(m: &mut MachineRecord, name: &str, value: &str, flags: &str, t_ms: i64) {
    write(m, name, value, flags, t_ms);
    if let Some(p) = m.guest_props.get_mut(name) {
        p.guest = true;
    }
    push(m, name, true);
}

/// A timestamp for a write at `t_ms`, strictly after every earlier write of the machine so
/// that waiters can tell each write apart.
fn stamp(m: &MachineRecord, t_ms: i64) -> i64 {
    let newest = m.guest_props.values().map(|p| p.ts_ns).max().unwrap_or(0);
    (t_ms * 1_000_000).max(newest + 1)
}

/// Write a property unconditionally.
fn write(m: &mut MachineRecord, name: &str, value: &str, flags: &str, t_ms: i64) {
    let ts_ns = stamp(m, t_ms);
    m.guest_props.insert(
        name.to_string(),
        PropRecord {
            value: value.to_string(),
            ts_ns,
            flags: flags.to_string(),
            guest: false,
        },
    );
}

/// VBoxService writes a property only when its value changes (its property cache).
fn write_if_changed(m: &mut MachineRecord, name: &str, value: &str, t_ms: i64) {
    if m.guest_props.get(name).is_some_and(|p| p.value == value) {
        return;
    }
    write_from_guest(m, name, value, GA_FLAGS, t_ms);
}

/// All properties matching the patterns, sorted by name.
pub(crate) fn enumerate(m: &MachineRecord, patterns: &str) -> Vec<GuestProperty> {
    m.guest_props
        .iter()
        .filter(|(n, _)| guest_pattern_matches(patterns, n))
        .map(|(n, p)| to_property(n, p))
        .collect()
}

/// The API form of a property.
pub(crate) fn to_property(name: &str, p: &PropRecord) -> GuestProperty {
    GuestProperty {
        name: name.to_string(),
        value: p.value.clone(),
        timestamp_ns: p.ts_ns,
        flags: p.flags.clone(),
    }
}

/// `/VirtualBox/HostInfo/*`, as the guest property service sets them.
fn write_host_version(m: &mut MachineRecord, t: i64, opts: &SimOptions, pushed: bool) {
    let norm = normalized(&opts.version);
    let rev = opts.revision.to_string();
    for (name, value) in [
        ("/VirtualBox/HostInfo/VBoxVer", norm.as_str()),
        ("/VirtualBox/HostInfo/VBoxVerExt", opts.version.as_str()),
        ("/VirtualBox/HostInfo/VBoxRev", rev.as_str()),
    ] {
        write(m, name, value, HOST_FLAGS, t);
        if pushed {
            push(m, name, true);
        }
    }
}

/// A VM process powered on (`restore`: from a saved state). The guest property service
/// starts with its own properties, the machine's are loaded over them; VBoxSVC's copy starts
/// as the machine's.
pub(crate) fn vm_started(m: &mut MachineRecord, t: i64, opts: &SimOptions, restore: bool) {
    let machine = std::mem::take(&mut m.guest_props);
    m.svc_props = Some(SvcProps {
        props: machine.clone(),
        ..SvcProps::default()
    });
    // `Service::initialize`: the host version, the counters and (6.1+, unattended guest
    // installs) the sysprep properties, set before VBoxSVC listens.
    write_host_version(m, t, opts, false);
    write(m, "/VirtualBox/VMInfo/ResetCounter", "0", HOST_FLAGS, t);
    write(m, "/VirtualBox/VMInfo/ResumeCounter", "0", HOST_FLAGS, t);
    if opts.api >= ApiVersion::V6_1 {
        write(m, "/VirtualBox/HostGuest/SysprepExec", "", HOST_FLAGS, t);
        write(m, "/VirtualBox/HostGuest/SysprepArgs", "", HOST_FLAGS, t);
    }
    m.guest_props.extend(machine);
    // The power-on (or resume) notification rewrites the host version; VBoxSVC hears of the
    // power-on's, not of a restore's (ctl-guestproperty-after-poweroff keeps the first boot's).
    write_host_version(m, t, opts, !restore);
    if restore {
        bump_counter(m, "Resume", t);
    }
}

/// The VM was reset: `Console::i_guestPropertiesHandleVMReset` deletes the TRANSRESET
/// properties, the service counts the reset (VBoxSVC does not hear of it:
/// `ctl-guestproperty-saved` has no counter), and TRANSIENT ones stay.
pub(crate) fn vm_reset(m: &mut MachineRecord, t: i64) {
    let gone: Vec<String> = m
        .guest_props
        .iter()
        .filter(|(_, p)| p.flags.contains("TRANSRESET"))
        .map(|(n, _)| n.clone())
        .collect();
    for name in gone {
        m.guest_props.remove(&name);
        if let Some(svc) = m.svc_props.as_mut() {
            svc.props.remove(&name);
        }
    }
    bump_counter(m, "Reset", t);
    if let Some(svc) = m.svc_props.as_mut() {
        svc.reset_seen = true;
        svc.written_since = false;
    }
}

/// The VM resumed (from a pause, or at the end of an online snapshot): the service counts it;
/// VBoxSVC hears of it unless the VM was reset in this run (`guestproperty-enumerate-after-
/// poweroff` keeps `ResumeCounter` 2 of a resume and a live snapshot, the `ctl-*` captures
/// after a reset none).
pub(crate) fn vm_resumed(m: &mut MachineRecord, t: i64) {
    let name = bump_counter(m, "Resume", t);
    let reset_seen = m.svc_props.as_ref().is_some_and(|s| s.reset_seen);
    if !reset_seen {
        push(m, &name, false);
    }
    if let Some(svc) = m.svc_props.as_mut() {
        svc.written_since = false;
    }
}

/// The VM process ended: what VBoxSVC holds is what remains. A power-off or crash deletes
/// the TRANSIENT properties if a write reached VBoxSVC since the last power-on, reset,
/// resume or restore; a save keeps everything.
pub(crate) fn vm_ended(m: &mut MachineRecord, powered_off: bool) {
    let Some(svc) = m.svc_props.take() else {
        return;
    };
    m.guest_props = svc.props;
    if powered_off {
        m.guest_props.retain(|_, p| !p.guest);
    }
    if powered_off && svc.written_since {
        m.guest_props.retain(|_, p| !is_transient(p));
    }
}

/// Count a reset or a resume in `/VirtualBox/VMInfo/*Counter` of the service; the name.
fn bump_counter(m: &mut MachineRecord, which: &str, t: i64) -> String {
    let name = format!("/VirtualBox/VMInfo/{which}Counter");
    let n: u64 = m
        .guest_props
        .get(&name)
        .and_then(|p| p.value.parse().ok())
        .unwrap_or(0);
    write(m, &name, &(n + 1).to_string(), HOST_FLAGS, t);
    name
}

/// The first publish after the guest booted: Guest Additions version, OS facts, users, then
/// the network. VBoxService's cache is empty after its start, so everything is written.
pub(crate) fn publish_all(
    m: &mut MachineRecord,
    run: &RunRecord,
    leases: &mut BTreeMap<String, BTreeMap<String, String>>,
    t: i64,
    opts: &SimOptions,
) {
    let norm = normalized(&opts.version);
    let rev = opts.revision.to_string();
    for (name, value) in [
        ("/VirtualBox/GuestAdd/Version", norm.as_str()),
        ("/VirtualBox/GuestAdd/VersionExt", opts.version.as_str()),
        ("/VirtualBox/GuestAdd/Revision", rev.as_str()),
    ] {
        write_from_guest(m, name, value, "", t);
    }
    for (name, value) in [
        ("/VirtualBox/GuestInfo/OS/Product", "Linux"),
        ("/VirtualBox/GuestInfo/OS/Release", "6.8.0-45-generic"),
        (
            "/VirtualBox/GuestInfo/OS/Version",
            "#45-Ubuntu SMP PREEMPT_DYNAMIC",
        ),
    ] {
        write_from_guest(m, name, value, "", t);
    }
    write_from_guest(
        m,
        "/VirtualBox/GuestInfo/OS/LoggedInUsers",
        "0",
        GA_FLAGS,
        t,
    );
    write_from_guest(
        m,
        "/VirtualBox/GuestInfo/OS/NoLoggedInUsers",
        "true",
        GA_FLAGS,
        t,
    );
    publish_net(m, run, leases, t, false, true);
}

/// One interface as the guest reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GuestNic {
    /// Adapter slot.
    pub slot: u32,
    /// MAC, upper case.
    pub mac: String,
    /// IPv4 address.
    pub ip: String,
    /// Netmask.
    pub netmask: String,
    /// Broadcast.
    pub broadcast: String,
}

/// Write `Net/<i>/*` for every interface with an IPv4 address, in guest order, then
/// `Net/Count`. `renew` hands out new leases; `always` writes unchanged values too.
pub(crate) fn publish_net(
    m: &mut MachineRecord,
    run: &RunRecord,
    leases: &mut BTreeMap<String, BTreeMap<String, String>>,
    t: i64,
    renew: bool,
    always: bool,
) {
    let nics = guest_nics(m, run, leases, renew);
    for (i, nic) in nics.iter().enumerate() {
        let i = i as u32;
        let put = |m: &mut MachineRecord, leaf: &str, value: &str| {
            let name = guest_net_property(i, leaf);
            if always {
                write_from_guest(m, &name, value, GA_FLAGS, t);
            } else {
                write_if_changed(m, &name, value, t);
            }
        };
        put(m, "V4/IP", &nic.ip);
        put(m, "V4/Broadcast", &nic.broadcast);
        put(m, "V4/Netmask", &nic.netmask);
        if run.publish_ipv6 {
            put(m, "V6/IP", &ipv6_of(&nic.mac));
        }
        put(m, "MAC", &nic.mac);
        put(m, "Status", "Up");
        put(m, "Name", &format!("eth{i}"));
    }
    write_count(m, nics.len() as u32, t);
}

/// Write `Net/Count` (always: it is the beacon).
pub(crate) fn write_count(m: &mut MachineRecord, n: u32, t: i64) {
    write_from_guest(m, GUEST_NET_COUNT, &n.to_string(), GA_FLAGS, t);
}

/// The periodic rewrite of `Net/Count` with its current value.
pub(crate) fn rewrite_count(m: &mut MachineRecord, t: i64) {
    if let Some(v) = m.guest_props.get(GUEST_NET_COUNT).map(|p| p.value.clone()) {
        write_from_guest(m, GUEST_NET_COUNT, &v, GA_FLAGS, t);
    }
}

/// VBoxService deletes `/VirtualBox/GuestInfo/Net/*` when it stops (clean guest shutdown).
pub(crate) fn delete_net(m: &mut MachineRecord) {
    let gone: Vec<String> = m
        .guest_props
        .keys()
        .filter(|n| n.starts_with(GUEST_NET_PREFIX))
        .cloned()
        .collect();
    for name in gone {
        m.guest_props.remove(&name);
        push(m, &name, true);
    }
}

/// The guest's interfaces with an IPv4 address, in its enumeration order.
pub(crate) fn guest_nics(
    m: &MachineRecord,
    run: &RunRecord,
    leases: &mut BTreeMap<String, BTreeMap<String, String>>,
    renew: bool,
) -> Vec<GuestNic> {
    let adapters = &m.hw.adapters;
    let mut order: Vec<u32> = Vec::new();
    for s in &run.nic_order {
        if (*s as usize) < adapters.len() && !order.contains(s) {
            order.push(*s);
        }
    }
    for a in adapters {
        if !order.contains(&a.slot) {
            order.push(a.slot);
        }
    }
    order
        .into_iter()
        .filter_map(|slot| adapters.iter().find(|a| a.slot == slot))
        .filter(|a| a.enabled && a.cable_connected)
        .filter_map(|a| address_of(m, a, leases, renew))
        .collect()
}

/// The address an adapter gets: a static one from extradata, else its network's DHCP lease.
fn address_of(
    m: &MachineRecord,
    a: &NetworkAdapter,
    leases: &mut BTreeMap<String, BTreeMap<String, String>>,
    renew: bool,
) -> Option<GuestNic> {
    let nic = |ip: String, prefix_len: u32| {
        let (netmask, broadcast) = mask_and_broadcast(&ip, prefix_len);
        GuestNic {
            slot: a.slot,
            mac: a.mac_address.to_ascii_uppercase(),
            ip,
            netmask,
            broadcast,
        }
    };
    if let Some(v) = m.extra(&crate::keys::static_ip(a.slot)) {
        let (ip, len) = match v.split_once('/') {
            Some((ip, len)) => (ip.trim(), len.trim().parse().unwrap_or(24)),
            None => (v.trim(), 24),
        };
        if ip.parse::<std::net::Ipv4Addr>().is_ok() {
            return Some(nic(ip.to_string(), len.min(32)));
        }
    }
    let (pool, prefix, first) = match a.attachment {
        // Every NAT engine is its own network and hands out .15: "the guest network interface
        // is assigned to the IPv4 range 10.0.x.0/24 by default where x corresponds to the
        // instance of the NAT interface +2" (VirtualBox manual). So slot 0 gets 10.0.2.15 on
        // every NAT machine, slot 1 10.0.3.15.
        NetworkAttachmentType::NAT => (
            format!("nat:{}:{}", m.id, a.slot),
            format!("10.0.{}", a.slot + 2),
            15,
        ),
        NetworkAttachmentType::HostOnly => {
            let n: u32 = a
                .host_only_interface
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .unwrap_or(0);
            (
                format!("hostonly:{}", a.host_only_interface),
                format!("192.168.{}", 56 + n.min(199)),
                101,
            )
        }
        NetworkAttachmentType::HostOnlyNetwork => (
            format!("hostonlynet:{}", a.host_only_network),
            "192.168.56".to_string(),
            101,
        ),
        // One LAN behind every bridged interface, its router's DHCP starting at .100.
        NetworkAttachmentType::Bridged => ("bridged".to_string(), "192.168.1".to_string(), 100),
        NetworkAttachmentType::NATNetwork => {
            (format!("natnet:{}", a.nat_network), "10.0.2".to_string(), 4)
        }
        // No DHCP server on internal networks (unless configured): no address.
        _ => return None,
    };
    let ip = lease(leases, &pool, &a.mac_address, &prefix, first, renew)?;
    Some(nic(ip, 24))
}

/// A DHCP lease: stable per MAC, unique in the pool. `renew` moves to the next free address.
fn lease(
    leases: &mut BTreeMap<String, BTreeMap<String, String>>,
    pool: &str,
    mac: &str,
    prefix: &str,
    first: u32,
    renew: bool,
) -> Option<String> {
    let table = leases.entry(pool.to_string()).or_default();
    let current = table.get(mac).cloned();
    if let (Some(ip), false) = (&current, renew) {
        return Some(ip.clone());
    }
    let start = current
        .as_deref()
        .and_then(|ip| ip.rsplit('.').next())
        .and_then(|h| h.parse::<u32>().ok())
        .map(|h| h + 1)
        .unwrap_or(first);
    let taken =
        |ip: &str, table: &BTreeMap<String, String>| table.iter().any(|(k, v)| v == ip && k != mac);
    let candidates = (start..=254).chain(first..start.min(255));
    for host in candidates {
        let ip = format!("{prefix}.{host}");
        if Some(&ip) == current.as_ref() || taken(&ip, table) {
            continue;
        }
        table.insert(mac.to_string(), ip.clone());
        return Some(ip);
    }
    current
}

fn mask_and_broadcast(ip: &str, len: u32) -> (String, String) {
    let addr: u32 = ip.parse::<std::net::Ipv4Addr>().map(u32::from).unwrap_or(0);
    let mask: u32 = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    let bcast = addr | !mask;
    (
        std::net::Ipv4Addr::from(mask).to_string(),
        std::net::Ipv4Addr::from(bcast).to_string(),
    )
}

/// A unique-local IPv6 address with the MAC's EUI-64 interface id.
fn ipv6_of(mac: &str) -> String {
    let b: Vec<u8> = (0..6)
        .map(|i| u8::from_str_radix(mac.get(i * 2..i * 2 + 2).unwrap_or("00"), 16).unwrap_or(0))
        .collect();
    format!(
        "fd00::{:x}:{:x}:{:x}:{:x}",
        u16::from_be_bytes([b[0] ^ 0x02, b[1]]),
        u16::from_be_bytes([b[2], 0xff]),
        u16::from_be_bytes([0xfe, b[3]]),
        u16::from_be_bytes([b[4], b[5]])
    )
}

/// `7.1.12` from `7.1.12_OSE`.
fn normalized(version: &str) -> String {
    version
        .split('_')
        .next()
        .unwrap_or(version)
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}

/// `setGuestProperty` from the host (`value: None` deletes).
pub(crate) fn set_from_host(
    m: &mut MachineRecord,
    name: &str,
    value: Option<&str>,
    flags: Option<&str>,
    running: bool,
    ctx: &Ctx<'_>,
) -> Result<()> {
    if name.is_empty() || name.contains('\0') {
        return Err(errors::invalid_arg("Invalid property name"));
    }
    if name.len() > MAX_NAME {
        return Err(errors::invalid_arg(format!(
            "The property name '{name}' is too long (at most {MAX_NAME} bytes)"
        )));
    }
    let Some(value) = value else {
        m.guest_props.remove(name);
        push(m, name, true);
        return Ok(());
    };
    if value.len() > MAX_VALUE {
        return Err(errors::invalid_arg(format!(
            "The value of the property '{name}' is too long (at most {MAX_VALUE} bytes)"
        )));
    }
    let flags = parse_flags(flags.unwrap_or(""))?;
    if !running
        && flags
            .split(", ")
            .any(|f| f == "TRANSIENT" || f == "TRANSRESET")
    {
        // Transient properties live in the VM process only (the real 7.2.22 host's text).
        return Err(errors::invalid_arg(
            "Properties with TRANSIENT or TRANSRESET flag cannot be set or modified if VM is not running",
        ));
    }
    if !m.guest_props.contains_key(name) && m.guest_props.len() >= MAX_PROPS {
        return Err(errors::invalid_arg(format!(
            "Too many guest properties (at most {MAX_PROPS})"
        )));
    }
    write_pushed(m, name, value, &flags, ctx.now);
    Ok(())
}

/// Parse flags as VirtualBox does (case-insensitive, `,` or space separated) and print them
/// the way it prints them.
pub(crate) fn parse_flags(s: &str) -> Result<String> {
    const ORDER: [&str; 5] = [
        "TRANSIENT",
        "RDONLYGUEST",
        "RDONLYHOST",
        "READONLY",
        "TRANSRESET",
    ];
    let mut seen: Vec<&str> = Vec::new();
    for f in s
        .split([',', ' ', '|'])
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        let Some(known) = ORDER.iter().find(|k| k.eq_ignore_ascii_case(f)) else {
            // The real 7.2.22 host's text.
            return Err(errors::invalid_arg(format!(
                "Invalid guest property flag values: '{s}'"
            )));
        };
        if !seen.contains(known) {
            seen.push(known);
        }
    }
    if seen.contains(&"TRANSRESET") && !seen.contains(&"TRANSIENT") {
        seen.push("TRANSIENT");
    }
    let out: Vec<&str> = ORDER.iter().copied().filter(|k| seen.contains(k)).collect();
    Ok(out.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_normalised() {
        assert_eq!(parse_flags("").unwrap(), "");
        assert_eq!(
            parse_flags("rdonlyguest,transient").unwrap(),
            "TRANSIENT, RDONLYGUEST"
        );
        assert_eq!(parse_flags("TRANSRESET").unwrap(), "TRANSIENT, TRANSRESET");
        assert!(parse_flags("bogus").is_err());
    }

    #[test]
    fn leases_are_stable_and_unique() {
        let mut l = BTreeMap::new();
        let a = lease(&mut l, "p", "A", "192.168.56", 101, false).unwrap();
        let b = lease(&mut l, "p", "B", "192.168.56", 101, false).unwrap();
        assert_eq!(a, "192.168.56.101");
        assert_eq!(b, "192.168.56.102");
        assert_eq!(
            lease(&mut l, "p", "A", "192.168.56", 101, false).unwrap(),
            a
        );
        let a2 = lease(&mut l, "p", "A", "192.168.56", 101, true).unwrap();
        assert_eq!(a2, "192.168.56.103");
    }

    #[test]
    fn masks_and_ipv6() {
        assert_eq!(
            mask_and_broadcast("10.0.2.15", 24),
            ("255.255.255.0".into(), "10.0.2.255".into())
        );
        assert_eq!(
            mask_and_broadcast("10.10.0.5", 16),
            ("255.255.0.0".into(), "10.10.255.255".into())
        );
        assert_eq!(ipv6_of("080027AABBCC"), "fd00::a00:27ff:feaa:bbcc");
        assert_eq!(normalized("7.0.10_Ubuntu"), "7.0.10");
    }
}
