//! Machines, network adapters, snapshots and media, as every backend reports them.

use crate::{
    ChipsetType, FirmwareType, MachineState, NetworkAdapterType, NetworkAttachmentType,
    SessionState,
};
use serde::{Deserialize, Serialize};

/// A registered machine as `list vms` gives it: cheap to get for many machines at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineSummary {
    /// Machine UUID (lowercase, no braces).
    pub id: String,
    /// Name; `<inaccessible>` for machines whose settings file cannot be read.
    pub name: String,
    /// Whether the settings file could be read.
    pub accessible: bool,
    /// The state, when the backend learns it in the same call (SOAP `getMachineStates`,
    /// the simulator); `None` when it would cost a call per machine.
    pub state: Option<MachineState>,
}

/// Everything vboxctl needs to know about one machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    /// Machine UUID (lowercase, no braces).
    pub id: String,
    /// Name.
    pub name: String,
    /// Whether the settings file could be read; when false only `id` and `name` are meaningful.
    pub accessible: bool,
    /// Free-form description (may span lines).
    pub description: String,
    /// Groups, each starting with `/` (`/` alone is the root group).
    pub groups: Vec<String>,
    /// OS type id (`Ubuntu_64`, `Other`).
    pub os_type_id: String,
    /// RAM in MB.
    pub memory_mb: u32,
    /// Virtual CPUs.
    pub cpus: u32,
    /// Execution state.
    pub state: MachineState,
    /// When the state last changed, in ms since the Unix epoch (`IMachine.lastStateChange`).
    pub last_state_change_ms: i64,
    /// Lock state: `Locked` while a VM process runs.
    pub session_state: SessionState,
    /// The frontend of the VM process (`headless`, `GUI/Qt`), when a session exists.
    pub session_name: Option<String>,
    /// Chipset, which bounds the number of network adapters.
    pub chipset: ChipsetType,
    /// Firmware.
    pub firmware: FirmwareType,
    /// Every adapter slot up to the chipset maximum, enabled or not, in slot order.
    pub adapters: Vec<NetworkAdapter>,
    /// Number of snapshots.
    pub snapshot_count: u32,
    /// The current snapshot, if any.
    pub current_snapshot: Option<SnapshotRef>,
    /// Path of the `.vbox` settings file.
    pub settings_file: String,
}

impl Machine {
    /// A placeholder for a machine whose settings cannot be read.
    pub fn inaccessible(id: impl Into<String>, name: impl Into<String>) -> Machine {
        Machine {
            id: id.into(),
            name: name.into(),
            accessible: false,
            description: String::new(),
            groups: Vec::new(),
            os_type_id: String::new(),
            memory_mb: 0,
            cpus: 0,
            state: MachineState::Null,
            last_state_change_ms: 0,
            session_state: SessionState::Null,
            session_name: None,
            chipset: ChipsetType::Null,
            firmware: FirmwareType::BIOS,
            adapters: Vec::new(),
            snapshot_count: 0,
            current_snapshot: None,
            settings_file: String::new(),
        }
    }

    /// The enabled adapters.
    pub fn enabled_adapters(&self) -> impl Iterator<Item = &NetworkAdapter> {
        self.adapters.iter().filter(|a| a.enabled)
    }

    /// The summary form.
    pub fn summary(&self) -> MachineSummary {
        MachineSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            accessible: self.accessible,
            state: Some(self.state),
        }
    }
}

