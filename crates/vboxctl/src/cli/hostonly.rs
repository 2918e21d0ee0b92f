//! Arguments of `vboxctl hostonly …`: the host's host-only networks and their DHCP servers.

use clap::{Args, Subcommand, ValueEnum};
use vbox_types::HostOnlyKind;

/// `hostonly`.
#[derive(Debug, Subcommand)]
pub enum HostOnlyCommand {
    /// List host-only interfaces (7.x host-only networks on macOS) and every DHCP server
    #[command(after_help = LIST_HELP)]
    List,
    /// Create a host-only interface (or 7.x network) with its address and DHCP server
    #[command(after_help = CREATE_HELP)]
    Create(HostOnlyCreateArgs),
    /// Remove a host-only interface or network with its DHCP server
    #[command(after_help = "Example:\n  vboxctl hostonly remove vboxnet1")]
    Remove(HostOnlyRemoveArgs),
}

const LIST_HELP: &str = "\
VirtualBox keeps DHCP servers apart from interfaces: a Linux host without `vboxnet0` still
lists the default server of HostInterfaceNetworking-vboxnet0 (192.168.56.100, .101-.254),
which a new `vboxnet0` takes over.

Examples:
  vboxctl hostonly list
  vboxctl hostonly list -o json";

const CREATE_HELP: &str = "\
Linux, Windows and pre-7 hosts have host-only interfaces, which VirtualBox names itself
(vboxnet0, vboxnet1, ...); macOS hosts with VirtualBox 7 have host-only networks instead, which
need --name. Without options the network is VirtualBox's default: the host at 192.168.56.1/24
and a DHCP server at .100 handing out .101-.254; with another --ip the DHCP server is .100 of
that network, handing out .101 to the last address but one.

VirtualBox needs its vboxnetadp kernel module for this; a host without it refuses (vboxctl
says so and what to do instead: NAT with port forwards, or an internal network).

Examples:
  vboxctl hostonly create
  vboxctl hostonly create --ip 192.168.60.1 --netmask 255.255.255.0
  vboxctl hostonly create --ip 10.10.0.1 --dhcp-server 10.10.0.2 --dhcp-range 10.10.0.10-10.10.0.99
  vboxctl hostonly create --kind network --name lab --no-dhcp";

/// The `--kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A host-only interface (vboxnetN)
    Interface,
    /// A 7.x host-only network (macOS)
    Network,
}

impl From<KindArg> for HostOnlyKind {
    fn from(k: KindArg) -> HostOnlyKind {
        match k {
            KindArg::Interface => HostOnlyKind::Interface,
            KindArg::Network => HostOnlyKind::Network,
        }
    }
}

/// `hostonly create`.
#[derive(Debug, Args)]
pub struct HostOnlyCreateArgs {
    /// Which form [default: the one the host has]
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// The name of a 7.x host-only network (interfaces are named by VirtualBox)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The host's IPv4 address on the network
    #[arg(long, value_name = "ADDR", default_value = "192.168.56.1")]
    pub ip: String,
    /// The network mask
    #[arg(long, value_name = "MASK", default_value = "255.255.255.0")]
    pub netmask: String,
    /// The DHCP server's address [default: .100 of the network]
    #[arg(long, value_name = "ADDR", conflicts_with = "no_dhcp")]
    pub dhcp_server: Option<String>,
    /// The addresses the DHCP server hands out [default: .101 to the last but one]
    #[arg(long, value_name = "FIRST-LAST", conflicts_with = "no_dhcp")]
    pub dhcp_range: Option<String>,
    /// No DHCP server
    #[arg(long)]
    pub no_dhcp: bool,
}

/// `hostonly remove`.
#[derive(Debug, Args)]
pub struct HostOnlyRemoveArgs {
    /// The interface or network (`vboxnet1`)
    #[arg(value_name = "NAME")]
    pub name: String,
}
