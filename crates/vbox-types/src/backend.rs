//! The one trait every backend implements, and the option structs its methods take.

use crate::{
    ApplianceInfo, BootDevice, CleanupMode, CloneMode, CloneOption, CreateHostOnly,
    ExportAppliance, ForwardRemoval, GuestProperty, GuestPropertyChange, HostNetworks,
    HostOnlyNetwork, ImportAppliance, Machine, MachineConfig, MachineSummary, Medium,
    NetworkAdapterType, NetworkAttachmentType, PortForward, Result, SharedFolder,
    SharedFolderRemoval, Snapshot, StartType, StorageAttach, StorageSlot, VersionInfo, Watch,
};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What a backend can do beyond the common set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Capabilities {
    /// [`Backend::wait_guest_property`] is event-driven (no polling needed).
    pub event_wait: bool,
}

/// What a listing reads of each machine besides its name, UUID, accessibility and state.
///
/// A listing of many machines costs a round trip per attribute per machine over the web
/// service, so a listing asks only for the columns it prints. Fields not asked for keep the
/// values of [`Machine::inaccessible`] (empty, zero, `Null`, no adapters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MachineFields {
    /// [`Machine::os_type_id`].
    pub os_type: bool,
    /// [`Machine::memory_mb`].
    pub memory: bool,
    /// [`Machine::cpus`].
    pub cpus: bool,
    /// [`Machine::groups`].
    pub groups: bool,
    /// [`Machine::session_state`].
    pub session: bool,
}

impl MachineFields {
    /// Every field of this struct.
    pub const ALL: MachineFields = MachineFields {
        os_type: true,
        memory: true,
        cpus: true,
        groups: true,
        session: true,
    };
}

/// `create`: a new, registered machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateMachine {
    /// Name (required, non-empty).
    pub name: String,
    /// OS type id. `None` gives a machine with no network adapter at all (as `createvm`
    /// without `--ostype` does on a real 7.0.14 host); with an OS type, adapter 1 is on NAT.
    pub os_type_id: Option<String>,
    /// RAM in MB; `None` keeps VirtualBox's `createvm` default (128 MB for every OS type on a
    /// real 7.0.14 host: `createvm` applies no recommended RAM without `--default`).
    pub memory_mb: Option<u32>,
    /// Virtual CPUs; `None` keeps 1.
    pub cpus: Option<u32>,
    /// Groups (`/lab/web`); empty means the root group `/`.
    pub groups: Vec<String>,
    /// Description.
    pub description: Option<String>,
    /// Create a dynamically allocated VDI of this many MB in the machine folder and attach it
    /// to a SATA controller (what `createmedium` + `storagectl` + `storageattach` do).
    /// `None` gives no disk, as `createvm` alone does.
    pub disk_mb: Option<u64>,
}

/// `modify`: settings to change on a machine that is not running. `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModifyMachine {
    /// RAM in MB.
    pub memory_mb: Option<u32>,
    /// Virtual CPUs.
    pub cpus: Option<u32>,
    /// Description.
    pub description: Option<String>,
    /// Groups (replaces every group).
    pub groups: Option<Vec<String>>,
    /// Adapter changes.
    pub adapters: Vec<AdapterChange>,
    /// Video memory in MB.
    pub vram_mb: Option<u32>,
    /// Boot order, position 1 first (at most [`BootDevice::POSITIONS`]; positions not given
    /// are set to [`BootDevice::None`]).
    pub boot_order: Option<Vec<BootDevice>>,
    /// NAT port forwards to remove (applied before `forwards_added`, so a rule can be replaced).
    pub forwards_removed: Vec<ForwardRemoval>,
    /// NAT port forwards to add.
    pub forwards_added: Vec<PortForward>,
    /// Storage slots to empty (`storageattach --medium none`), before `storage_attached`.
    pub storage_detached: Vec<StorageSlot>,
    /// Media to attach, each creating its controller (and its new disk) when missing.
    pub storage_attached: Vec<StorageAttach>,
    /// Shared folders to remove, before `shared_folders_added`.
    pub shared_folders_removed: Vec<SharedFolderRemoval>,
    /// Shared folders to add.
    pub shared_folders_added: Vec<SharedFolder>,
}

