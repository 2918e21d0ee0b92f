//! Host-only networking as the `Backend` asks for it: one listing, a create that configures
//! the interface and its DHCP server in one transaction (and so leaves nothing when it fails),
//! and a remove that takes the DHCP server along. The SOAP server and the emulator call the
//! model's finer operations (one per API call or VBoxManage command) through the same
//! [`Engine::write`].

use super::Engine;
use crate::model::hostonly::HOST_OS;
use crate::model::Registry;
use vbox_types::{
    host_only_not_found, interface_network_name, CreateHostOnly, HostNetworks, HostOnlyKind,
    HostOnlyNetwork, Result,
};

/// Every interface (with its DHCP server) and every DHCP server.
pub(crate) fn listing(reg: &Registry) -> HostNetworks {
    HostNetworks::new(
        reg.host_net.interfaces.iter().map(|i| i.view()).collect(),
        reg.host_net.dhcp_servers.clone(),
    )
}

impl Engine {
    /// [`listing`], read without writing.
    pub(crate) fn host_networks(&self) -> Result<HostNetworks> {
        self.read(|reg, _| Ok(listing(reg)))
    }

    /// Create an interface with its address and DHCP server (the simulated host is Linux:
    /// no 7.x host-only networks).
    pub(crate) fn create_host_only(&self, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
        spec.kind_on(self.options().api, HOST_OS)?;
        self.write(|reg, _| {
            let before = reg.host_net.clone();
            let made = configure(reg, spec);
            if made.is_err() {
                reg.host_net = before;
            }
            made
        })
    }

    /// Remove an interface and its DHCP server.
    pub(crate) fn remove_host_only(&self, name: &str) -> Result<()> {
        self.write(|reg, _| {
            let id = reg
                .interface(name)
                .map_err(|_| host_only_not_found(name))?
                .id
                .clone();
            reg.remove_interface(&id)?;
            let network = interface_network_name(name);
            if reg.dhcp(&network).is_some() {
                reg.remove_dhcp(&network)?;
            }
            Ok(())
        })
    }
}

fn configure(reg: &mut Registry, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
    let name = reg
        .create_interface()
        .map_err(vbox_types::host_only_refused)?;
    reg.set_interface_ip(&name, &spec.ipv4_address, &spec.ipv4_mask)?;
    if let Some(range) = &spec.dhcp {
        let network = interface_network_name(&name);
        if reg.dhcp(&network).is_none() {
            reg.create_dhcp(&network)?;
        }
        reg.edit_dhcp(&network, |d| {
            d.server_ip = range.server_ip.clone();
            d.network_mask = spec.ipv4_mask.clone();
            d.lower_ip = range.lower_ip.clone();
            d.upper_ip = range.upper_ip.clone();
            d.enabled = true;
        })?;
    }
    listing(reg).created(&name, HostOnlyKind::Interface)
}
