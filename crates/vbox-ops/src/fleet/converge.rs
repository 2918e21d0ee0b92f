//! What differs between a machine and its map entry's settings (memory, CPUs, description,
//! NICs, NAT port forwards, storage and shared folders — the last two in
//! [`super::converge_storage`]), as one [`ModifyMachine`] and a line per difference.
//!
//! Only what the map says is managed: a setting the profile leaves out is left alone, NICs
//! beyond the profile's list are left alone, and `forwarded_ports` (when given) is the whole
//! list — a forward the map does not name is removed, as Vagrant removes stale forwards.

use super::spec::MachineSpec;
use vbox_types::{
    AdapterChange, ForwardRemoval, Machine, MachineConfig, ModifyMachine, NetworkAdapter,
    NetworkAdapterType, NetworkAttachmentType, PortForward,
};

/// One NIC of a profile (`[[profiles.NAME.nics]]`), in slot order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NicSpec {
    /// The attachment; `Null` disables the adapter.
    pub attachment: Option<NetworkAttachmentType>,
    /// Interface or network name (bridged, host-only, internal, NAT network, generic).
    pub network: Option<String>,
    /// Emulated card.
    pub adapter_type: Option<NetworkAdapterType>,
    /// MAC address (12 upper-case hex digits); `None` keeps what the clone got.
    pub mac_address: Option<String>,
    /// Cable connected.
    pub cable_connected: Option<bool>,
}

/// The change that makes a machine as its spec wants, and what it changes in words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Difference {
    /// Everything to change, in one `modify`.
    pub change: ModifyMachine,
    /// One line per changed setting (`memory 512 → 2048 MB`).
    pub lines: Vec<String>,
}