impl ModifyMachine {
    /// Whether the change is only of transient shared folders: the one change here a running
    /// machine takes (through its console; everything else needs the write lock that the
    /// running machine's session holds).
    pub fn only_transient_shares(&self) -> bool {
        let shares =
            !self.shared_folders_added.is_empty() || !self.shared_folders_removed.is_empty();
        shares
            && self.shared_folders_added.iter().all(|s| s.transient)
            && self.shared_folders_removed.iter().all(|s| s.transient)
            && ModifyMachine {
                shared_folders_added: Vec::new(),
                shared_folders_removed: Vec::new(),
                ..self.clone()
            } == ModifyMachine::default()
    }

    /// Whether the change touches storage or shared folders (what `modifyvm` does not do).
    pub fn touches_storage_or_shares(&self) -> bool {
        !self.storage_detached.is_empty()
            || !self.storage_attached.is_empty()
            || !self.shared_folders_removed.is_empty()
            || !self.shared_folders_added.is_empty()
    }
}

/// A change to one network adapter slot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdapterChange {
    /// Slot, 0-based.
    pub slot: u32,
    /// Attach to this; `Some(Null)` disables the adapter.
    pub attachment: Option<NetworkAttachmentType>,
    /// Interface or network name for the attachment (bridged/host-only interface, internal or
    /// NAT network name).
    pub network: Option<String>,
    /// MAC address (12 hex digits); `Some("auto")` generates a new one.
    pub mac_address: Option<String>,
    /// Emulated card.
    pub adapter_type: Option<NetworkAdapterType>,
    /// Whether the virtual cable is connected.
    pub cable_connected: Option<bool>,
}

/// `clone`: a new registered machine from an existing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloneMachine {
    /// Source machine name or UUID.
    pub source: String,
    /// New machine's name.
    pub name: String,
    /// Which states to clone.
    pub mode: CloneMode,
    /// Clone options; [`CloneOption::Link`] makes a linked clone, which needs `snapshot`.
    pub options: Vec<CloneOption>,
    /// Clone from this snapshot (name or UUID) instead of the current state.
    pub snapshot: Option<String>,
    /// Groups of the new machine; empty keeps the root group.
    pub groups: Vec<String>,
}

impl CloneMachine {
    /// A full clone of the current state.
    pub fn new(source: impl Into<String>, name: impl Into<String>) -> CloneMachine {
        CloneMachine {
            source: source.into(),
            name: name.into(),
            mode: CloneMode::MachineState,
            options: Vec::new(),
            snapshot: None,
            groups: Vec::new(),
        }
    }

    /// Whether this is a linked clone.
    pub fn is_linked(&self) -> bool {
        self.options.contains(&CloneOption::Link)
    }
}

/// What to do to a running machine (`controlvm`, `IConsole`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ControlAction {
    /// Hard power-off; returns when the machine is PoweredOff.
    PowerOff,
    /// Press the ACPI power button; returns at once (the guest may ignore it).
    AcpiPowerButton,
    /// Save the execution state; returns when the machine is Saved.
    SaveState,
    /// Pause execution.
    Pause,
    /// Resume a paused machine.
    Resume,
    /// Hard reset.
    Reset,
}

/// `unregister`: remove a machine from the registry, optionally deleting its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unregister {
    /// How media are detached.
    pub cleanup: CleanupMode,
    /// Delete the settings file, saved states and the returned media (`deleteConfig`).
    pub delete_files: bool,
    /// Media ids that must survive even if returned (shared or kept disks).
    pub keep_media: Vec<String>,
}

impl Default for Unregister {
    fn default() -> Unregister {
        Unregister {
            cleanup: CleanupMode::DetachAllReturnHardDisksOnly,
            delete_files: true,
            keep_media: Vec::new(),
        }
    }
}

