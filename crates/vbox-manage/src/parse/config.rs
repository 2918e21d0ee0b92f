//! [`MachineConfig`] from `showvminfo --machinereadable`: `vram=`, `boot<N>=` and the
//! `Forwarding(i)=` lines, which follow the `nic<N>=` line of the NAT adapter they belong to
//! (their index restarts at 0 for every adapter); storage and shares as [`super::storage`]
//! reads them.

use super::showvminfo::MachineInfoMap;
use vbox_types::{BootDevice, MachineConfig, PortForward};

/// The settings of `map`; unknown or missing values keep VirtualBox's defaults.
pub fn to_config(map: &MachineInfoMap) -> MachineConfig {
    let vram_mb = map.get("vram").and_then(|v| v.parse().ok()).unwrap_or(0);
    let boot_order = (1..=BootDevice::POSITIONS)
        .map(|n| {
            map.get(&format!("boot{n}"))
                .and_then(BootDevice::parse)
                .unwrap_or(BootDevice::None)
        })
        .collect();
    let mut forwards = Vec::new();
    let mut slot = None;
    for (key, value) in map.iter() {
        if let Some(n) = key.strip_prefix("nic").and_then(|n| n.parse::<u32>().ok()) {
            slot = n.checked_sub(1);
        } else if key.starts_with("Forwarding(") {
            if let Some(f) = slot.and_then(|s| PortForward::parse_rule(s, value)) {
                forwards.push(f);
            }
        }
    }
    let controllers = super::storage::controllers(map);
    MachineConfig {
        vram_mb,
        boot_order,
        forwards,
        attachments: super::storage::attachments(map, &controllers),
        controllers,
        shared_folders: super::storage::shared_folders(map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::showvminfo::parse_machinereadable;
    use vbox_types::NatProtocol;

    /// The shape of a real 7.2.22 machine with two NAT adapters.
    #[test]
    fn forwards_belong_to_the_adapter_above_them() {
        let text = "vram=16\nboot1=\"disk\"\nboot2=\"dvd\"\nboot3=\"none\"\nboot4=\"none\"\n\
            natnet1=\"nat\"\nnic1=\"nat\"\nnictype1=\"virtio\"\nmtu=\"0\"\n\
            Forwarding(0)=\"ssh,tcp,,2222,,22\"\n\
            Forwarding(1)=\"web,udp,127.0.0.1,8080,10.0.2.15,80\"\n\
            natnet2=\"nat\"\nnic2=\"nat\"\nForwarding(0)=\"x,tcp,,3333,,33\"\nnic3=\"none\"\n";
        let c = to_config(&parse_machinereadable(text));
        assert_eq!(c.vram_mb, 16);
        assert_eq!(
            c.boot_order,
            [
                BootDevice::Disk,
                BootDevice::Dvd,
                BootDevice::None,
                BootDevice::None
            ]
        );
        let got: Vec<(u32, &str, NatProtocol)> = c
            .forwards
            .iter()
            .map(|f| (f.slot, f.name.as_str(), f.protocol))
            .collect();
        assert_eq!(
            got,
            [
                (0, "ssh", NatProtocol::Tcp),
                (0, "web", NatProtocol::Udp),
                (1, "x", NatProtocol::Tcp)
            ]
        );
        assert_eq!(c.forwards[1].guest_ip, "10.0.2.15");
    }
}
