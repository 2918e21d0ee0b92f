//! JSON of `modify` and `forward` (documented in `docs/output-schema.md`).

use super::json::AdapterJson;
use serde::Serialize;
use vbox_types::{Machine, MachineConfig, PortForward};

/// One NAT port forward.
#[derive(Debug, Serialize)]
pub struct ForwardJson {
    /// Adapter slot, 0-based (as `adapters` gives it).
    pub slot: u32,
    /// Rule name.
    pub name: String,
    /// `tcp` or `udp`.
    pub protocol: &'static str,
    /// Host address; empty for every address.
    pub host_ip: String,
    /// Host port.
    pub host_port: u16,
    /// Guest address; empty for the guest's DHCP address.
    pub guest_ip: String,
    /// Guest port.
    pub guest_port: u16,
}

impl ForwardJson {
    /// The JSON form of a forward.
    pub fn new(f: &PortForward) -> ForwardJson {
        ForwardJson {
            slot: f.slot,
            name: f.name.clone(),
            protocol: f.protocol.manage_word(),
            host_ip: f.host_ip.clone(),
            host_port: f.host_port,
            guest_ip: f.guest_ip.clone(),
            guest_port: f.guest_port,
        }
    }
}

/// `modify -o json`: the settings `modify` changes, as read back after the change.
#[derive(Debug, Serialize)]
pub struct ModifiedJson {
    pub name: String,
    pub id: String,
    pub memory_mb: u32,
    pub cpus: u32,
    pub vram_mb: u32,
    /// Boot devices, position 1 first (`floppy`, `dvd`, `disk`, `net`, `none`).
    pub boot_order: Vec<&'static str>,
    pub description: String,
    pub groups: Vec<String>,
    /// Enabled adapters.
    pub adapters: Vec<AdapterJson>,
    pub forwards: Vec<ForwardJson>,
}

impl ModifiedJson {
    /// From the machine and its settings.
    pub fn new(m: &Machine, c: &MachineConfig) -> ModifiedJson {
        ModifiedJson {
            name: m.name.clone(),
            id: m.id.clone(),
            memory_mb: m.memory_mb,
            cpus: m.cpus,
            vram_mb: c.vram_mb,
            boot_order: c.boot_order.iter().map(|d| d.manage_word()).collect(),
            description: m.description.clone(),
            groups: m.groups.clone(),
            adapters: m.enabled_adapters().map(AdapterJson::new).collect(),
            forwards: c.forwards.iter().map(ForwardJson::new).collect(),
        }
    }
}
