//! Pure data for vboxctl: VirtualBox machine states decoded per API generation, the other
//! enums, machines and adapters, guest properties, error kinds and result codes, and the
//! object-safe async [`Backend`] trait that every backend implements. No I/O happens here.

mod appliance;
mod backend;
mod config;
mod enums;
mod error;
mod guest;
mod machine;
mod network;
pub mod salt;
mod secret;
mod state;
mod storage;
mod version;

pub use appliance::{
    ApplianceDisk, ApplianceInfo, ApplianceNic, ApplianceSystem, CancelToken, ExportAppliance,
    ImportAppliance, MacPolicy, OperationProgress, OvfVersion, ProgressFn, Watch,
};
pub use backend::{
    AdapterChange, Backend, Capabilities, CloneMachine, ControlAction, CreateMachine,
    MachineFields, ModifyMachine, TakeSnapshot, Unregister, UnregisterReport,
};
pub use config::{BootDevice, ForwardRemoval, MachineConfig, NatProtocol, PortForward};
pub use enums::{
    ChipsetType, CleanupMode, CloneMode, CloneOption, FirmwareType, LockType, NetworkAdapterType,
    NetworkAttachmentType, ParseEnumError, SessionState, SessionType, StartType,
};
pub use error::{Error, ErrorKind, Result, ResultCode};
pub use guest::{
    guest_net_property, guest_pattern_matches, guest_property_changes, GuestNetInterface,
    GuestProperty, GuestPropertyChange, GUEST_ADD_VERSION, GUEST_NET_COUNT, GUEST_NET_PREFIX,
};
pub use machine::{
    DeviceType, Machine, MachineSummary, Medium, NetworkAdapter, Snapshot, SnapshotRef,
};
pub use network::{
    host_only_not_found, host_only_refused, hostonlynet_network_name, interface_network_name,
    is_macos, kind_unsupported, CreateHostOnly, DhcpRange, DhcpServer, HostNetworks, HostOnlyKind,
    HostOnlyNetwork,
};
pub use secret::Secret;
pub use state::{MachineState, ParseStateError, StateBounds};
pub use storage::{
    MediumSource, SharedFolder, SharedFolderRemoval, StorageAttach, StorageAttachment, StorageBus,
    StorageController, StorageKind, StorageSlot,
};
pub use version::{ApiVersion, ParseVersionError, VersionInfo};
