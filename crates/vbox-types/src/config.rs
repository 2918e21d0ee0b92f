//! Machine settings beyond the summary of [`crate::Machine`]: boot order, video memory and the
//! NAT engine's port forwards, as `modifyvm` changes them and `showvminfo` reads them back.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A boot device (`IMachine.setBootOrder`'s `DeviceType`, `modifyvm --boot<N>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BootDevice {
    /// No device in this position.
    None,
    /// Floppy drive.
    Floppy,
    /// Optical drive.
    Dvd,
    /// Hard disk.
    Disk,
    /// Network boot (PXE).
    Net,
}

impl BootDevice {
    /// Every device.
    pub const ALL: &'static [BootDevice] = &[
        BootDevice::None,
        BootDevice::Floppy,
        BootDevice::Dvd,
        BootDevice::Disk,
        BootDevice::Net,
    ];

    /// How many positions the boot order has (VirtualBox's `SchemaDefs::MaxBootPosition`).
    pub const POSITIONS: usize = 4;

    /// A fresh machine's order (`createvm` on a real 7.2.22: floppy, dvd, disk, none).
    pub const DEFAULT_ORDER: [BootDevice; 4] = [
        BootDevice::Floppy,
        BootDevice::Dvd,
        BootDevice::Disk,
        BootDevice::None,
    ];

    /// The `modifyvm --boot<N>` / `showvminfo` `boot<N>=` word.
    pub fn manage_word(self) -> &'static str {
        match self {
            BootDevice::None => "none",
            BootDevice::Floppy => "floppy",
            BootDevice::Dvd => "dvd",
            BootDevice::Disk => "disk",
            BootDevice::Net => "net",
        }
    }

    /// The API's `DeviceType` name.
    pub fn api_name(self) -> &'static str {
        match self {
            BootDevice::None => "Null",
            BootDevice::Floppy => "Floppy",
            BootDevice::Dvd => "DVD",
            BootDevice::Disk => "HardDisk",
            BootDevice::Net => "Network",
        }
    }

    /// From a `manage_word` or an API name (case-insensitive).
    pub fn parse(word: &str) -> Option<BootDevice> {
        BootDevice::ALL.iter().copied().find(|d| {
            d.manage_word().eq_ignore_ascii_case(word) || d.api_name().eq_ignore_ascii_case(word)
        })
    }
}

impl fmt::Display for BootDevice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.manage_word())
    }
}

/// The protocol of a NAT port forward (`NATProtocol`: UDP = 0, TCP = 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NatProtocol {
    /// TCP (Vagrant's default).
    #[default]
    Tcp,
    /// UDP.
    Udp,
}

impl NatProtocol {
    /// `tcp` / `udp`, as `--natpf<N>` and `Forwarding(i)=` write it.
    pub fn manage_word(self) -> &'static str {
        match self {
            NatProtocol::Tcp => "tcp",
            NatProtocol::Udp => "udp",
        }
    }

    /// The API name (`TCP`, `UDP`).
    pub fn api_name(self) -> &'static str {
        match self {
            NatProtocol::Tcp => "TCP",
            NatProtocol::Udp => "UDP",
        }
    }

    /// The API number (`INATEngine.redirects` writes the protocol as a number).
    pub fn number(self) -> u32 {
        match self {
            NatProtocol::Tcp => 1,
            NatProtocol::Udp => 0,
        }
    }

    /// From `tcp`, `TCP`, `1`, `udp`, `UDP` or `0`.
    pub fn parse(word: &str) -> Option<NatProtocol> {
        match word.trim().to_ascii_lowercase().as_str() {
            "tcp" | "1" => Some(NatProtocol::Tcp),
            "udp" | "0" => Some(NatProtocol::Udp),
            _ => None,
        }
    }
}

/// One NAT port forward of an adapter's NAT engine (Vagrant's `forwarded_port`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PortForward {
    /// The adapter slot, 0-based.
    pub slot: u32,
    /// Rule name, unique within the adapter.
    pub name: String,
    /// Protocol.
    pub protocol: NatProtocol,
    /// Host address to bind; empty means every address.
    pub host_ip: String,
    /// Host port.
    pub host_port: u16,
    /// Guest address; empty means the guest's DHCP address.
    pub guest_ip: String,
    /// Guest port.
    pub guest_port: u16,
}

impl PortForward {
    /// A TCP forward on adapter 1 (slot 0) for every host address, as Vagrant's
    /// `config.vm.network "forwarded_port", guest: G, host: H` makes it.
    pub fn tcp(name: impl Into<String>, host_port: u16, guest_port: u16) -> PortForward {
        PortForward {
            slot: 0,
            name: name.into(),
            protocol: NatProtocol::Tcp,
            host_ip: String::new(),
            host_port,
            guest_ip: String::new(),
            guest_port,
        }
    }