/// A network adapter slot (`INetworkAdapter`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkAdapter {
    /// Slot number, 0-based (VBoxManage's `nic1` is slot 0).
    pub slot: u32,
    /// Whether the adapter is enabled.
    pub enabled: bool,
    /// Emulated card.
    pub adapter_type: NetworkAdapterType,
    /// MAC address: 12 upper-case hex digits, no separators (the form the Guest Additions
    /// publish in `/VirtualBox/GuestInfo/Net/N/MAC`).
    pub mac_address: String,
    /// What the adapter is attached to.
    pub attachment: NetworkAttachmentType,
    /// Host interface of a bridged adapter.
    pub bridged_interface: String,
    /// Host interface of a host-only adapter (`vboxnet0`).
    pub host_only_interface: String,
    /// Host-only network name (7.0+).
    pub host_only_network: String,
    /// Internal network name.
    pub internal_network: String,
    /// NAT network name.
    pub nat_network: String,
    /// Generic driver name.
    pub generic_driver: String,
    /// Whether the virtual cable is connected.
    pub cable_connected: bool,
    /// Line speed in kbps (0 = default).
    pub line_speed_kbps: u32,
}

impl NetworkAdapter {
    /// A disabled adapter in a slot, with VirtualBox's defaults.
    pub fn disabled(slot: u32) -> NetworkAdapter {
        NetworkAdapter {
            slot,
            enabled: false,
            adapter_type: NetworkAdapterType::Am79C973,
            mac_address: String::new(),
            attachment: NetworkAttachmentType::Null,
            bridged_interface: String::new(),
            host_only_interface: String::new(),
            host_only_network: String::new(),
            internal_network: String::new(),
            nat_network: String::new(),
            generic_driver: String::new(),
            cable_connected: true,
            line_speed_kbps: 0,
        }
    }

    /// The name of the network the attachment refers to (interface, network or driver), empty
    /// for NAT and unattached adapters.
    pub fn network_name(&self) -> &str {
        match self.attachment {
            NetworkAttachmentType::Bridged => &self.bridged_interface,
            NetworkAttachmentType::HostOnly => &self.host_only_interface,
            NetworkAttachmentType::HostOnlyNetwork => &self.host_only_network,
            NetworkAttachmentType::Internal => &self.internal_network,
            NetworkAttachmentType::NATNetwork => &self.nat_network,
            NetworkAttachmentType::Generic => &self.generic_driver,
            _ => "",
        }
    }
}

/// A reference to a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRef {
    /// Snapshot UUID.
    pub id: String,
    /// Snapshot name.
    pub name: String,
}

/// One snapshot of a machine's snapshot tree, listed in pre-order (parents before children).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Snapshot UUID.
    pub id: String,
    /// Name (not unique: VirtualBox allows duplicates).
    pub name: String,
    /// Description.
    pub description: String,
    /// The parent snapshot's id; `None` for the root.
    pub parent_id: Option<String>,
    /// Depth in the tree (root = 0).
    pub depth: u32,
    /// When it was taken, ms since the epoch, in whole seconds on every backend: the settings
    /// file keeps seconds (where VBoxManage's backend reads it), and a real 7.2.22 VBoxSVC
    /// reports milliseconds only until it reloads that file (see [`Snapshot::whole_seconds`]).
    pub taken_ms: i64,
    /// Whether it was taken while the machine ran (it then holds a saved state).
    pub online: bool,
    /// Whether it is the machine's current snapshot.
    pub current: bool,
}

impl Snapshot {
    /// `ms` cut to the whole second, as every backend reports [`Snapshot::taken_ms`].
    pub fn whole_seconds(ms: i64) -> i64 {
        ms - ms.rem_euclid(1000)
    }
}

/// The kind of a medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeviceType {
    /// A hard disk image.
    HardDisk,
    /// An optical disc image.
    Dvd,
    /// A floppy image.
    Floppy,
}

/// A registered medium (disk image), with the parent/child relations of differencing images.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Medium {
    /// Medium UUID.
    pub id: String,
    /// File path.
    pub location: String,
    /// Image format (`VDI`, `VMDK`).
    pub format: String,
    /// What kind of medium.
    pub device_type: DeviceType,
    /// Parent of a differencing image (a linked clone's disk points at the template's).
    pub parent_id: Option<String>,
    /// Differencing images based on this one.
    pub child_ids: Vec<String>,
    /// Machines this medium (this exact image) is attached to, in the current state or a snapshot.
    pub machine_ids: Vec<String>,
    /// Logical size in bytes.
    pub logical_size: u64,
}
