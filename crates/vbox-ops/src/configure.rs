//! Changing a machine's settings: memory, CPUs, video memory, boot order, NICs, NAT port
//! forwards, storage and shared folders, with the checks VirtualBox itself leaves out.
//!
//! Checked on the real 7.2.22 host: `modifyvm --nic9 nat` on an 8-slot machine prints "Invalid
//! NIC number 9" and still exits 0, and `modifyvm --nic2 bridged` without `--bridgeadapter2`
//! is taken and leaves an adapter that cannot start. Both are refused here before anything
//! changes. Port forwards follow Vagrant: a host port another rule (of any machine of the host)
//! or a local listener already holds is an error, or with auto-correct the next free port is
//! taken and reported.

use crate::error::{Error, Result};
use crate::machines::get;
use std::collections::BTreeSet;
use vbox_types::{
    AdapterChange, Backend, ErrorKind, Machine, MachineState, ModifyMachine, NetworkAttachmentType,
    PortForward,
};

/// How [`modify`] treats forwards whose host port is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ForwardPolicy {
    /// Take the next free port instead of failing (Vagrant's `auto_correct: true`).
    pub auto_correct: bool,
    /// Also probe the host ports on this machine (a listener holds them). Only meaningful when
    /// the VirtualBox host is this machine (`vboxmanage://`, a web service on loopback).
    pub probe_local_ports: bool,
}

/// What [`modify`] did to the forwards it was given: each as added, and those whose host port
/// was changed by auto-correct (`(asked, taken)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModifyReport {
    /// The forwards as added.
    pub forwards: Vec<PortForward>,
    /// Forwards moved to another host port: the port asked for and the one taken.
    pub corrected: Vec<(PortForward, u16)>,
}

/// Apply `change` to a machine that is not running (or, when the change is only of transient
/// shared folders, to a running one), after checking it against the machine (slots,
/// networks, forwards, storage slots, shares). A refused change changes nothing.
pub async fn modify(
    backend: &dyn Backend,
    name: &str,
    change: &ModifyMachine,
    policy: ForwardPolicy,
) -> Result<ModifyReport> {
    let machine = get(backend, name).await?;
    if change.only_transient_shares() {
        // The one change a running machine takes (through its console).
        if !machine.state.is_online() {
            return Err(Error::InvalidState {
                machine: machine.name.clone(),
                state: machine.state,
                operation: "add or remove transient shared folders of",
            });
        }
    } else {
        check_stopped(&machine)?;
    }
    check_adapters(&machine, change)?;
    if change.touches_storage_or_shares() {
        let config = backend
            .machine_config(&machine.id)
            .await
            .map_err(Error::backend("read the storage of", &machine.name))?;
        crate::storage::check(&machine, &config, change)?;
    }
    crate::hostonly::check_attachments(backend, &machine.name, &change.adapters).await?;
    let mut change = change.clone();
    let report = resolve_forwards(backend, &machine, &mut change, policy).await?;
    backend
        .modify_machine(&machine.id, &change)
        .await
        .map_err(Error::backend("modify", &machine.name))?;
    Ok(report)
}

/// VirtualBox takes no settings change while a VM process holds the machine (`modifyvm`:
/// "already locked for a session"); saved machines refuse hardware changes.
fn check_stopped(m: &Machine) -> Result<()> {
    if m.state.is_online() || m.state.is_transient() || m.state == MachineState::Saved {
        return Err(Error::InvalidState {
            machine: m.name.clone(),
            state: m.state,
            operation: "modify",
        });
    }
    Ok(())
}