/// What an unregister did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UnregisterReport {
    /// Media whose files were deleted.
    pub deleted_media: Vec<Medium>,
    /// Media that were detached and left on disk.
    pub kept_media: Vec<Medium>,
}

/// `snapshot take`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TakeSnapshot {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Take it without pausing a running machine (`--live`).
    pub live: bool,
}

/// A VirtualBox host reached through one backend. Object-safe: `Arc<dyn Backend>`.
///
/// Machines are named by name or UUID everywhere. Every method returns VirtualBox's own
/// error texts and result codes where it gives them; see [`crate::ErrorKind`]. Methods that
/// start long operations return when the operation completed (the progress object of the
/// API reached 100%); none of them retries — that is the job of `vbox-ops`.
#[async_trait]
pub trait Backend: Send + Sync + std::fmt::Debug {
    /// Where this backend points (`sim:///tmp/lab`, `vboxmanage:///usr/bin/VBoxManage`).
    fn describe(&self) -> String;

    /// Optional abilities.
    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }

    /// The host's VirtualBox version and API generation.
    async fn version(&self) -> Result<VersionInfo>;

    /// Every registered machine, cheaply (name, id, and the state when the backend has it).
    async fn list_machines(&self) -> Result<Vec<MachineSummary>>;

    /// Every registered machine with details. Backends fetch these with as few round trips
    /// as they can (in bulk, or with bounded concurrency).
    async fn list_machines_full(&self) -> Result<Vec<Machine>>;

    /// Every registered machine with its name, UUID, accessibility and state, and of the
    /// rest only `fields` (see [`MachineFields`]); backends where each attribute costs a
    /// round trip read only what is asked. No default: a wrapper that forgot to pass it on
    /// would read everything, silently (vboxctl's `-v` wrapper once made `list` over
    /// VBoxManage a `showvminfo` per machine, 5× slower on 200 machines).
    async fn list_machines_with(&self, fields: MachineFields) -> Result<Vec<Machine>>;

    /// One machine by name or UUID. NotFound: `Could not find a registered machine named '…'`.
    async fn get_machine(&self, name_or_id: &str) -> Result<Machine>;

    /// Create and register a machine.
    async fn create_machine(&self, spec: &CreateMachine) -> Result<Machine>;

    /// Change settings of a machine that is not running (InvalidState/Locked otherwise).
    async fn modify_machine(&self, name_or_id: &str, change: &ModifyMachine) -> Result<()>;

    /// Clone and register. On failure nothing of the new machine is left behind.
    async fn clone_machine(&self, spec: &CloneMachine) -> Result<Machine>;

    /// Launch the VM process; returns when the machine is Running (or the launch failed).
    async fn start_machine(&self, name_or_id: &str, start_type: StartType) -> Result<()>;

    /// Act on a running machine. NotRunning gives InvalidState.
    async fn control_machine(&self, name_or_id: &str, action: ControlAction) -> Result<()>;

    /// Unregister (and optionally delete) a machine that is not running and not locked.
    async fn unregister_machine(
        &self,
        name_or_id: &str,
        how: &Unregister,
    ) -> Result<UnregisterReport>;

    /// Every registered hard disk, with parent/child relations and users.
    async fn list_media(&self) -> Result<Vec<Medium>>;

    /// One guest property; `None` when unset (VBoxManage: `No value set!`).
    async fn get_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
    ) -> Result<Option<GuestProperty>>;

    /// Guest properties matching `patterns` (globs separated by `|`; empty = all).
    async fn enumerate_guest_properties(
        &self,
        name_or_id: &str,
        patterns: &str,
    ) -> Result<Vec<GuestProperty>>;

    /// Set a guest property; `value: None` deletes it.
    async fn set_guest_property(
        &self,
        name_or_id: &str,
        property: &str,
        value: Option<&str>,
        flags: Option<&str>,
    ) -> Result<()>;

    /// Wait up to `timeout` for a property matching `patterns` to change. `Ok(None)` on
    /// timeout. Backends without events return Unsupported (see [`Capabilities::event_wait`]).
    async fn wait_guest_property(
        &self,
        name_or_id: &str,
        patterns: &str,
        timeout: Duration,
    ) -> Result<Option<GuestPropertyChange>>;

    /// The snapshot tree in pre-order (empty when the machine has none).
    async fn list_snapshots(&self, name_or_id: &str) -> Result<Vec<Snapshot>>;

    /// Take a snapshot; returns it.
    async fn take_snapshot(&self, name_or_id: &str, spec: &TakeSnapshot) -> Result<Snapshot>;

    /// Restore a snapshot (name or UUID) of a machine that is not running.
    async fn restore_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()>;

    /// Delete a snapshot (name or UUID).
    async fn delete_snapshot(&self, name_or_id: &str, snapshot: &str) -> Result<()>;

    /// The ids of the guest OS types the host knows (`VBoxManage list ostypes`), so that an
    /// id can be checked before anything is made. The default is Unsupported: a backend that
    /// cannot list them leaves the check to VirtualBox itself.
    async fn list_os_type_ids(&self) -> Result<Vec<String>> {
        Err(crate::Error::new(
            crate::ErrorKind::Unsupported,
            format!("{} does not list OS types", self.describe()),
        ))
    }

    /// A machine's extradata value; `None` when unset.
    async fn get_extradata(&self, name_or_id: &str, key: &str) -> Result<Option<String>>;

    /// Set (or with `None`, remove) a machine's extradata value.
    async fn set_extradata(&self, name_or_id: &str, key: &str, value: Option<&str>) -> Result<()>;

    /// Settings that [`Machine`] does not carry: video memory, boot order, NAT port
    /// forwards, storage (with each medium's size) and shared folders. The default is
    /// Unsupported.
    async fn machine_config(&self, name_or_id: &str) -> Result<MachineConfig> {
        let _ = name_or_id;
        Err(unsupported(self, "read machine settings"))
    }

    /// Read and interpret an appliance as an import of `spec` would (`import --dry-run`):
    /// its virtual systems with the options applied, and VirtualBox's warnings. Changes
    /// nothing.
    async fn read_appliance(&self, spec: &ImportAppliance) -> Result<ApplianceInfo> {
        let _ = spec;
        Err(unsupported(self, "read appliances"))
    }

    /// Import the first virtual system of an appliance as a registered machine; returns it.
    /// `watch` hears each step; when its cancel is asked for, the backend cancels
    /// VirtualBox's operation. On failure or cancel nothing of the new machine is left
    /// registered.
    async fn import_appliance(&self, spec: &ImportAppliance, watch: Watch) -> Result<Machine> {
        let _ = (spec, watch);
        Err(unsupported(self, "import appliances"))
    }

    /// Export machines into one appliance file (the file must not exist).
    async fn export_appliance(&self, spec: &ExportAppliance, watch: Watch) -> Result<()> {
        let _ = (spec, watch);
        Err(unsupported(self, "export appliances"))
    }

    /// Every host-only interface (and 7.x host-only network where the host has them) with
    /// every DHCP server, in one bulk read. The default is Unsupported.
    async fn list_host_only(&self) -> Result<HostNetworks> {
        Err(unsupported(self, "list host-only networks"))
    }

    /// Create a host-only interface (or 7.x network) with its address and DHCP server;
    /// returns it as listed. A host that cannot is Unsupported (see
    /// [`crate::host_only_refused`]); a failure after the interface was made removes it.
    async fn create_host_only(&self, spec: &CreateHostOnly) -> Result<HostOnlyNetwork> {
        let _ = spec;
        Err(unsupported(self, "create host-only networks"))
    }

    /// Remove a host-only interface or network by name, with its DHCP server. NotFound when
    /// there is none of that name.
    async fn remove_host_only(&self, name: &str) -> Result<()> {
        let _ = name;
        Err(unsupported(self, "remove host-only networks"))
    }
}

/// The error of a default method a backend does not implement.
fn unsupported<B: Backend + ?Sized>(backend: &B, what: &str) -> crate::Error {
    crate::Error::new(
        crate::ErrorKind::Unsupported,
        format!("{} does not {what}", backend.describe()),
    )
}
