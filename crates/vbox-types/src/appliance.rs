//! Appliances (OVF, OVA): what an import will make, and the options of import and export.
//!
//! Paths are paths on the VirtualBox host (the web service and VBoxManage over ssh open them
//! there). Vagrant boxes are an OVF in a tar with metadata; they are unpacked and packed above
//! the backends, which see only the OVF.

use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// What happens to MAC addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MacPolicy {
    /// New MAC addresses (VirtualBox's default on import; `nomacs` on export).
    #[default]
    Fresh,
    /// Keep the MACs of NAT adapters only (`keepnatmacs`, `nomacsbutnat`).
    KeepNat,
    /// Keep every MAC address (`keepallmacs`; on export, write them all).
    KeepAll,
}

/// The OVF version an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum OvfVersion {
    /// OVF 1.0 (VirtualBox's default, `ovf-1.0`).
    #[default]
    V1_0,
    /// OVF 2.0 (`ovf-2.0`).
    V2_0,
}

impl OvfVersion {
    /// The format name `IAppliance::write` takes.
    pub fn api_name(self) -> &'static str {
        match self {
            OvfVersion::V1_0 => "ovf-1.0",
            OvfVersion::V2_0 => "ovf-2.0",
        }
    }
}

/// `import`: one appliance, whose first virtual system becomes one machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportAppliance {
    /// The `.ova` or `.ovf` file on the VirtualBox host.
    pub path: String,
    /// The machine's name; `None` keeps VirtualBox's suggestion (the appliance's name, made
    /// unique with ` 1`, ` 2`…).
    pub name: Option<String>,
    /// RAM in MB; `None` keeps the appliance's.
    pub memory_mb: Option<u32>,
    /// Virtual CPUs; `None` keeps the appliance's.
    pub cpus: Option<u32>,
    /// The folder the machine's folder (settings and disks) is made in; `None` is the
    /// host's default machine folder.
    pub base_folder: Option<String>,
    /// MAC addresses of the new machine.
    pub macs: MacPolicy,
}

/// `export`: machines into one appliance file. The default keeps every MAC address, as
/// VirtualBox's own export does (fixture `export-ova.ovf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportAppliance {
    /// Machines (names or UUIDs), one virtual system each.
    pub machines: Vec<String>,
    /// The file to write on the VirtualBox host: `.ova` (one tar) or `.ovf` (disks beside
    /// it). Its folder must exist and the file must not.
    pub path: String,
    /// OVF version.
    pub ovf: OvfVersion,
    /// Write a SHA-256 manifest (`.mf`).
    pub manifest: bool,
    /// Which MAC addresses are written.
    pub macs: MacPolicy,
    /// Product name (each virtual system's product section).
    pub product: Option<String>,
    /// Vendor.
    pub vendor: Option<String>,
    /// Product version.
    pub version: Option<String>,
}

impl Default for ExportAppliance {
    fn default() -> ExportAppliance {
        ExportAppliance {
            machines: Vec::new(),
            path: String::new(),
            ovf: OvfVersion::default(),
            manifest: false,
            macs: MacPolicy::KeepAll,
            product: None,
            vendor: None,
            version: None,
        }
    }
}

/// A disk an import creates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApplianceDisk {
    /// The image inside the appliance (`src1-disk001.vmdk`).
    pub source: String,
    /// Where the import puts it (as VirtualBox says: relative to the machine folder when it
    /// gives no folder).
    pub target: String,
    /// Virtual size in bytes, when the appliance states it.
    pub capacity_bytes: Option<u64>,
}

/// A network adapter an import creates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApplianceNic {
    /// What the appliance attaches it to (`NAT`, `Bridged`, a network name).
    pub network: String,
    /// What VirtualBox makes of it (`type=NAT`, `slot=0;type=NAT`).
    pub config: String,
}

/// One virtual system as VirtualBox interprets it, with the import's options applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApplianceSystem {
    /// The machine name the import gives.
    pub name: String,
    /// OS type id.
    pub os_type_id: Option<String>,
    /// RAM in MB.
    pub memory_mb: Option<u32>,
    /// Virtual CPUs.
    pub cpus: Option<u32>,
    /// The settings file the import writes.
    pub settings_file: Option<String>,
    /// The base folder.
    pub base_folder: Option<String>,
    /// Product, vendor and version of the product section.
    pub product: Option<String>,
    /// Vendor.
    pub vendor: Option<String>,
    /// Product version.
    pub version: Option<String>,
    /// Disks, in the appliance's order.
    pub disks: Vec<ApplianceDisk>,
    /// Network adapters, in the appliance's order.
    pub nics: Vec<ApplianceNic>,
}

/// What reading and interpreting an appliance gave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ApplianceInfo {
    /// The virtual systems (an import makes a machine of the first).
    pub systems: Vec<ApplianceSystem>,
    /// VirtualBox's interpretation warnings (values it changed, settings it dropped).
    pub warnings: Vec<String>,
}

/// How far a long operation is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OperationProgress {
    /// Percent done, 0–100.
    pub percent: u32,
    /// VirtualBox's description of the current step, when the backend has it (the web
    /// service does; VBoxManage prints only percentages).
    pub description: Option<String>,
}

/// Called with each progress step while an operation runs.
pub type ProgressFn = Arc<dyn Fn(&OperationProgress) + Send + Sync>;

/// Asks a running operation to stop; clones share the request.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// Ask the operation to stop (VirtualBox's progress is cancelled; what it made is undone).
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Who watches a long operation: the progress listener and the cancel request.
#[derive(Clone, Default)]
pub struct Watch {
    /// Hears each progress step.
    pub progress: Option<ProgressFn>,
    /// Checked while the operation runs.
    pub cancel: CancelToken,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("progress", &self.progress.is_some())
            .field("cancel", &self.cancel)
            .finish()
    }
}

impl Watch {
    /// Tell the listener, if any.
    pub fn report(&self, percent: u32, description: Option<&str>) {
        if let Some(p) = &self.progress {
            p(&OperationProgress {
                percent,
                description: description.map(str::to_string),
            });
        }
    }
}
