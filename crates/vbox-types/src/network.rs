//! Host-only networking: the host's host-only interfaces (`hostonlyif`, every version and
//! platform) and 7.x host-only networks (`hostonlynet`, `IHostOnlyNetwork`: macOS builds only),
//! with the DHCP servers VirtualBox runs on them.
//!
//! Real 7.2.22 on a Linux host without the `vboxnetadp` kernel module (the project's real host):
//! `list hostonlyifs` prints nothing, `list dhcpservers` still shows the default server of
//! `HostInterfaceNetworking-vboxnet0` (192.168.56.100, .101–.254), and `hostonlyif create` fails
//! with "VBoxNetAdpCtl: Error while adding new interface: failed to open /dev/vboxnetctl: No such
//! file or directory" (NS_ERROR_FAILURE). `hostonlynet` is an unknown command there and the web
//! service answers E_NOTIMPL to `IVirtualBox_getHostOnlyNetworks`.

use crate::{ApiVersion, Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};

/// Which of VirtualBox's two host-only forms a network is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostOnlyKind {
    /// A host network interface (`vboxnet0`; `VBoxManage hostonlyif`, `IHostNetworkInterface`).
    #[default]
    Interface,
    /// A 7.x host-only network (`VBoxManage hostonlynet`, `IHostOnlyNetwork`), macOS only.
    Network,
}

impl HostOnlyKind {
    /// The word of `--kind` and of the JSON output (`interface`, `network`).
    pub fn as_str(self) -> &'static str {
        match self {
            HostOnlyKind::Interface => "interface",
            HostOnlyKind::Network => "network",
        }
    }

    /// The kinds a host has, as version data: 7.0 brought host-only networks, and only its
    /// macOS builds have them (a Linux 7.2.22 `VBoxManage` calls `hostonlynet` an invalid
    /// command, its web service answers E_NOTIMPL); interfaces exist everywhere but on macOS
    /// 7.x, where host-only networks replaced them.
    pub fn on_host(api: ApiVersion, host_os: &str) -> &'static [HostOnlyKind] {
        let mac = is_macos(host_os);
        if api >= ApiVersion::V7_0 && mac {
            &[HostOnlyKind::Network]
        } else {
            &[HostOnlyKind::Interface]
        }
    }
}

impl std::fmt::Display for HostOnlyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `IHost.operatingSystem` / `list hostinfo`'s "Operating system:" names macOS
/// (`Darwin`, `Mac OS X`, `macOS`).
pub fn is_macos(host_os: &str) -> bool {
    let os = host_os.to_ascii_lowercase();
    os.contains("darwin") || os.contains("mac")
}

/// A DHCP server of VirtualBox (`list dhcpservers`, `IDHCPServer`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DhcpServer {
    /// The internal network it serves (`HostInterfaceNetworking-vboxnet0` for an interface,
    /// `hostonly-<name>` for a 7.x network).
    pub network_name: String,
    /// The server's own address.
    pub server_ip: String,
    /// The network mask.
    pub network_mask: String,
    /// First address handed out.
    pub lower_ip: String,
    /// Last address handed out.
    pub upper_ip: String,
    /// Whether it runs.
    pub enabled: bool,
}

/// A host-only interface or network, with its DHCP server when it has one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostOnlyNetwork {
    /// Name (`vboxnet0`, or a 7.x network's name).
    pub name: String,
    /// Interface or 7.x network.
    pub kind: HostOnlyKind,
    /// The internal network name VirtualBox gives it (its DHCP server's `network_name`).
    pub network_name: String,
    /// The host's IPv4 address on it (an interface's; empty for a 7.x network, whose host
    /// address VirtualBox picks).
    pub ipv4_address: String,
    /// The IPv4 network mask.
    pub ipv4_mask: String,
    /// The host's IPv6 address (empty when none).
    pub ipv6_address: String,
    /// Its IPv6 prefix length (0 when none).
    pub ipv6_prefix_length: u32,
    /// The interface gets its own address by DHCP (`DHCP: Enabled`; a 7.x network: enabled).
    pub dhcp_enabled: bool,
    /// `Up` / `Down` for an interface; `Enabled` / `Disabled` for a 7.x network.
    pub status: String,
    /// The DHCP server serving it.
    pub dhcp_server: Option<DhcpServer>,
}

/// The host's host-only networking in one read: every host-only interface or network, and
/// every DHCP server (including those whose interface does not exist, such as the default
/// `HostInterfaceNetworking-vboxnet0` server of a Linux host without `vboxnet0`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostNetworks {
    /// Host-only interfaces and networks, in VirtualBox's order.
    pub host_only: Vec<HostOnlyNetwork>,
    /// Every DHCP server, in VirtualBox's order.
    pub dhcp_servers: Vec<DhcpServer>,
}

