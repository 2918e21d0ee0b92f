//! One wanted machine: how it is made (salt-cloud's profile keys) and how it is run.

use crate::StopMode;
use std::time::Duration;
use vbox_types::{CloneMode, StartType};

/// A machine as a map wants it. Field names follow salt-cloud's VirtualBox profile keys where
/// one exists (`clonefrom` → [`clone_from`](Self::clone_from), …), with Salt's defaults except
/// where noted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineSpec {
    /// The machine's name.
    pub name: String,
    /// The profile it comes from (reported back; not used to make the machine).
    pub profile: String,
    /// Salt's `clonefrom`: the template machine (name or UUID).
    pub clone_from: String,
    /// Salt's `clonemode` (`state` / `child` / `all`).
    pub clone_mode: CloneMode,
    /// A linked clone: a differencing disk on a snapshot of the template. Needs
    /// `clone_mode = MachineState` (VirtualBox refuses other modes for linked clones).
    pub linked: bool,
    /// Clone from this snapshot of the template. For a linked clone without one, the
    /// template's current snapshot is used, or a base snapshot is taken once per template.
    pub snapshot: Option<String>,
    /// RAM in MB to set after cloning (`None`: as the template).
    pub memory_mb: Option<u32>,
    /// Virtual CPUs to set after cloning (`None`: as the template).
    pub cpus: Option<u32>,
    /// VirtualBox groups of the clone (`/lab/web`); empty: the root group.
    pub groups: Vec<String>,
    /// Description to set after cloning.
    pub description: Option<String>,
    /// NICs in slot order (`None`: as the template; slots past the list are left alone).
    pub nics: Option<Vec<super::converge::NicSpec>>,
    /// Every NAT port forward the machine has (`None`: left alone; a forward not listed is
    /// removed).
    pub forwarded_ports: Option<Vec<vbox_types::PortForward>>,
    /// The storage slots the map manages (`None`: left alone; slots not listed stay).
    pub storage: Option<Vec<super::converge_storage::StorageSpec>>,
    /// Every permanent shared folder (`None`: left alone; a share not listed is removed).
    pub shared_folders: Option<Vec<vbox_types::SharedFolder>>,
    /// Salt's `power_on`: start the machine. Salt's default is `false`; ours is `true`,
    /// because `up` exists to bring machines up (a profile can still say `false`).
    pub power_on: bool,
    /// Frontend of the start (headless by default; Salt started the GUI).
    pub start_type: StartType,
    /// Salt's `boot_timeout`: deadline of the start (launch until Running). Salt: 60 s.
    pub boot_timeout: Duration,
    /// Salt's `wait_for_ip_timeout`: how long to wait for an address after the start.
    /// Zero: do not wait. Salt: 60 s.
    pub wait_for_ip_timeout: Duration,
    /// Salt's `waitforpattern`: a guest property that must be set before addresses count.
    pub wait_for_pattern: Option<String>,
    /// Salt's `interfaceindex`: which address (in the guest's interface order) is the
    /// machine's main one. The wait lasts until that many addresses exist. Salt: 0.
    pub interface_index: usize,
    /// How `down` stops the machine.
    pub stop_mode: StopMode,
    /// Deadline of a stop (ACPI: then powered off) and of the power-off before a destroy.
    pub stop_timeout: Duration,
}

impl MachineSpec {
    /// A machine cloned from `clone_from` with the defaults (full clone of the current state,
    /// powered on headless, 60 s to boot, 60 s to get an address, ACPI stop).
    pub fn new(name: impl Into<String>, clone_from: impl Into<String>) -> MachineSpec {
        MachineSpec {
            name: name.into(),
            profile: String::new(),
            clone_from: clone_from.into(),
            clone_mode: CloneMode::MachineState,
            linked: false,
            snapshot: None,
            memory_mb: None,
            cpus: None,
            groups: Vec::new(),
            description: None,
            nics: None,
            forwarded_ports: None,
            storage: None,
            shared_folders: None,
            power_on: true,
            start_type: StartType::Headless,
            boot_timeout: Duration::from_secs(60),
            wait_for_ip_timeout: Duration::from_secs(60),
            wait_for_pattern: None,
            interface_index: 0,
            stop_mode: StopMode::Acpi,
            stop_timeout: Duration::from_secs(60),
        }
    }
}
