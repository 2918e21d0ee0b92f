//! `modify` and `forward`: changing a stopped machine's settings and its NAT port forwards.
//!
//! NICs are numbered from 1 here, as VBoxManage's `--nic1` and the VirtualBox GUI's
//! "Adapter 1" count them; JSON output keeps the 0-based `slot` of `adapters`.

use clap::{Args, Subcommand};
use vbox_types::{BootDevice, NatProtocol, NetworkAdapterType, NetworkAttachmentType};

pub(crate) const MODIFY_HELP: &str = "\
NIC options take NUMBER=VALUE and repeat; NICs count from 1 (VBoxManage's --nic1).
Attachments: nat, bridged:IFACE, hostonly:IFACE, hostonlynet:NET, intnet:NET,
natnetwork:NET, generic:DRIVER, none. A host-only interface or network must exist
(`vboxctl hostonly list`; VirtualBox itself would take a missing one and fail at start).
VirtualBox refuses every change while the machine runs: stop it first. A refused change
changes nothing.

Examples:
  vboxctl modify web1 --memory 2048 --cpus 2 --vram 16 --boot disk,dvd
  vboxctl modify web1 --nic 1=nat --nic 2=bridged:eth0 --nic-type 2=virtio --cable 2=off
  vboxctl modify web1 --mac 1=auto --description 'web server' --group /lab";

/// `modify`.
#[derive(Debug, Args)]
pub struct ModifyArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Memory in MB
    #[arg(long, value_name = "MB", value_parser = super::machine::parse_memory, allow_negative_numbers = true)]
    pub memory: Option<u32>,
    /// Number of virtual CPUs
    #[arg(long, value_name = "N", value_parser = super::machine::parse_cpus, allow_negative_numbers = true)]
    pub cpus: Option<u32>,
    /// Video memory in MB (1 to 256)
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub vram: Option<u32>,
    /// Boot order, up to 4 of floppy, dvd, disk, net, none (comma-separated; the rest are none)
    #[arg(long, value_name = "DEV,…", value_parser = parse_boot_order)]
    pub boot: Option<BootOrder>,
    /// Free-form description
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
    /// Replace the groups with these (`/lab/web`); repeatable
    #[arg(long = "group", value_name = "G")]
    pub groups: Vec<String>,
    /// Attach NIC N: nat, bridged:IFACE, hostonly:IFACE, hostonlynet:NET, intnet:NET,
    /// natnetwork:NET, generic:DRIVER or none; repeatable
    #[arg(long = "nic", value_name = "N=ATTACHMENT", value_parser = parse_nic)]
    pub nics: Vec<NicArg>,
    /// The card of NIC N: Am79C970A, Am79C973, 82540EM, 82543GC, 82545EM, virtio; repeatable
    #[arg(long = "nic-type", value_name = "N=TYPE", value_parser = parse_nic_type)]
    pub nic_types: Vec<(u32, NetworkAdapterType)>,
    /// The MAC address of NIC N (12 hex digits, or `auto` for a fresh one); repeatable
    #[arg(long = "mac", value_name = "N=MAC", value_parser = parse_mac)]
    pub macs: Vec<(u32, String)>,
    /// Plug (on) or unplug (off) the cable of NIC N; repeatable
    #[arg(long = "cable", value_name = "N=on|off", value_parser = parse_cable)]
    pub cables: Vec<(u32, bool)>,
}

/// A boot order (newtype so clap takes the whole list as one value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootOrder(pub Vec<BootDevice>);

/// `--nic N=KIND[:NETWORK]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NicArg {
    /// 0-based slot.
    pub slot: u32,
    /// The attachment (`Null` for none).
    pub attachment: NetworkAttachmentType,
    /// The network, interface or driver name.
    pub network: Option<String>,
}

/// `forward`.
#[derive(Debug, Subcommand)]
pub enum ForwardCommand {
    /// Add a NAT port forward (Vagrant's forwarded_port) to a stopped machine
    #[command(after_help = FORWARD_ADD_HELP)]
    Add(ForwardAddArgs),
    /// List a machine's NAT port forwards
    #[command(after_help = "Example:\n  vboxctl forward list web1 -o json")]
    List(super::MachineArg),
    /// Remove a NAT port forward by its name
    #[command(after_help = "Example:\n  vboxctl forward remove web1 ssh")]
    Remove(ForwardRemoveArgs),
}

const FORWARD_ADD_HELP: &str = "\
A host port that another forward of any machine of the host holds (or, on this machine's
own VirtualBox, a listening program) is refused; with --auto-correct the next free port is
taken and reported, as Vagrant's auto_correct does. The name defaults to the protocol and
guest port (`tcp22`), as Vagrant names forwards.

Examples:
  vboxctl forward add web1 2222:22 --name ssh
  vboxctl forward add web1 8080:80 --host-ip 127.0.0.1 --auto-correct
  vboxctl forward add web1 5353:53 --protocol udp --nic 2";

/// `forward add`.
#[derive(Debug, Args)]
pub struct ForwardAddArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Host port and guest port
    #[arg(value_name = "HOST:GUEST", value_parser = parse_ports)]
    pub ports: (u16, u16),
    /// Rule name [default: PROTOCOL + guest port, e.g. tcp22]
    #[arg(long = "name", value_name = "RULE")]
    pub rule: Option<String>,
    /// Protocol
    #[arg(long, value_name = "P", value_parser = parse_protocol, default_value = "tcp")]
    pub protocol: NatProtocol,
    /// Host address to bind [default: every address]
    #[arg(long, value_name = "IP", default_value = "", hide_default_value = true)]
    pub host_ip: String,
    /// Guest address [default: the guest's DHCP address]
    #[arg(long, value_name = "IP", default_value = "", hide_default_value = true)]
    pub guest_ip: String,
    /// The NAT adapter, counted from 1
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_nic_number)]
    pub nic: u32,
    /// Take the next free host port when the one asked for is taken
    #[arg(long)]
    pub auto_correct: bool,
}