impl HostNetworks {
    /// Join each host-only entry to the DHCP server of its network name.
    pub fn new(mut host_only: Vec<HostOnlyNetwork>, dhcp_servers: Vec<DhcpServer>) -> HostNetworks {
        for h in &mut host_only {
            // A 7.x network carries its range itself; a listed server of its name wins.
            if let Some(d) = dhcp_servers
                .iter()
                .find(|d| d.network_name == h.network_name)
            {
                h.dhcp_server = Some(d.clone());
            }
        }
        HostNetworks {
            host_only,
            dhcp_servers,
        }
    }

    /// The host-only interface or network named `name`.
    pub fn find(&self, name: &str) -> Option<&HostOnlyNetwork> {
        self.host_only.iter().find(|h| h.name == name)
    }

    /// The entry of `name` for a remove: NotFound when there is none.
    pub fn existing(&self, name: &str) -> Result<&HostOnlyNetwork> {
        self.find(name).ok_or_else(|| host_only_not_found(name))
    }

    /// The entry a create just made, as listed (Backend error when the listing lacks it).
    pub fn created(self, name: &str, kind: HostOnlyKind) -> Result<HostOnlyNetwork> {
        self.host_only
            .into_iter()
            .find(|h| h.name == name)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Backend,
                    format!("the new host-only {kind} '{name}' is not listed"),
                )
            })
    }
}

/// NotFound for a host-only interface or network that does not exist.
pub fn host_only_not_found(name: &str) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("there is no host-only interface or network named '{name}'"),
    )
}

/// The DHCP server of a new host-only network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DhcpRange {
    /// The server's address.
    pub server_ip: String,
    /// First address handed out.
    pub lower_ip: String,
    /// Last address handed out.
    pub upper_ip: String,
}

/// `create_host_only`: a new host-only interface (or 7.x network) with its DHCP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateHostOnly {
    /// Which form; `None` takes the one the host has ([`HostOnlyKind::on_host`]).
    pub kind: Option<HostOnlyKind>,
    /// A 7.x network's name (required there); an interface is named by VirtualBox
    /// (`vboxnetN`), so a name given for one is refused.
    pub name: Option<String>,
    /// The host's address on it (an interface's; a 7.x network takes the lower bound of the
    /// range, as VirtualBox does).
    pub ipv4_address: String,
    /// The network mask.
    pub ipv4_mask: String,
    /// A DHCP server to run on it, or none.
    pub dhcp: Option<DhcpRange>,
}

impl CreateHostOnly {
    /// The form to make on a host of `api` and `host_os`: the one asked for, or the one the
    /// host has; Unsupported for a form the host lacks, InvalidInput for a name given to an
    /// interface (VirtualBox names those).
    pub fn kind_on(&self, api: ApiVersion, host_os: &str) -> Result<HostOnlyKind> {
        let kinds = HostOnlyKind::on_host(api, host_os);
        let kind = self.kind.unwrap_or(kinds[0]);
        if !kinds.contains(&kind) {
            return Err(kind_unsupported(kind, api, host_os));
        }
        match (&self.name, kind) {
            (Some(name), HostOnlyKind::Interface) => Err(Error::new(
                ErrorKind::InvalidInput,
                format!("VirtualBox names a new host-only interface itself (vboxnetN); '{name}' cannot be chosen"),
            )),
            (None, HostOnlyKind::Network) => Err(Error::new(
                ErrorKind::InvalidInput,
                "a host-only network needs a name",
            )),
            _ => Ok(kind),
        }
    }
}

impl Default for CreateHostOnly {
    /// VirtualBox's own first host-only network: 192.168.56.1/24 with its DHCP server at
    /// .100 handing out .101–.254.
    fn default() -> CreateHostOnly {
        CreateHostOnly {
            kind: None,
            name: None,
            ipv4_address: "192.168.56.1".into(),
            ipv4_mask: "255.255.255.0".into(),
            dhcp: Some(DhcpRange {
                server_ip: "192.168.56.100".into(),
                lower_ip: "192.168.56.101".into(),
                upper_ip: "192.168.56.254".into(),
            }),
        }
    }
}

/// The internal network name of a host-only interface (`HostInterfaceNetworking-vboxnet0`),
/// which its DHCP server serves.
pub fn interface_network_name(interface: &str) -> String {
    format!("HostInterfaceNetworking-{interface}")
}

/// The internal network name of a 7.x host-only network (`hostonly-<name>`).
pub fn hostonlynet_network_name(name: &str) -> String {
    format!("hostonly-{name}")
}

