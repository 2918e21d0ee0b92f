//! A profile's machine settings that `up` converges: `nics` and `forwarded_ports` (arrays of
//! tables), beside `memory`, `cpus` and `description` of [`crate::profile`].
//!
//! ```toml
//! [[profiles.web.nics]]          # NIC 1
//! type = "nat"
//! [[profiles.web.nics]]          # NIC 2
//! type = "intnet"
//! network = "lab"
//! adapter_type = "virtio"
//!
//! [[profiles.web.forwarded_ports]]   # Vagrant's forwarded_port
//! guest = 22
//! host = 2222
//! id = "ssh"                     # default: protocol + guest port ("tcp22")
//! ```

use crate::diagnostic::Result;
use crate::reader::Table;
use vbox_ops::fleet::converge::NicSpec;
use vbox_ops::fleet::MachineSpec;
use vbox_types::{NatProtocol, NetworkAdapterType, NetworkAttachmentType, PortForward};

/// The keys of a `nics` entry.
pub const NIC_KEYS: &[&str] = &["type", "network", "adapter_type", "mac", "cable"];
/// The keys of a `forwarded_ports` entry (Vagrant's names; `adapter` counts NICs from 1).
pub const FORWARD_KEYS: &[&str] = &[
    "guest", "host", "id", "protocol", "host_ip", "guest_ip", "adapter",
];

/// Read `nics` and `forwarded_ports` into `spec`.
pub(crate) fn parse_settings(table: &Table<'_>, spec: &mut MachineSpec) -> Result<()> {
    if table.table.get("nics").is_some() {
        let mut nics = Vec::new();
        for t in empty_or_tables(table, "nics")? {
            nics.push(parse_nic(&t)?);
        }
        spec.nics = Some(nics);
    }
    if table.table.get("forwarded_ports").is_some() {
        let mut forwards: Vec<PortForward> = Vec::new();
        for t in empty_or_tables(table, "forwarded_ports")? {
            let f = parse_forward(&t)?;
            if forwards
                .iter()
                .any(|o| o.slot == f.slot && o.name == f.name)
            {
                return Err(t.error(
                    "id",
                    format!(
                        "a second forward named \"{}\" on NIC {}",
                        f.name,
                        f.slot + 1
                    ),
                    Some("give each forward its own id".into()),
                ));
            }
            if let Some(o) = forwards.iter().find(|o| o.collides_with(&f)) {
                return Err(t.error(
                    "host",
                    format!(
                        "host port {} is already forwarded by \"{}\"",
                        f.host_port, o.name
                    ),
                    None,
                ));
            }
            forwards.push(f);
        }
        spec.forwarded_ports = Some(forwards);
    }
    crate::storage_keys::parse_storage_keys(table, spec)
}

/// `key = []` (none wanted) or `[[…key]]` tables.
pub(crate) fn empty_or_tables<'a>(table: &Table<'a>, key: &str) -> Result<Vec<Table<'a>>> {
    let empty = table
        .table
        .get(key)
        .and_then(|i| i.as_array())
        .is_some_and(|a| a.is_empty());
    if empty {
        return Ok(Vec::new());
    }
    table.table_array(key)
}

fn parse_nic(t: &Table<'_>) -> Result<NicSpec> {
    t.check_keys(NIC_KEYS, |_| None)?;
    let kinds = [
        ("nat", NetworkAttachmentType::NAT),
        ("bridged", NetworkAttachmentType::Bridged),
        ("hostonly", NetworkAttachmentType::HostOnly),
        ("hostonlynet", NetworkAttachmentType::HostOnlyNetwork),
        ("intnet", NetworkAttachmentType::Internal),
        ("natnetwork", NetworkAttachmentType::NATNetwork),
        ("generic", NetworkAttachmentType::Generic),
        ("none", NetworkAttachmentType::Null),
    ];
    let kind = t.required_string(
        "type",
        "type (nat, bridged, hostonly, hostonlynet, intnet, natnetwork, generic or none)",
    )?;
    let Some((_, attachment)) = kinds
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(kind.value.trim()))
    else {
        let legal: Vec<&str> = kinds.iter().map(|(w, _)| *w).collect();
        return Err(t.error(
            "type",
            format!(
                "illegal value \"{}\"; legal values are: {}",
                kind.value,
                legal.join(", ")
            ),
            None,
        ));
    };
    let network = t.string("network")?.map(|s| s.value);
    let needs_network = !matches!(
        attachment,
        NetworkAttachmentType::NAT | NetworkAttachmentType::Null
    );
    if needs_network && network.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(t.error(
            "type",
            format!(
                "a {} NIC needs network = \"…\" (the interface or network it joins)",
                kind.value
            ),
            None,
        ));
    }
    let adapter_type = match t.string("adapter_type")? {
        None => None,
        Some(s) => Some(NetworkAdapterType::from_manage_word(s.value.trim()).ok_or_else(|| {
            t.error(
                "adapter_type",
                format!("unknown card \"{}\"; known: Am79C970A, Am79C973, 82540EM, 82543GC, 82545EM, virtio", s.value),
                None,
            )
        })?),
    };
    let mac_address = match t.string("mac")? {
        None => None,
        Some(s) => {
            let hex: String = s
                .value
                .chars()
                .filter(|c| !matches!(c, ':' | '-'))
                .collect();
            if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(t.error(
                    "mac",
                    format!("\"{}\" is not a MAC address (12 hex digits)", s.value),
                    None,
                ));
            }
            Some(hex.to_ascii_uppercase())
        }
    };
    Ok(NicSpec {
        attachment: Some(*attachment),
        network,
        adapter_type,
        mac_address,
        cable_connected: t.bool("cable")?,
    })
}

fn parse_forward(t: &Table<'_>) -> Result<PortForward> {
    t.check_keys(FORWARD_KEYS, |_| None)?;
    let port = |key: &str| -> Result<u16> {
        match t.integer(key, 1..=65535, "a port")? {
            Some(n) => Ok(n as u16),
            None => Err(t.src.error(
                t.at,
                Some(&t.key_path(key)),
                format!("missing: {key} (a port)"),
                None,
            )),
        }
    };
    let (guest_port, host_port) = (port("guest")?, port("host")?);
    let protocol = match t.string("protocol")? {
        None => NatProtocol::Tcp,
        Some(s) => NatProtocol::parse(&s.value).ok_or_else(|| {
            t.error(
                "protocol",
                format!("\"{}\" is not tcp or udp", s.value),
                None,
            )
        })?,
    };
    let slot = t
        .integer("adapter", 1..=36, "a NIC number from 1")?
        .unwrap_or(1) as u32
        - 1;
    let name = match t.string("id")? {
        Some(s) if s.value.is_empty() || s.value.contains(',') => {
            return Err(t.error("id", "an id must be non-empty and without commas", None))
        }
        Some(s) => s.value,
        // Vagrant names a forward after its protocol and guest port.
        None => format!("{}{guest_port}", protocol.manage_word()),
    };
    Ok(PortForward {
        slot,
        name,
        protocol,
        host_ip: t.string("host_ip")?.map(|s| s.value).unwrap_or_default(),
        host_port,
        guest_ip: t.string("guest_ip")?.map(|s| s.value).unwrap_or_default(),
        guest_port,
    })
}
