//! JSON of `hostonly` (documented in `docs/output-schema.md`).

use serde::Serialize;
use vbox_types::{DhcpServer, HostNetworks, HostOnlyNetwork};

/// A DHCP server.
#[derive(Debug, Serialize)]
pub struct DhcpJson {
    /// The internal network it serves (`HostInterfaceNetworking-vboxnet0`).
    pub network_name: String,
    pub server_ip: String,
    pub network_mask: String,
    pub lower_ip: String,
    pub upper_ip: String,
    pub enabled: bool,
}

impl DhcpJson {
    /// The JSON form of a server.
    pub fn new(d: &DhcpServer) -> DhcpJson {
        DhcpJson {
            network_name: d.network_name.clone(),
            server_ip: d.server_ip.clone(),
            network_mask: d.network_mask.clone(),
            lower_ip: d.lower_ip.clone(),
            upper_ip: d.upper_ip.clone(),
            enabled: d.enabled,
        }
    }
}

/// A host-only interface or network.
#[derive(Debug, Serialize)]
pub struct HostOnlyJson {
    pub name: String,
    /// `interface` or `network`.
    pub kind: &'static str,
    pub network_name: String,
    pub ipv4_address: String,
    pub ipv4_mask: String,
    pub ipv6_address: String,
    pub ipv6_prefix_length: u32,
    pub dhcp_enabled: bool,
    pub status: String,
    pub dhcp_server: Option<DhcpJson>,
}

impl HostOnlyJson {
    /// The JSON form of an interface or network.
    pub fn new(h: &HostOnlyNetwork) -> HostOnlyJson {
        HostOnlyJson {
            name: h.name.clone(),
            kind: h.kind.as_str(),
            network_name: h.network_name.clone(),
            ipv4_address: h.ipv4_address.clone(),
            ipv4_mask: h.ipv4_mask.clone(),
            ipv6_address: h.ipv6_address.clone(),
            ipv6_prefix_length: h.ipv6_prefix_length,
            dhcp_enabled: h.dhcp_enabled,
            status: h.status.clone(),
            dhcp_server: h.dhcp_server.as_ref().map(DhcpJson::new),
        }
    }
}

/// `hostonly list -o json`.
#[derive(Debug, Serialize)]
pub struct HostNetworksJson {
    pub host_only: Vec<HostOnlyJson>,
    pub dhcp_servers: Vec<DhcpJson>,
}

impl HostNetworksJson {
    /// The JSON form of a listing.
    pub fn new(n: &HostNetworks) -> HostNetworksJson {
        HostNetworksJson {
            host_only: n.host_only.iter().map(HostOnlyJson::new).collect(),
            dhcp_servers: n.dhcp_servers.iter().map(DhcpJson::new).collect(),
        }
    }
}