/// What VirtualBox says when it cannot make a host-only interface because its kernel driver
/// is missing (`VBoxNetAdpCtl` cannot open `/dev/vboxnetctl`), through VBoxManage and the web
/// service alike.
const NO_DRIVER: &[&str] = &["/dev/vboxnetctl", "VBoxNetAdpCtl: Error while adding"];

/// Turn VirtualBox's refusal to create a host-only interface on a host without its kernel
/// driver into an Unsupported error that says so (VirtualBox's line kept, its result code
/// too); other errors pass unchanged.
pub fn host_only_refused(err: Error) -> Error {
    let Some(line) = err
        .message()
        .lines()
        .find(|l| NO_DRIVER.iter().any(|m| l.contains(m)))
    else {
        return err;
    };
    let message = format!(
        "this host cannot create host-only interfaces (VirtualBox's vboxnetadp kernel driver is not loaded): {}",
        line.trim()
    );
    let kind = ErrorKind::Unsupported;
    match err.code() {
        Some(code) => Error::from_code(code, message).with_kind(kind),
        None => Error::new(kind, message),
    }
}

/// The error of a host-only form the host does not have (a 7.x network on Linux, an interface
/// on a macOS 7.x host).
pub fn kind_unsupported(kind: HostOnlyKind, api: ApiVersion, host_os: &str) -> Error {
    let has = HostOnlyKind::on_host(api, host_os)
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let why = match kind {
        HostOnlyKind::Network if api < ApiVersion::V7_0 => {
            "host-only networks came with VirtualBox 7.0"
        }
        HostOnlyKind::Network => {
            "VirtualBox has host-only networks (`hostonlynet`) only in its macOS builds"
        }
        HostOnlyKind::Interface => {
            "VirtualBox 7 on macOS replaced host-only interfaces by host-only networks"
        }
    };
    Error::new(
        ErrorKind::Unsupported,
        format!(
            "a host-only {kind} cannot be made on this {host_os} host with VirtualBox {api}: {why} (this host has: {has})"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResultCode;

    #[test]
    fn kinds_follow_version_and_platform() {
        assert_eq!(
            HostOnlyKind::on_host(ApiVersion::V7_2, "Linux"),
            [HostOnlyKind::Interface]
        );
        assert_eq!(
            HostOnlyKind::on_host(ApiVersion::V7_0, "Darwin"),
            [HostOnlyKind::Network]
        );
        assert_eq!(
            HostOnlyKind::on_host(ApiVersion::V6_1, "Mac OS X"),
            [HostOnlyKind::Interface]
        );
    }

    #[test]
    fn the_form_is_checked_against_the_host() {
        let spec = CreateHostOnly::default();
        assert_eq!(
            spec.kind_on(ApiVersion::V7_2, "Linux").unwrap(),
            HostOnlyKind::Interface
        );
        let named = CreateHostOnly {
            name: Some("lab".into()),
            ..CreateHostOnly::default()
        };
        assert_eq!(
            named.kind_on(ApiVersion::V7_0, "Darwin").unwrap(),
            HostOnlyKind::Network
        );
        let e = named.kind_on(ApiVersion::V7_2, "Linux").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let net = CreateHostOnly {
            kind: Some(HostOnlyKind::Network),
            ..named
        };
        let e = net.kind_on(ApiVersion::V7_2, "Linux").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        assert!(e.message().contains("only in its macOS builds"), "{e}");
    }

    #[test]
    fn the_missing_driver_becomes_unsupported() {
        // The real 7.2.22 `hostonlyif create` error block, as the VBoxManage backend joins it.
        let raw = Error::from_code(
            ResultCode::E_FAIL,
            "Failed to create the host-only adapter\nVBoxNetAdpCtl: Error while adding new interface: failed to open /dev/vboxnetctl: No such file or directory",
        );
        let e = host_only_refused(raw);
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        assert_eq!(e.code(), Some(ResultCode::E_FAIL));
        assert!(e
            .message()
            .ends_with("failed to open /dev/vboxnetctl: No such file or directory"));
        let other = host_only_refused(Error::new(ErrorKind::Backend, "boom"));
        assert_eq!(
            (other.kind(), other.message()),
            (ErrorKind::Backend, "boom")
        );
    }

    #[test]
    fn dhcp_servers_join_by_network_name() {
        let d = DhcpServer {
            network_name: interface_network_name("vboxnet1"),
            ..DhcpServer::default()
        };
        let h = HostOnlyNetwork {
            name: "vboxnet1".into(),
            network_name: interface_network_name("vboxnet1"),
            ..HostOnlyNetwork::default()
        };
        let n = HostNetworks::new(vec![h], vec![d.clone()]);
        assert_eq!(n.find("vboxnet1").unwrap().dhcp_server, Some(d));
        assert!(n.find("vboxnet0").is_none());
    }
}