/// Slots within the chipset's count, and a network named for every attachment that needs one.
pub fn check_adapters(m: &Machine, change: &ModifyMachine) -> Result<()> {
    let count = m.adapters.len() as u32;
    let slot_ok = |slot: u32, what: &str| {
        if slot < count {
            Ok(())
        } else {
            Err(Error::InvalidInput(format!(
                "{what} names NIC {} but '{}' has {count} adapter slots ({} chipset)",
                slot + 1,
                m.name,
                m.chipset.manage_word()
            )))
        }
    };
    for a in &change.adapters {
        slot_ok(a.slot, "the change")?;
        check_network(m, a)?;
    }
    for f in &change.forwards_added {
        slot_ok(f.slot, &format!("forward '{}'", f.name))?;
        if f.name.is_empty() || f.name.contains(',') {
            return Err(Error::InvalidInput(format!(
                "forward name '{}' must be non-empty and without commas",
                f.name
            )));
        }
        if f.host_port == 0 || f.guest_port == 0 {
            return Err(Error::InvalidInput(format!(
                "forward '{}' needs host and guest ports from 1 to 65535",
                f.name
            )));
        }
    }
    for r in &change.forwards_removed {
        slot_ok(r.slot, &format!("removing forward '{}'", r.name))?;
    }
    Ok(())
}

/// The attachment kinds whose network must be named, with the option that names it.
fn needs_network(kind: NetworkAttachmentType) -> Option<&'static str> {
    match kind {
        NetworkAttachmentType::Bridged => {
            Some("a host interface (`VBoxManage list bridgedifs` lists them)")
        }
        NetworkAttachmentType::HostOnly => Some("a host-only interface (vboxnet0)"),
        NetworkAttachmentType::HostOnlyNetwork => Some("a host-only network"),
        NetworkAttachmentType::Internal => Some("an internal network name"),
        NetworkAttachmentType::NATNetwork => Some("a NAT network name"),
        NetworkAttachmentType::Generic => Some("a generic driver"),
        _ => None,
    }
}

fn check_network(m: &Machine, a: &AdapterChange) -> Result<()> {
    let Some(kind) = a.attachment else {
        return Ok(());
    };
    let Some(what) = needs_network(kind) else {
        return Ok(());
    };
    let given = a.network.as_deref().map(str::trim).unwrap_or_default();
    // VirtualBox keeps the name of an earlier attachment of the same kind.
    let kept = m
        .adapters
        .get(a.slot as usize)
        .map(|old| {
            let mut old = old.clone();
            old.attachment = kind;
            old.network_name().to_string()
        })
        .unwrap_or_default();
    if given.is_empty() && kept.is_empty() {
        return Err(Error::InvalidInput(format!(
            "NIC {} of '{}' as {} needs {what}",
            a.slot + 1,
            m.name,
            kind.api_name()
        )));
    }
    Ok(())
}

/// Check each added forward against the machine's own rules and every other rule of the host
/// (and local listeners when asked); auto-correct moves a colliding one to the next free port.
async fn resolve_forwards(
    backend: &dyn Backend,
    machine: &Machine,
    change: &mut ModifyMachine,
    policy: ForwardPolicy,
) -> Result<ModifyReport> {
    let mut report = ModifyReport::default();
    if change.forwards_added.is_empty() {
        return Ok(report);
    }
    let removed = |f: &PortForward| {
        change
            .forwards_removed
            .iter()
            .any(|r| r.slot == f.slot && r.name == f.name)
    };
    let mut taken: Vec<HostForward> = host_forwards(backend)
        .await?
        .into_iter()
        .filter(|h| !(h.machine_id == machine.id && removed(&h.forward)))
        .collect();
    let own: BTreeSet<(u32, String)> = taken
        .iter()
        .filter(|h| h.machine_id == machine.id)
        .map(|h| (h.forward.slot, h.forward.name.clone()))
        .collect();
    for f in change.forwards_added.iter_mut() {
        if own.contains(&(f.slot, f.name.clone())) {
            return Err(Error::InvalidInput(format!(
                "'{}' already has a forward named '{}' on NIC {}",
                machine.name,
                f.name,
                f.slot + 1
            )));
        }
        // Who holds the candidate's host port: a rule (its machine's name) or a listener.
        let busy = |candidate: &PortForward, taken: &[HostForward]| match taken
            .iter()
            .find(|h| h.forward.collides_with(candidate))
        {
            Some(h) => Some(format!(
                "forward '{}' of '{}'",
                h.forward.name, h.machine_name
            )),
            None => (policy.probe_local_ports && !local_port_free(candidate))
                .then(|| "a program listening on this host".to_string()),
        };
        if let Some(by) = busy(f, &taken) {
            if !policy.auto_correct {
                return Err(Error::InvalidInput(format!(
                    "host port {} ({}) of forward '{}' is taken by {by}",
                    f.host_port,
                    f.protocol.manage_word(),
                    f.name
                )));
            }
            let asked = f.clone();
            let mut candidate = f.clone();
            loop {
                candidate.host_port = candidate.host_port.checked_add(1).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "no free host port above {} for forward '{}'",
                        asked.host_port, asked.name
                    ))
                })?;
                if busy(&candidate, &taken).is_none() {
                    break;
                }
            }
            *f = candidate;
            report.corrected.push((asked, f.host_port));
        }
        taken.push(HostForward {
            machine_id: machine.id.clone(),
            machine_name: machine.name.clone(),
            forward: f.clone(),
        });
        report.forwards.push(f.clone());
    }
    Ok(report)
}