/// `forward remove`.
#[derive(Debug, Args)]
pub struct ForwardRemoveArgs {
    /// Machine name or UUID (put `--` before a name that starts with `-`)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Rule name
    #[arg(value_name = "RULE")]
    pub rule: String,
    /// The NAT adapter, counted from 1
    #[arg(long, value_name = "N", default_value = "1", value_parser = parse_nic_number)]
    pub nic: u32,
}

/// A NIC number from 1 as a 0-based slot (the chipset's count is checked against the machine).
fn parse_nic_number(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n - 1),
        _ => Err(format!("'{s}' is not a NIC number (1, 2, …)")),
    }
}

fn split_nic(s: &str) -> Result<(u32, &str), String> {
    let (n, v) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not N=VALUE (for example 1=nat)"))?;
    Ok((parse_nic_number(n)?, v.trim()))
}

fn parse_nic(s: &str) -> Result<NicArg, String> {
    let (slot, v) = split_nic(s)?;
    let (kind, network) = match v.split_once(':') {
        Some((k, n)) => (k, Some(n.to_string())),
        None => (v, None),
    };
    let attachment = match kind.to_ascii_lowercase().as_str() {
        "none" | "null" => NetworkAttachmentType::Null,
        "hostonlynet" => NetworkAttachmentType::HostOnlyNetwork,
        "internal" => NetworkAttachmentType::Internal,
        other => NetworkAttachmentType::from_manage_word(other)
            .filter(|t| *t != NetworkAttachmentType::Cloud)
            .ok_or_else(|| {
                format!(
                    "unknown attachment '{kind}': nat, bridged, hostonly, hostonlynet, intnet, natnetwork, generic or none"
                )
            })?,
    };
    Ok(NicArg {
        slot,
        attachment,
        network,
    })
}

fn parse_nic_type(s: &str) -> Result<(u32, NetworkAdapterType), String> {
    let (slot, v) = split_nic(s)?;
    let t = NetworkAdapterType::from_manage_word(v)
        .filter(|t| *t != NetworkAdapterType::Null)
        .ok_or_else(|| {
            format!("unknown card '{v}': Am79C970A, Am79C973, 82540EM, 82543GC, 82545EM, virtio")
        })?;
    Ok((slot, t))
}

fn parse_mac(s: &str) -> Result<(u32, String), String> {
    let (slot, v) = split_nic(s)?;
    if v.eq_ignore_ascii_case("auto") {
        return Ok((slot, "auto".into()));
    }
    let hex: String = v.chars().filter(|c| !matches!(c, ':' | '-')).collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "'{v}' is not a MAC address (12 hex digits) or auto"
        ));
    }
    Ok((slot, hex.to_ascii_uppercase()))
}

fn parse_cable(s: &str) -> Result<(u32, bool), String> {
    let (slot, v) = split_nic(s)?;
    match v {
        "on" => Ok((slot, true)),
        "off" => Ok((slot, false)),
        _ => Err(format!("'{v}' is not on or off")),
    }
}

fn parse_boot_order(s: &str) -> Result<BootOrder, String> {
    let devices: Vec<BootDevice> = s
        .split(',')
        .map(|d| {
            BootDevice::parse(d.trim())
                .ok_or_else(|| format!("unknown boot device '{d}': floppy, dvd, disk, net, none"))
        })
        .collect::<Result<_, _>>()?;
    if devices.len() > BootDevice::POSITIONS {
        return Err(format!(
            "at most {} boot devices, got {}",
            BootDevice::POSITIONS,
            devices.len()
        ));
    }
    Ok(BootOrder(devices))
}

fn parse_ports(s: &str) -> Result<(u16, u16), String> {
    let port = |p: &str| match p.trim().parse::<u16>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("'{p}' is not a port (1 to 65535)")),
    };
    let (h, g) = s
        .split_once(':')
        .ok_or_else(|| format!("'{s}' is not HOST:GUEST (for example 2222:22)"))?;
    Ok((port(h)?, port(g)?))
}

fn parse_protocol(s: &str) -> Result<NatProtocol, String> {
    NatProtocol::parse(s).ok_or_else(|| format!("'{s}' is not tcp or udp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nic_values_parse_and_refuse_clearly() {
        assert_eq!(
            parse_nic("2=bridged:eth0").unwrap(),
            NicArg {
                slot: 1,
                attachment: NetworkAttachmentType::Bridged,
                network: Some("eth0".into())
            }
        );
        assert_eq!(
            parse_nic("1=none").unwrap().attachment,
            NetworkAttachmentType::Null
        );
        assert!(parse_nic("0=nat").unwrap_err().contains("NIC number"));
        assert!(parse_nic("1=wifi")
            .unwrap_err()
            .contains("unknown attachment"));
        assert_eq!(
            parse_nic_type("1=virtio").unwrap(),
            (0, NetworkAdapterType::Virtio)
        );
        assert_eq!(
            parse_mac("1=08:00:27:aa:bb:cc").unwrap(),
            (0, "080027AABBCC".into())
        );
        assert!(parse_mac("1=0800").is_err());
        assert_eq!(parse_cable("3=off").unwrap(), (2, false));
        assert_eq!(parse_ports("2222:22").unwrap(), (2222, 22));
        assert!(parse_ports("0:22").is_err());
        assert_eq!(
            parse_boot_order("disk,dvd").unwrap().0,
            [BootDevice::Disk, BootDevice::Dvd]
        );
        assert!(parse_boot_order("disk,dvd,net,none,floppy").is_err());
    }
}
