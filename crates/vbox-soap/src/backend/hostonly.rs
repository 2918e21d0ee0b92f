//! Host-only interfaces (`IHost`, `IHostNetworkInterface`), 7.x host-only networks
//! (`IHostOnlyNetwork`, macOS hosts only) and DHCP servers (`IDHCPServer`).
//!
//! Which form the host has is version data ([`HostOnlyKind::on_host`], with
//! `IHost.operatingSystem` read once): a Linux 7.2.22 vboxwebsrv answers E_NOTIMPL to every
//! `IHostOnlyNetwork` call, so it is never asked. Its `createHostOnlyNetworkInterface` returns a
//! progress that fails at once when the vboxnetadp driver is missing (real 7.2.22, see
//! `fixtures/README.md`).

use vbox_types::{
    host_only_refused, hostonlynet_network_name, CreateHostOnly, DhcpRange, DhcpServer, ErrorKind,
    HostNetworks, HostOnlyKind, HostOnlyNetwork, Result,
};

use super::SoapBackend;
use crate::{Elements, Param};
use futures::future::BoxFuture;

impl SoapBackend {
    async fn host(&self) -> Result<String> {
        let vbox = self.client.vbox().await?;
        self.client.get("IVirtualBox_getHost", &vbox).await
    }

    async fn host_only_kinds(&self) -> Result<&'static [HostOnlyKind]> {
        let api = self.api().await?;
        let os = self
            .host_os
            .get_or_try_init(|| async {
                let host = self.host().await?;
                let os = self.client.get("IHost_getOperatingSystem", &host).await;
                self.client.release([&host]).await;
                os
            })
            .await?;
        Ok(HostOnlyKind::on_host(api, os))
    }

    /// The references an array getter or finder returns.
    pub(super) async fn refs(&self, op: &str, params: Vec<Param>) -> Result<Vec<String>> {
        let r = self.client.call(op, params).await?;
        Ok(r.all("returnval").into_iter().map(str::to_string).collect())
    }

    /// Each reference read with `read`, one after the other, then all released.
    pub(super) async fn read_refs<'a, T>(
        &'a self,
        refs: &'a [String],
        read: impl Fn(&'a str) -> BoxFuture<'a, Result<T>>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            out.push(read(r).await);
        }
        self.client.release(refs).await;
        out.into_iter().collect()
    }

    pub(super) async fn host_networks(&self) -> Result<HostNetworks> {
        let mut host_only = Vec::new();
        for kind in self.host_only_kinds().await? {
            host_only.extend(match kind {
                HostOnlyKind::Interface => self.interfaces().await?,
                HostOnlyKind::Network => self.hostonlynets().await?,
            });
        }
        let vbox = self.client.vbox().await?;
        let servers = self
            .refs(
                "IVirtualBox_getDHCPServers",
                vec![Param::value("_this", &vbox)],
            )
            .await?;
        let dhcp = self
            .read_refs(&servers, |s| Box::pin(self.read_dhcp(s)))
            .await?;
        Ok(HostNetworks::new(host_only, dhcp))
    }

    async fn interfaces(&self) -> Result<Vec<HostOnlyNetwork>> {
        let host = self.host().await?;
        let ifs = self
            .refs(
                "IHost_findHostNetworkInterfacesOfType",
                vec![
                    Param::value("_this", &host),
                    Param::value("type", "HostOnly"),
                ],
            )
            .await;
        self.client.release([&host]).await;
        let ifs = ifs?;
        self.read_refs(&ifs, |i| Box::pin(self.read_interface(i)))
            .await
    }

    async fn read_interface(&self, i: &str) -> Result<HostOnlyNetwork> {
        let c = &self.client;
        let (name, network_name, ip, mask, ip6, prefix, dhcp, status) = futures::try_join!(
            c.get("IHostNetworkInterface_getName", i),
            c.get("IHostNetworkInterface_getNetworkName", i),
            c.get("IHostNetworkInterface_getIPAddress", i),
            c.get("IHostNetworkInterface_getNetworkMask", i),
            c.get("IHostNetworkInterface_getIPV6Address", i),
            c.get("IHostNetworkInterface_getIPV6NetworkMaskPrefixLength", i),
            c.get("IHostNetworkInterface_getDHCPEnabled", i),
            c.get("IHostNetworkInterface_getStatus", i),
        )?;
        Ok(HostOnlyNetwork {
            name,
            kind: HostOnlyKind::Interface,
            network_name,
            ipv4_address: ip,
            ipv4_mask: mask,
            ipv6_address: ip6,
            ipv6_prefix_length: prefix.parse().unwrap_or(0),
            dhcp_enabled: dhcp == "true",
            status,
            dhcp_server: None,
        })
    }

    async fn hostonlynets(&self) -> Result<Vec<HostOnlyNetwork>> {
        let vbox = self.client.vbox().await?;
        let nets = self
            .refs(
                "IVirtualBox_getHostOnlyNetworks",
                vec![Param::value("_this", &vbox)],
            )
            .await?;
        self.read_refs(&nets, |n| Box::pin(self.read_hostonlynet(n)))
            .await
    }

    async fn read_hostonlynet(&self, n: &str) -> Result<HostOnlyNetwork> {
        let c = &self.client;
        let (name, mask, lower, upper, enabled) = futures::try_join!(
            c.get("IHostOnlyNetwork_getNetworkName", n),
            c.get("IHostOnlyNetwork_getNetworkMask", n),
            c.get("IHostOnlyNetwork_getLowerIP", n),
            c.get("IHostOnlyNetwork_getUpperIP", n),
            c.get("IHostOnlyNetwork_getEnabled", n),
        )?;
        let enabled = enabled == "true";
        let network_name = hostonlynet_network_name(&name);
        Ok(HostOnlyNetwork {
            name,
            kind: HostOnlyKind::Network,
            network_name: network_name.clone(),
            ipv4_mask: mask.clone(),
            dhcp_enabled: enabled,
            status: if enabled { "Enabled" } else { "Disabled" }.into(),
            dhcp_server: Some(DhcpServer {
                network_name,
                network_mask: mask,
                lower_ip: lower,
                upper_ip: upper,
                enabled,
                ..DhcpServer::default()
            }),
            ..HostOnlyNetwork::default()
        })
    }

    async fn read_dhcp(&self, s: &str) -> Result<DhcpServer> {
        let c = &self.client;
        let (network_name, server_ip, network_mask, lower_ip, upper_ip, enabled) = futures::try_join!(
            c.get("IDHCPServer_getNetworkName", s),
            c.get("IDHCPServer_getIPAddress", s),
            c.get("IDHCPServer_getNetworkMask", s),
            c.get("IDHCPServer_getLowerIP", s),
            c.get("IDHCPServer_getUpperIP", s),
            c.get("IDHCPServer_getEnabled", s),
        )?;
        Ok(DhcpServer {
            network_name,
            server_ip,
            network_mask,
            lower_ip,
            upper_ip,
            enabled: enabled == "true",
        })
    }

    pub(super) async fn host_only_create(&self, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
        self.host_only_kinds().await?;
        let os = self.host_os.get().map(String::as_str).unwrap_or_default();
        let kind = spec.kind_on(self.api().await?, os)?;
        let name = match kind {
            HostOnlyKind::Interface => self.create_interface(spec).await?,
            HostOnlyKind::Network => self.create_hostonlynet(spec).await?,
        };
        self.host_networks().await?.created(&name, kind)
    }

    /// `IHost.createHostOnlyNetworkInterface` and its progress, the static address, then the
    /// DHCP server; a failure after the interface exists removes it again.
    async fn create_interface(&self, spec: &CreateHostOnly) -> Result<String> {
        let host = self.host().await?;
        let r = self
            .client
            .call(
                "IHost_createHostOnlyNetworkInterface",
                vec![Param::value("_this", &host)],
            )
            .await;
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                self.client.release([&host]).await;
                return Err(host_only_refused(e));
            }
        };
        let iface = r.get("hostInterface").unwrap_or_default().to_string();
        let progress = r.returnval().unwrap_or_default().to_string();
        let waited = self
            .wait(&progress, "create a host-only interface")
            .await
            .map_err(host_only_refused);
        let made = match waited {
            Ok(()) => self.configure_interface(&iface, spec).await,
            Err(e) => Err(e),
        };
        let result = match made {
            Ok(name) => Ok(name),
            Err(e) => {
                if !iface.is_empty() {
                    let _ = self.remove_interface_ref(&host, &iface).await;
                }
                Err(e)
            }
        };
        self.client.release([&iface, &host]).await;
        result
    }

    async fn configure_interface(&self, iface: &str, spec: &CreateHostOnly) -> Result<String> {
        let name = self
            .client
            .get("IHostNetworkInterface_getName", iface)
            .await?;
        self.call0(
            "IHostNetworkInterface_enableStaticIPConfig",
            vec![
                Param::value("_this", iface),
                Param::value("IPAddress", &spec.ipv4_address),
                Param::value("networkMask", &spec.ipv4_mask),
            ],
        )
        .await?;
        if let Some(range) = &spec.dhcp {
            let network = self
                .client
                .get("IHostNetworkInterface_getNetworkName", iface)
                .await?;
            self.set_dhcp(&network, &spec.ipv4_mask, range).await?;
        }
        Ok(name)
    }

    /// The DHCP server of `network`, made when missing (a Linux host keeps the default server
    /// of `vboxnet0` without the interface), configured and enabled.
    async fn set_dhcp(&self, network: &str, mask: &str, range: &DhcpRange) -> Result<()> {
        let server = match self.find_dhcp(network).await? {
            Some(s) => s,
            None => {
                let vbox = self.client.vbox().await?;
                let r = self
                    .client
                    .call(
                        "IVirtualBox_createDHCPServer",
                        vec![Param::value("_this", &vbox), Param::value("name", network)],
                    )
                    .await?;
                r.returnval().unwrap_or_default().to_string()
            }
        };
        let configured = self
            .call0(
                "IDHCPServer_setConfiguration",
                vec![
                    Param::value("_this", &server),
                    Param::value("IPAddress", &range.server_ip),
                    Param::value("networkMask", mask),
                    Param::value("FromIPAddress", &range.lower_ip),
                    Param::value("ToIPAddress", &range.upper_ip),
                ],
            )
            .await;
        let enabled = match configured {
            Ok(()) => {
                self.call0(
                    "IDHCPServer_setEnabled",
                    vec![
                        Param::value("_this", &server),
                        Param::value("enabled", true),
                    ],
                )
                .await
            }
            Err(e) => Err(e),
        };
        self.client.release([&server]).await;
        enabled
    }

    /// The DHCP server of `network`, `None` when it has none (the real 7.2.22 answers
    /// E_INVALIDARG without a text then).
    async fn find_dhcp(&self, network: &str) -> Result<Option<String>> {
        let vbox = self.client.vbox().await?;
        let r = self
            .client
            .call(
                "IVirtualBox_findDHCPServerByNetworkName",
                vec![Param::value("_this", &vbox), Param::value("name", network)],
            )
            .await;
        match r {
            Ok(r) => Ok(r.returnval().filter(|s| !s.is_empty()).map(str::to_string)),
            Err(e) if matches!(e.kind(), ErrorKind::InvalidInput | ErrorKind::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn create_hostonlynet(&self, spec: &CreateHostOnly) -> Result<String> {
        let name = spec.name.clone().unwrap_or_default();
        let vbox = self.client.vbox().await?;
        let r = self
            .client
            .call(
                "IVirtualBox_createHostOnlyNetwork",
                vec![
                    Param::value("_this", &vbox),
                    Param::value("networkName", &name),
                ],
            )
            .await?;
        let net = r.returnval().unwrap_or_default().to_string();
        let mut sets = vec![("setNetworkMask", "networkMask", spec.ipv4_mask.clone())];
        if let Some(range) = &spec.dhcp {
            sets.push(("setLowerIP", "lowerIP", range.lower_ip.clone()));
            sets.push(("setUpperIP", "upperIP", range.upper_ip.clone()));
        }
        let mut result = Ok(());
        for (op, param, value) in sets {
            result = self
                .call0(
                    &format!("IHostOnlyNetwork_{op}"),
                    vec![Param::value("_this", &net), Param::value(param, value)],
                )
                .await;
            if result.is_err() {
                break;
            }
        }
        if result.is_ok() {
            result = self
                .call0(
                    "IHostOnlyNetwork_setEnabled",
                    vec![
                        Param::value("_this", &net),
                        Param::value("enabled", spec.dhcp.is_some()),
                    ],
                )
                .await;
        }
        if result.is_err() {
            let _ = self
                .call0(
                    "IVirtualBox_removeHostOnlyNetwork",
                    vec![Param::value("_this", &vbox), Param::value("network", &net)],
                )
                .await;
        }
        self.client.release([&net]).await;
        result.map(|()| name)
    }

    async fn remove_interface_ref(&self, host: &str, iface: &str) -> Result<()> {
        let id = self
            .client
            .get("IHostNetworkInterface_getId", iface)
            .await?;
        let r = self
            .client
            .call(
                "IHost_removeHostOnlyNetworkInterface",
                vec![Param::value("_this", host), Param::value("id", id)],
            )
            .await?;
        let progress = r.returnval().unwrap_or_default().to_string();
        self.wait(&progress, "remove a host-only interface").await
    }

    pub(super) async fn host_only_remove(&self, name: &str) -> Result<()> {
        let networks = self.host_networks().await?;
        let found = networks.existing(name)?;
        let vbox = self.client.vbox().await?;
        if found.kind == HostOnlyKind::Network {
            let r = self
                .client
                .call(
                    "IVirtualBox_findHostOnlyNetworkByName",
                    vec![
                        Param::value("_this", &vbox),
                        Param::value("networkName", name),
                    ],
                )
                .await?;
            let net = r.returnval().unwrap_or_default().to_string();
            let removed = self
                .call0(
                    "IVirtualBox_removeHostOnlyNetwork",
                    vec![Param::value("_this", &vbox), Param::value("network", &net)],
                )
                .await;
            self.client.release([&net]).await;
            return removed;
        }
        let host = self.host().await?;
        let iface = self
            .client
            .call(
                "IHost_findHostNetworkInterfaceByName",
                vec![Param::value("_this", &host), Param::value("name", name)],
            )
            .await;
        let removed = match iface {
            Ok(r) => {
                let iface = r.returnval().unwrap_or_default().to_string();
                let removed = self.remove_interface_ref(&host, &iface).await;
                self.client.release([&iface]).await;
                removed
            }
            Err(e) => Err(e),
        };
        self.client.release([&host]).await;
        removed?;
        if let Some(server) = self.find_dhcp(&found.network_name).await? {
            let removed = self
                .call0(
                    "IVirtualBox_removeDHCPServer",
                    vec![
                        Param::value("_this", &vbox),
                        Param::value("server", &server),
                    ],
                )
                .await;
            self.client.release([&server]).await;
            removed?;
        }
        Ok(())
    }
}