/// A forward of some machine of the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostForward {
    /// The machine's UUID.
    pub machine_id: String,
    /// The machine's name.
    pub machine_name: String,
    /// The rule.
    pub forward: PortForward,
}

/// Every forward of every machine of the host.
pub async fn host_forwards(backend: &dyn Backend) -> Result<Vec<HostForward>> {
    let machines = backend
        .list_machines()
        .await
        .map_err(Error::backend("list the machines of", ""))?;
    let mut out = Vec::new();
    for m in machines.iter().filter(|m| m.accessible) {
        match backend.machine_config(&m.id).await {
            Ok(c) => out.extend(c.forwards.into_iter().map(|forward| HostForward {
                machine_id: m.id.clone(),
                machine_name: m.name.clone(),
                forward,
            })),
            // A machine unregistered meanwhile holds no port.
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(Error::backend("read the forwards of", &m.name)(e)),
        }
    }
    Ok(out)
}

/// Whether a listener could take the forward's host port on this machine now.
fn local_port_free(f: &PortForward) -> bool {
    let ip = if f.host_ip.is_empty() {
        "0.0.0.0"
    } else {
        f.host_ip.as_str()
    };
    let addr = (ip, f.host_port);
    match f.protocol {
        vbox_types::NatProtocol::Tcp => std::net::TcpListener::bind(addr).is_ok(),
        vbox_types::NatProtocol::Udp => std::net::UdpSocket::bind(addr).is_ok(),
    }
}

/// The forwards of one machine.
pub async fn forwards(backend: &dyn Backend, name: &str) -> Result<Vec<PortForward>> {
    backend
        .machine_config(name)
        .await
        .map(|c| c.forwards)
        .map_err(Error::backend("read the forwards of", name))
}

/// Give a machine without any enabled adapter NIC 1 on NAT, as Vagrant and salt-cloud
/// machines have (VirtualBox's `createvm` without an OS type makes none). Returns whether it
/// changed anything.
pub async fn ensure_nat_nic(backend: &dyn Backend, m: &Machine) -> Result<bool> {
    if m.enabled_adapters().next().is_some() || m.adapters.is_empty() {
        return Ok(false);
    }
    let change = ModifyMachine {
        adapters: vec![AdapterChange {
            slot: 0,
            attachment: Some(NetworkAttachmentType::NAT),
            ..AdapterChange::default()
        }],
        ..ModifyMachine::default()
    };
    backend
        .modify_machine(&m.id, &change)
        .await
        .map_err(Error::backend("attach NIC 1 of", &m.name))?;
    Ok(true)
}