    /// The rule as `--natpf<N>` takes it and `Forwarding(i)=` prints it:
    /// `name,proto,hostip,hostport,guestip,guestport`.
    pub fn rule(&self) -> String {
        format!(
            "{},{},{},{},{},{}",
            self.name,
            self.protocol.manage_word(),
            self.host_ip,
            self.host_port,
            self.guest_ip,
            self.guest_port
        )
    }

    /// Parse a rule of [`PortForward::rule`]'s form (the protocol may also be a number, as
    /// `INATEngine.redirects` gives it) for adapter `slot`.
    pub fn parse_rule(slot: u32, rule: &str) -> Option<PortForward> {
        let parts: Vec<&str> = rule.split(',').collect();
        let [name, proto, host_ip, host_port, guest_ip, guest_port] = parts.as_slice() else {
            return None;
        };
        Some(PortForward {
            slot,
            name: name.to_string(),
            protocol: NatProtocol::parse(proto)?,
            host_ip: host_ip.to_string(),
            host_port: host_port.trim().parse().ok()?,
            guest_ip: guest_ip.to_string(),
            guest_port: guest_port.trim().parse().ok()?,
        })
    }

    /// Whether `other` wants the same host socket: same protocol and port, and host addresses
    /// that overlap (an empty address binds every one). VirtualBox refuses such a second rule
    /// on one adapter ("A NAT rule for this host port and this host IP already exists").
    pub fn collides_with(&self, other: &PortForward) -> bool {
        let any = |ip: &str| ip.is_empty() || ip == "0.0.0.0";
        self.protocol == other.protocol
            && self.host_port == other.host_port
            && (any(&self.host_ip) || any(&other.host_ip) || self.host_ip == other.host_ip)
    }
}

/// A forward to remove: the adapter slot and the rule name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ForwardRemoval {
    /// The adapter slot, 0-based.
    pub slot: u32,
    /// Rule name.
    pub name: String,
}

/// Settings read by [`crate::Backend::machine_config`]: what `modify` changes that
/// [`crate::Machine`] does not carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineConfig {
    /// Video memory in MB.
    pub vram_mb: u32,
    /// Boot order, position 1 first.
    pub boot_order: Vec<BootDevice>,
    /// Every NAT port forward of every adapter, by slot then in VirtualBox's order.
    pub forwards: Vec<PortForward>,
    /// Storage controllers, in the machine's order.
    #[serde(default)]
    pub controllers: Vec<crate::StorageController>,
    /// Attached devices (empty slots left out), sorted by slot: controller name, port, device.
    #[serde(default)]
    pub attachments: Vec<crate::StorageAttachment>,
    /// Shared folders, permanent ones first (`showvminfo` reads neither the read-only nor the
    /// auto-mount flag back; backends that can, fill them in).
    #[serde(default)]
    pub shared_folders: Vec<crate::SharedFolder>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip_and_accept_the_api_numbers() {
        let f = PortForward {
            host_ip: "127.0.0.1".into(),
            ..PortForward::tcp("ssh", 2222, 22)
        };
        assert_eq!(f.rule(), "ssh,tcp,127.0.0.1,2222,,22");
        assert_eq!(PortForward::parse_rule(0, &f.rule()), Some(f.clone()));
        let api = PortForward::parse_rule(0, "ssh,1,127.0.0.1,2222,,22").unwrap();
        assert_eq!(api, f);
        assert_eq!(PortForward::parse_rule(0, "ssh,tcp,,x,,22"), None);
        assert_eq!(PortForward::parse_rule(0, "a,b"), None);
    }

    #[test]
    fn collisions_follow_the_host_socket() {
        let any = PortForward::tcp("a", 2222, 22);
        let local = PortForward {
            host_ip: "127.0.0.1".into(),
            ..PortForward::tcp("b", 2222, 23)
        };
        let other_ip = PortForward {
            host_ip: "127.0.0.2".into(),
            ..local.clone()
        };
        let udp = PortForward {
            protocol: NatProtocol::Udp,
            ..any.clone()
        };
        assert!(any.collides_with(&local));
        assert!(!local.collides_with(&other_ip));
        assert!(!any.collides_with(&udp));
        assert!(!any.collides_with(&PortForward::tcp("c", 2223, 22)));
    }

    #[test]
    fn boot_devices_parse_both_spellings() {
        for d in BootDevice::ALL {
            assert_eq!(BootDevice::parse(d.manage_word()), Some(*d));
            assert_eq!(BootDevice::parse(d.api_name()), Some(*d));
        }
        assert_eq!(BootDevice::parse("usb"), None);
    }
}
