//! Video memory, boot order, NAT port forwards, and the adapter's card and cable: what
//! `modifyvm --vram/--boot<N>/--natpf<N>/--nictype<N>/--cableconnected<N>` change. The texts
//! are the real 7.2.22 host's (`modifyvm a --vram 1000`, a second rule of a name or host port).

use super::errors;
use serde::{Deserialize, Serialize};
use vbox_types::{
    AdapterChange, BootDevice, MachineConfig, ModifyMachine, NetworkAdapter, PortForward, Result,
};

/// VirtualBox's `SchemaDefs::MinGuestVRAM` and `MaxGuestVRAM`.
const VRAM_RANGE: (u32, u32) = (1, 256);

/// The settings a machine keeps beside [`super::machine::Hardware`]'s summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HwConfig {
    /// Video memory in MB.
    pub vram_mb: u32,
    /// Boot order, position 1 first.
    pub boot_order: Vec<BootDevice>,
    /// NAT rules of every adapter (the settings keep them whatever the attachment).
    pub forwards: Vec<PortForward>,
    /// Optical drives (hard disks are the record's `disks`).
    #[serde(default)]
    pub drives: Vec<DriveRecord>,
    /// Permanent shared folders, in the order they were added.
    #[serde(default)]
    pub shares: Vec<vbox_types::SharedFolder>,
}

/// An optical drive on a controller slot, empty or with an image of the media registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DriveRecord {
    /// Controller name.
    pub controller: String,
    /// Port.
    pub port: u32,
    /// Device.
    pub device: u32,
    /// The image's medium id; `None` for an empty drive.
    pub medium: Option<String>,
}

impl Default for HwConfig {
    /// A fresh machine of a real 7.2.22 `createvm`: 8 MB, floppy-dvd-disk-none.
    fn default() -> HwConfig {
        HwConfig {
            vram_mb: 8,
            boot_order: BootDevice::DEFAULT_ORDER.to_vec(),
            forwards: Vec::new(),
            drives: Vec::new(),
            shares: Vec::new(),
        }
    }
}

impl HwConfig {
    /// What backends report: the rules of enabled NAT adapters, as `showvminfo` lists them.
    pub(crate) fn report(&self, adapters: &[NetworkAdapter]) -> MachineConfig {
        let nat = |slot: u32| {
            adapters.iter().any(|a| {
                a.slot == slot
                    && a.enabled
                    && a.attachment == vbox_types::NetworkAttachmentType::NAT
            })
        };
        let forwards: Vec<PortForward> = self
            .forwards
            .iter()
            .filter(|f| nat(f.slot))
            .cloned()
            .collect();
        MachineConfig {
            vram_mb: self.vram_mb,
            boot_order: self.boot_order.clone(),
            forwards,
            ..MachineConfig::default()
        }
    }

    /// The rules of one adapter, in name order.
    pub(crate) fn forwards_of(&self, slot: u32) -> impl Iterator<Item = &PortForward> {
        self.forwards.iter().filter(move |f| f.slot == slot)
    }

    /// `INATEngine.addRedirect`.
    pub(crate) fn add_forward(&mut self, f: &PortForward) -> Result<()> {
        let mine: Vec<&PortForward> = self.forwards_of(f.slot).collect();
        if mine.iter().any(|r| r.name == f.name) {
            return Err(errors::invalid_arg(
                "A NAT rule of this name already exists",
            ));
        }
        if mine.iter().any(|r| {
            r.protocol == f.protocol && r.host_port == f.host_port && r.host_ip == f.host_ip
        }) {
            return Err(errors::invalid_arg(
                "A NAT rule for this host port and this host IP already exists",
            ));
        }
        self.forwards.push(f.clone());
        // The real 7.2.22 keeps an adapter's rules in a map by name: `showvminfo` and
        // `INATEngine.redirects` list them in name order, not in the order they were added.
        self.forwards
            .sort_by(|a, b| (a.slot, &a.name).cmp(&(b.slot, &b.name)));
        Ok(())
    }

    /// `INATEngine.removeRedirect`: an unknown name is an invalid argument without a text of
    /// its own (the real host prints "Invalid argument value").
    pub(crate) fn remove_forward(&mut self, slot: u32, name: &str) -> Result<()> {
        let before = self.forwards.len();
        self.forwards
            .retain(|f| !(f.slot == slot && f.name == name));
        if self.forwards.len() == before {
            return Err(errors::invalid_arg("Invalid argument value"));
        }
        Ok(())
    }

    /// `IGraphicsAdapter.VRAMSize`.
    pub(crate) fn set_vram(&mut self, mb: u32) -> Result<()> {
        let (min, max) = VRAM_RANGE;
        if !(min..=max).contains(&mb) {
            return Err(errors::invalid_arg(format!(
                "Invalid VRAM size: {mb} MB (must be in range [{min}, {max}] MB)"
            )));
        }
        self.vram_mb = mb;
        Ok(())
    }

    /// `IMachine.setBootOrder` of a 1-based position.
    pub(crate) fn set_boot(&mut self, position: usize, device: BootDevice) -> Result<()> {
        if !(1..=BootDevice::POSITIONS).contains(&position) {
            return Err(errors::invalid_arg(format!(
                "Invalid boot position: {position} (must be in range [1, {}])",
                BootDevice::POSITIONS
            )));
        }
        if self.boot_order.len() < BootDevice::POSITIONS {
            self.boot_order
                .resize(BootDevice::POSITIONS, BootDevice::None);
        }
        self.boot_order[position - 1] = device;
        Ok(())
    }

    /// Every config change of `change`, in `modifyvm`'s order; the caller works on a copy.
    pub(crate) fn apply(&mut self, change: &ModifyMachine) -> Result<()> {
        if let Some(mb) = change.vram_mb {
            self.set_vram(mb)?;
        }
        if let Some(order) = &change.boot_order {
            for position in 0..BootDevice::POSITIONS {
                let device = order.get(position).copied().unwrap_or(BootDevice::None);
                self.set_boot(position + 1, device)?;
            }
        }
        for r in &change.forwards_removed {
            self.remove_forward(r.slot, &r.name)?;
        }
        for f in &change.forwards_added {
            self.add_forward(f)?;
        }
        Ok(())
    }
}

/// Whether `change` touches anything of [`HwConfig`].
pub(crate) fn touches_config(change: &ModifyMachine) -> bool {
    change.vram_mb.is_some()
        || change.boot_order.is_some()
        || !change.forwards_added.is_empty()
        || !change.forwards_removed.is_empty()
}

/// The card and cable of one adapter.
pub(crate) fn apply_adapter_extras(a: &mut NetworkAdapter, c: &AdapterChange) {
    if let Some(t) = c.adapter_type {
        a.adapter_type = t;
    }
    if let Some(on) = c.cable_connected {
        a.cable_connected = on;
    }
}
