//! The host's host-only interfaces and VirtualBox's DHCP servers.
//!
//! The simulated host is a Linux one, as the real 7.2.22 host of the project: a fresh home has
//! no host-only interface but the default DHCP server of `HostInterfaceNetworking-vboxnet0`
//! (192.168.56.100, .101–.254), and there are no 7.x host-only networks (macOS builds only).
//! Unlike that host, the simulator can create interfaces, so that automation can be tried;
//! the global extradata key [`crate::keys::NO_HOST_ONLY_DRIVER`] makes creation fail as the
//! real host does without the vboxnetadp kernel driver.

use super::errors;
use super::Registry;
use crate::keys;
use serde::{Deserialize, Serialize};
use vbox_types::{interface_network_name, DhcpServer, HostOnlyKind, HostOnlyNetwork, Result};

/// What `IHost.operatingSystem` and `list hostinfo` say: the simulated host is a Linux one.
pub(crate) const HOST_OS: &str = "Linux";

/// A host-only interface (`vboxnetN`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Interface {
    pub name: String,
    /// `IHostNetworkInterface.id`.
    pub id: String,
    pub ipv4_address: String,
    pub ipv4_mask: String,
}

/// The host's networking: interfaces and DHCP servers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HostNet {
    #[serde(default)]
    pub interfaces: Vec<Interface>,
    #[serde(default = "default_dhcp")]
    pub dhcp_servers: Vec<DhcpServer>,
}

impl Default for HostNet {
    fn default() -> HostNet {
        HostNet {
            interfaces: Vec::new(),
            dhcp_servers: default_dhcp(),
        }
    }
}

/// The DHCP server every new VirtualBox home has (real 7.2.22, `list dhcpservers`).
fn default_dhcp() -> Vec<DhcpServer> {
    vec![DhcpServer {
        network_name: interface_network_name("vboxnet0"),
        server_ip: "192.168.56.100".into(),
        network_mask: "255.255.255.0".into(),
        lower_ip: "192.168.56.101".into(),
        upper_ip: "192.168.56.254".into(),
        enabled: true,
    }]
}

impl Interface {
    /// As the API and `list hostonlyifs` show it (the simulated interface is up, without
    /// IPv6 and without DHCP of its own).
    pub(crate) fn view(&self) -> HostOnlyNetwork {
        HostOnlyNetwork {
            name: self.name.clone(),
            kind: HostOnlyKind::Interface,
            network_name: interface_network_name(&self.name),
            ipv4_address: self.ipv4_address.clone(),
            ipv4_mask: self.ipv4_mask.clone(),
            status: "Up".into(),
            ..HostOnlyNetwork::default()
        }
    }

    /// `HardwareAddress` of `list hostonlyifs`: VirtualBox's `0a:00:27:00:00:NN`.
    pub(crate) fn mac(&self) -> String {
        let n: u32 = self.name.trim_start_matches("vboxnet").parse().unwrap_or(0);
        format!("0a:00:27:00:00:{:02x}", n % 256)
    }
}

impl Registry {
    /// Whether the simulated host lacks the vboxnetadp driver (the global fault key).
    pub(crate) fn host_only_driver_missing(&self) -> bool {
        self.global_extradata
            .get(keys::NO_HOST_ONLY_DRIVER)
            .is_some_and(|v| crate::model::faults::is_true(v))
    }

    /// `IHost::createHostOnlyNetworkInterface`: the next free `vboxnetN` with VirtualBox's
    /// address for it (192.168.(56+N).1/24). Fails as the real host without the driver does.
    pub(crate) fn create_interface(&mut self) -> Result<String> {
        if self.host_only_driver_missing() {
            return Err(errors::no_vboxnetctl());
        }
        let taken = |n: u32| {
            self.host_net
                .interfaces
                .iter()
                .any(|i| i.name == format!("vboxnet{n}"))
        };
        let n = (0..).find(|n| !taken(*n)).unwrap_or(0);
        let name = format!("vboxnet{n}");
        self.host_net.interfaces.push(Interface {
            name: name.clone(),
            id: super::new_uuid(),
            ipv4_address: format!("192.168.{}.1", 56 + n.min(199)),
            ipv4_mask: "255.255.255.0".into(),
        });
        Ok(name)
    }