impl Difference {
    /// Whether the machine is as wanted.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// Whether the spec manages anything [`difference`] compares.
pub fn manages_settings(spec: &MachineSpec) -> bool {
    spec.memory_mb.is_some()
        || spec.cpus.is_some()
        || spec.description.is_some()
        || spec.nics.is_some()
        || spec.forwarded_ports.is_some()
        || spec.storage.is_some()
        || spec.shared_folders.is_some()
}

/// Whether [`difference`] needs the machine's [`MachineConfig`] (its forwards, storage,
/// shares).
pub fn needs_config(spec: &MachineSpec) -> bool {
    spec.forwarded_ports.is_some() || spec.storage.is_some() || spec.shared_folders.is_some()
}

/// What differs between `m` (with `config` when [`needs_config`]) and `spec`.
pub fn difference(spec: &MachineSpec, m: &Machine, config: Option<&MachineConfig>) -> Difference {
    let mut d = Difference::default();
    if let Some(mb) = spec.memory_mb.filter(|mb| *mb != m.memory_mb) {
        d.lines.push(format!("memory {} → {mb} MB", m.memory_mb));
        d.change.memory_mb = Some(mb);
    }
    if let Some(n) = spec.cpus.filter(|n| *n != m.cpus) {
        d.lines.push(format!("CPUs {} → {n}", m.cpus));
        d.change.cpus = Some(n);
    }
    if let Some(text) = spec.description.as_ref().filter(|t| **t != m.description) {
        d.lines.push("description".to_string());
        d.change.description = Some(text.clone());
    }
    for (slot, nic) in spec.nics.iter().flatten().enumerate() {
        let slot = slot as u32;
        let disabled = NetworkAdapter::disabled(slot);
        let have = m.adapters.get(slot as usize).unwrap_or(&disabled);
        if let Some((change, line)) = nic_difference(slot, nic, have) {
            d.lines.push(line);
            d.change.adapters.push(change);
        }
    }
    if let (Some(wanted), Some(config)) = (&spec.forwarded_ports, config) {
        forward_difference(wanted, &config.forwards, &mut d);
    }
    if let (Some(wanted), Some(config)) = (&spec.storage, config) {
        super::converge_storage::storage_difference(wanted, m, config, &mut d);
    }
    if let (Some(wanted), Some(config)) = (&spec.shared_folders, config) {
        super::converge_storage::share_difference(wanted, config, &mut d);
    }
    d
}

fn describe_attachment(kind: NetworkAttachmentType, network: &str) -> String {
    match (kind, network) {
        (NetworkAttachmentType::Null, _) => "none".into(),
        (_, "") => kind.manage_word().into(),
        (_, n) => format!("{} '{n}'", kind.manage_word()),
    }
}

fn nic_difference(
    slot: u32,
    nic: &NicSpec,
    have: &NetworkAdapter,
) -> Option<(AdapterChange, String)> {
    let mut change = AdapterChange {
        slot,
        ..AdapterChange::default()
    };
    let mut what = Vec::new();
    let have_kind = if have.enabled {
        have.attachment
    } else {
        NetworkAttachmentType::Null
    };
    if let Some(kind) = nic.attachment {
        let want_net = nic.network.clone().unwrap_or_default();
        let net_differs = !want_net.is_empty() && want_net != have.network_name();
        if kind != have_kind || (kind != NetworkAttachmentType::Null && net_differs) {
            what.push(format!(
                "{} → {}",
                describe_attachment(have_kind, have.network_name()),
                describe_attachment(kind, &want_net)
            ));
            change.attachment = Some(kind);
            change.network = nic.network.clone();
        }
    }
    if let Some(t) = nic.adapter_type.filter(|t| *t != have.adapter_type) {
        what.push(format!(
            "card {} → {}",
            have.adapter_type.manage_word(),
            t.manage_word()
        ));
        change.adapter_type = Some(t);
    }
    if let Some(mac) = nic
        .mac_address
        .as_ref()
        .filter(|mac| !mac.eq_ignore_ascii_case(&have.mac_address))
    {
        what.push(format!("MAC {} → {mac}", have.mac_address));
        change.mac_address = Some(mac.clone());
    }
    if let Some(on) = nic.cable_connected.filter(|on| *on != have.cable_connected) {
        what.push(format!(
            "cable {}",
            if on { "plugged" } else { "unplugged" }
        ));
        change.cable_connected = Some(on);
    }
    (!what.is_empty()).then(|| (change, format!("NIC {}: {}", slot + 1, what.join(", "))))
}

fn forward_difference(wanted: &[PortForward], have: &[PortForward], d: &mut Difference) {
    let same_rule = |a: &PortForward, b: &PortForward| a.slot == b.slot && a.name == b.name;
    for h in have {
        match wanted.iter().find(|w| same_rule(w, h)) {
            Some(w) if w == h => {}
            Some(w) => {
                d.lines.push(format!(
                    "forward '{}' of NIC {}: {} → {}",
                    w.name,
                    w.slot + 1,
                    h.rule(),
                    w.rule()
                ));
                d.change.forwards_removed.push(ForwardRemoval {
                    slot: h.slot,
                    name: h.name.clone(),
                });
                d.change.forwards_added.push(w.clone());
            }
            None => {
                d.lines.push(format!(
                    "forward '{}' of NIC {}: remove",
                    h.name,
                    h.slot + 1
                ));
                d.change.forwards_removed.push(ForwardRemoval {
                    slot: h.slot,
                    name: h.name.clone(),
                });
            }
        }
    }
    for w in wanted
        .iter()
        .filter(|w| !have.iter().any(|h| same_rule(w, h)))
    {
        d.lines.push(format!(
            "forward '{}' of NIC {}: add {}",
            w.name,
            w.slot + 1,
            w.rule()
        ));
        d.change.forwards_added.push(w.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbox_types::{BootDevice, MachineState};

    fn machine() -> Machine {
        let mut m = Machine::inaccessible("id", "web");
        m.accessible = true;
        m.memory_mb = 512;
        m.cpus = 1;
        m.state = MachineState::PoweredOff;
        m.adapters = (0..8).map(NetworkAdapter::disabled).collect();
        m.adapters[0].enabled = true;
        m.adapters[0].attachment = NetworkAttachmentType::NAT;
        m.adapters[0].mac_address = "080027000001".into();
        m
    }

    fn config(forwards: Vec<PortForward>) -> MachineConfig {
        MachineConfig {
            vram_mb: 8,
            boot_order: BootDevice::DEFAULT_ORDER.to_vec(),
            forwards,
            ..MachineConfig::default()
        }
    }

    #[test]
    fn only_what_differs_is_changed() {
        let mut spec = MachineSpec::new("web", "tmpl");
        spec.memory_mb = Some(2048);
        spec.cpus = Some(1);
        spec.nics = Some(vec![
            NicSpec {
                attachment: Some(NetworkAttachmentType::NAT),
                ..NicSpec::default()
            },
            NicSpec {
                attachment: Some(NetworkAttachmentType::Internal),
                network: Some("lab".into()),
                ..NicSpec::default()
            },
        ]);
        spec.forwarded_ports = Some(vec![PortForward::tcp("ssh", 2222, 22)]);
        let stale = PortForward::tcp("old", 8080, 80);
        let d = difference(&spec, &machine(), Some(&config(vec![stale])));
        assert_eq!(
            d.lines,
            [
                "memory 512 → 2048 MB",
                "NIC 2: none → intnet 'lab'",
                "forward 'old' of NIC 1: remove",
                "forward 'ssh' of NIC 1: add ssh,tcp,,2222,,22"
            ]
        );
        assert_eq!(d.change.cpus, None);
        assert_eq!(d.change.adapters.len(), 1);
        assert_eq!(d.change.forwards_removed.len(), 1);

        // Applied, nothing differs any more.
        let mut m = machine();
        m.memory_mb = 2048;
        m.adapters[1].enabled = true;
        m.adapters[1].attachment = NetworkAttachmentType::Internal;
        m.adapters[1].internal_network = "lab".into();
        let d = difference(
            &spec,
            &m,
            Some(&config(vec![PortForward::tcp("ssh", 2222, 22)])),
        );
        assert!(d.is_empty(), "{:?}", d.lines);
    }

    #[test]
    fn a_changed_forward_is_replaced() {
        let mut spec = MachineSpec::new("web", "tmpl");
        spec.forwarded_ports = Some(vec![PortForward::tcp("ssh", 2200, 22)]);
        let d = difference(
            &spec,
            &machine(),
            Some(&config(vec![PortForward::tcp("ssh", 2222, 22)])),
        );
        assert_eq!(d.change.forwards_removed.len(), 1);
        assert_eq!(d.change.forwards_added[0].host_port, 2200);
    }
}
