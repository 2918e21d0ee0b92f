//! Host-only interfaces (and 7.x host-only networks) with their DHCP servers.
//!
//! Which form the host has is version data ([`HostOnlyKind::on_host`]): the operating system
//! is read once from `list hostinfo`, so a Linux host is never sent `list hostonlynets`, which
//! its VBoxManage refuses with its usage (real 7.2.22, exit 2).

use super::ManageBackend;
use crate::{args_hostonly as args, parse};
use vbox_types::{
    host_only_refused, interface_network_name, CreateHostOnly, DhcpRange, Error, ErrorKind,
    HostNetworks, HostOnlyKind, HostOnlyNetwork, Result,
};

impl ManageBackend {
    /// The host's operating system (`list hostinfo`), asked once.
    async fn host_os(&self) -> Result<&str> {
        self.host_os
            .get_or_try_init(|| async {
                let reply = self.quick(args::list("hostinfo")).await?;
                Ok(parse::hostonly::parse_host_os(&reply.stdout))
            })
            .await
            .map(String::as_str)
    }

    /// The host-only forms this host has.
    async fn host_only_kinds(&self) -> Result<&'static [HostOnlyKind]> {
        let api = self.info().await?.api;
        Ok(HostOnlyKind::on_host(api, self.host_os().await?))
    }

    /// `list hostonlyifs` (or `hostonlynets`) and `list dhcpservers`.
    pub(super) async fn host_networks(&self) -> Result<HostNetworks> {
        let mut host_only = Vec::new();
        for kind in self.host_only_kinds().await? {
            let out = self.quick(args::list_kind(*kind)).await?.stdout;
            host_only.extend(match kind {
                HostOnlyKind::Interface => parse::hostonly::parse_hostonlyifs(&out),
                HostOnlyKind::Network => parse::hostonly::parse_hostonlynets(&out),
            });
        }
        let dhcp = self.quick(args::list("dhcpservers")).await?.stdout;
        Ok(HostNetworks::new(
            host_only,
            parse::hostonly::parse_dhcpservers(&dhcp),
        ))
    }

    pub(super) async fn host_only_create(&self, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
        let api = self.info().await?.api;
        let kind = spec.kind_on(api, self.host_os().await?)?;
        let name = match kind {
            HostOnlyKind::Interface => self.create_interface(spec).await?,
            HostOnlyKind::Network => {
                let name = spec.name.as_deref().unwrap_or_default();
                let argv = args::hostonlynet_add(name, &spec.ipv4_mask, spec.dhcp.as_ref());
                self.once(argv).await?;
                name.to_string()
            }
        };
        self.host_networks().await?.created(&name, kind)
    }

    /// `hostonlyif create`, `ipconfig`, then the DHCP server (`modify` when one is already
    /// there: a Linux host keeps the default server of `vboxnet0` without the interface). A
    /// failure after the create removes the interface again.
    async fn create_interface(&self, spec: &CreateHostOnly) -> Result<String> {
        let reply = self
            .once(args::hostonlyif_create())
            .await
            .map_err(host_only_refused)?;
        let name = parse::hostonly::parse_created(&reply.stdout).ok_or_else(|| {
            Error::new(
                ErrorKind::Backend,
                format!("`hostonlyif create` named no interface: {:?}", reply.stdout),
            )
        })?;
        if let Err(e) = self.configure_interface(&name, spec).await {
            let _ = self.once(args::hostonlyif_remove(&name)).await;
            return Err(e);
        }
        Ok(name)
    }

    async fn configure_interface(&self, name: &str, spec: &CreateHostOnly) -> Result<()> {
        self.once(args::hostonlyif_ipconfig(
            name,
            &spec.ipv4_address,
            &spec.ipv4_mask,
        ))
        .await?;
        let Some(range) = &spec.dhcp else {
            return Ok(());
        };
        self.set_dhcp(&interface_network_name(name), &spec.ipv4_mask, range)
            .await
    }

    async fn set_dhcp(&self, network: &str, mask: &str, range: &DhcpRange) -> Result<()> {
        let dhcp = self.quick(args::list("dhcpservers")).await?.stdout;
        let exists = parse::hostonly::parse_dhcpservers(&dhcp)
            .iter()
            .any(|d| d.network_name == network);
        let verb = if exists { "modify" } else { "add" };
        self.once(args::dhcpserver_set(verb, network, mask, range))
            .await
            .map(drop)
    }

    pub(super) async fn host_only_remove(&self, name: &str) -> Result<()> {
        let networks = self.host_networks().await?;
        let found = networks.existing(name)?;
        match found.kind {
            HostOnlyKind::Network => self.once(args::hostonlynet_remove(name)).await?,
            HostOnlyKind::Interface => {
                self.once(args::hostonlyif_remove(name)).await?;
                if found.dhcp_server.is_some() {
                    self.once(args::dhcpserver_remove(&found.network_name))
                        .await?;
                }
                return Ok(());
            }
        };
        Ok(())
    }
}