    /// `IHost::findHostNetworkInterfaceByName` (host-only ones: the simulated host has no
    /// other).
    pub(crate) fn interface(&self, name: &str) -> Result<&Interface> {
        self.host_net
            .interfaces
            .iter()
            .find(|i| i.name == name)
            .ok_or_else(|| errors::no_host_interface(name))
    }

    /// `IHostNetworkInterface::enableStaticIPConfig`.
    pub(crate) fn set_interface_ip(&mut self, name: &str, ip: &str, mask: &str) -> Result<()> {
        self.interface(name)?;
        let i = self
            .host_net
            .interfaces
            .iter_mut()
            .find(|i| i.name == name)
            .ok_or_else(|| errors::no_host_interface(name))?;
        i.ipv4_address = ip.to_string();
        i.ipv4_mask = mask.to_string();
        Ok(())
    }

    /// `IHost::removeHostOnlyNetworkInterface` by id. Its DHCP server stays, as in VirtualBox.
    pub(crate) fn remove_interface(&mut self, id: &str) -> Result<()> {
        let before = self.host_net.interfaces.len();
        self.host_net.interfaces.retain(|i| i.id != id);
        if self.host_net.interfaces.len() == before {
            return Err(errors::no_host_interface_id(id));
        }
        Ok(())
    }

    /// The DHCP server of `network`.
    pub(crate) fn dhcp(&self, network: &str) -> Option<&DhcpServer> {
        self.host_net
            .dhcp_servers
            .iter()
            .find(|d| d.network_name == network)
    }

    /// `IVirtualBox::createDHCPServer` (disabled, unconfigured, as VirtualBox makes one).
    pub(crate) fn create_dhcp(&mut self, network: &str) -> Result<()> {
        if self.dhcp(network).is_some() {
            return Err(errors::dhcp_exists(network));
        }
        self.host_net.dhcp_servers.push(DhcpServer {
            network_name: network.to_string(),
            ..DhcpServer::default()
        });
        Ok(())
    }

    /// `IDHCPServer` setters: change the server of `network`.
    pub(crate) fn edit_dhcp(
        &mut self,
        network: &str,
        f: impl FnOnce(&mut DhcpServer),
    ) -> Result<()> {
        let d = self
            .host_net
            .dhcp_servers
            .iter_mut()
            .find(|d| d.network_name == network)
            .ok_or_else(|| errors::no_dhcp(network))?;
        f(d);
        Ok(())
    }

    /// `IVirtualBox::removeDHCPServer`.
    pub(crate) fn remove_dhcp(&mut self, network: &str) -> Result<()> {
        self.dhcp(network).ok_or_else(|| errors::no_dhcp(network))?;
        self.host_net
            .dhcp_servers
            .retain(|d| d.network_name != network);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_host_is_the_real_linux_one() {
        let reg = Registry::default();
        assert!(reg.host_net.interfaces.is_empty());
        assert_eq!(reg.host_net.dhcp_servers, default_dhcp());
        let old: Registry = serde_json::from_str("{\"format\":1}").unwrap();
        assert_eq!(old.host_net, HostNet::default());
    }

    #[test]
    fn interfaces_are_numbered_and_removed_by_id() {
        let mut reg = Registry::default();
        assert_eq!(reg.create_interface().unwrap(), "vboxnet0");
        assert_eq!(reg.create_interface().unwrap(), "vboxnet1");
        assert_eq!(
            reg.interface("vboxnet1").unwrap().ipv4_address,
            "192.168.57.1"
        );
        let id = reg.interface("vboxnet0").unwrap().id.clone();
        reg.remove_interface(&id).unwrap();
        assert_eq!(reg.create_interface().unwrap(), "vboxnet0");
        assert!(reg.remove_interface(&id).is_err());
    }

    #[test]
    fn the_missing_driver_refuses_as_the_real_host() {
        let mut reg = Registry::default();
        reg.global_extradata
            .insert(keys::NO_HOST_ONLY_DRIVER.into(), "1".into());
        let e = reg.create_interface().unwrap_err();
        assert!(e.message().contains("/dev/vboxnetctl"));
        assert!(reg.host_net.interfaces.is_empty());
    }
}
