//! What the emulator's output formats read about one machine: the common [`Machine`] plus
//! the simulator's own details that only VBoxManage shows (hardware UUID, folders, saved-state
//! file, disk attachments, snapshot tree, the running VM's console and Guest Additions).

#[path = "format/mod.rs"]
pub(crate) mod format;
#[cfg(test)]
#[path = "testkit.rs"]
pub(crate) mod testkit;

use crate::model::machine::MachineRecord;
use crate::model::media::MediumRecord;
use crate::model::storage::{self, ControllerRecord};
use crate::model::{shares, snapshots};
use crate::Sim;
use std::path::Path;
use vbox_types::{Machine, Result, Snapshot};

/// One machine as `showvminfo`, `list --long` and `snapshot list` see it.
#[derive(Debug, Clone)]
pub(crate) struct MachineView {
    /// The common view.
    pub machine: Machine,
    /// The snapshot tree in pre-order.
    pub snapshots: Vec<Snapshot>,
    /// `IMachine.hardwareUUID` (the id, unless a clone kept the source's).
    pub hardware_uuid: String,
    /// `SnapshotFolder`: `<machine folder>/Snapshots`.
    pub snapshot_folder: String,
    /// `LogFolder`: `<machine folder>/Logs`.
    pub log_folder: String,
    /// The NVRAM file, `<settings file without .vbox>.nvram` (7.0.14 captures).
    pub nvram_file: String,
    /// The saved state file while Saved.
    pub state_file: Option<String>,
    /// Hard disks of the current state, in attachment order, then the optical drives.
    pub disks: Vec<DiskView>,
    /// The controllers the machine was given (`storagectl`, `addStorageController`).
    pub controllers: Vec<ControllerRecord>,
    /// Shared folders: the settings', then the running VM's transient ones.
    pub shares: Vec<vbox_types::SharedFolder>,
    /// Whether `createvm` was given an OS type. VirtualBox reports `Other` either way, but a
    /// machine created without one keeps the generic defaults (long mode, I/O APIC on).
    pub os_type_given: bool,
    /// The VM process's console, while one exists.
    pub console: Option<ConsoleView>,
    /// Sim time of the view, ms.
    pub now_ms: i64,
    /// Video memory, boot order and NAT rules.
    pub config: crate::model::config::HwConfig,
}

/// A hard disk attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DiskView {
    /// Controller name (`SATA`).
    pub controller: String,
    /// Port.
    pub port: u32,
    /// Device.
    pub device: u32,
    /// Image path.
    pub location: String,
    /// Medium UUID; empty for an empty drive.
    pub medium_id: String,
    /// An optical drive (its location `emptydrive` when it has no image).
    pub dvd: bool,
}

/// What `IConsole` tells about a running (or paused) VM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConsoleView {
    /// When the guest was powered on, ms.
    pub boot_ms: i64,
    /// Paused (or being saved) since, ms.
    pub frozen_since: Option<i64>,
    /// The running Guest Additions, once they reported.
    pub additions: Option<AdditionsView>,
}

/// `IGuest` facts the Guest Additions report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AdditionsView {
    /// `AdditionsVersion` (`7.0.14`).
    pub version: String,
    /// `AdditionsRevision`.
    pub revision: u32,
    /// When the facilities became active, ms.
    pub active_since_ms: i64,
}

impl ConsoleView {
    /// Guest run time at `now`, not counting a pause still in progress.
    pub(crate) fn uptime_ms(&self, now: i64) -> i64 {
        (self.frozen_since.unwrap_or(now) - self.boot_ms).max(0)
    }
}

impl MachineView {
    /// The view of one record.
    pub(crate) fn of(
        m: &MachineRecord,
        media: &[MediumRecord],
        now: i64,
        root: &Path,
    ) -> MachineView {
        let folder = Path::new(&m.folder);
        let nvram = Path::new(&m.settings_file).with_extension("nvram");
        let location = |id: &str| {
            media
                .iter()
                .find(|md| md.id == id)
                .map(|md| md.location.clone())
                .unwrap_or_default()
        };
        let mut disks: Vec<DiskView> = m
            .disks
            .iter()
            .map(|a| DiskView {
                controller: a.controller.clone(),
                port: a.port,
                device: a.device,
                location: location(&a.medium),
                medium_id: a.medium.clone(),
                dvd: false,
            })
            .collect();
        disks.extend(m.hw.config.drives.iter().map(|d| {
            DiskView {
                controller: d.controller.clone(),
                port: d.port,
                device: d.device,
                location: d
                    .medium
                    .as_deref()
                    .map_or_else(|| "emptydrive".to_string(), location),
                medium_id: d.medium.clone().unwrap_or_default(),
                dvd: true,
            }
        }));
        MachineView {
            machine: m.to_machine(now),
            snapshots: snapshots::list(m),
            hardware_uuid: m.hardware_uuid.clone(),
            snapshot_folder: path(&folder.join("Snapshots")),
            log_folder: path(&folder.join("Logs")),
            nvram_file: path(&nvram),
            state_file: m.state_file.clone(),
            disks,
            controllers: storage::recorded(root, m),
            shares: shares::list(m),
            os_type_given: os_type_given(m),
            console: console(m),
            now_ms: now,
            config: m.hw.config.clone(),
        }
    }
}

/// The model keeps `Other` for a machine created without an OS type; such a machine is the
/// one `Other` machine without any network adapter (with an OS type, `createvm` enables
/// NAT on adapter 1: `createvm-noostype` versus `createvm-other`).
fn os_type_given(m: &MachineRecord) -> bool {
    m.hw.os_type_id != "Other" || m.hw.adapters.iter().any(|a| a.enabled)
}

fn console(m: &MachineRecord) -> Option<ConsoleView> {
    let run = m.run.as_ref()?;
    let prop = |name: &str| m.guest_props.get(name).map(|p| p.value.clone());
    let additions = run.ga_published.then(|| AdditionsView {
        version: prop("/VirtualBox/GuestAdd/Version").unwrap_or_default(),
        revision: prop("/VirtualBox/GuestAdd/Revision")
            .and_then(|r| r.parse().ok())
            .unwrap_or(0),
        active_since_ms: run.ga_at_ms.unwrap_or(run.boot_ms),
    });
    Some(ConsoleView {
        boot_ms: run.boot_ms,
        frozen_since: run.frozen_since,
        additions,
    })
}

fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

impl Sim {
    /// The view of one machine (NotFound with VirtualBox's text when it is not registered).
    pub(crate) async fn machine_view(&self, name_or_id: &str) -> Result<MachineView> {
        self.view(|reg, ctx| {
            let i = reg.find(name_or_id)?;
            Ok(MachineView::of(
                &reg.machines[i],
                &reg.media,
                ctx.now,
                ctx.root,
            ))
        })
    }

    /// Every registered machine's view, in registration order (`list --long vms`).
    pub(crate) async fn machine_views(&self) -> Result<Vec<MachineView>> {
        self.view(|reg, ctx| {
            Ok(reg
                .machines
                .iter()
                .map(|m| MachineView::of(m, &reg.media, ctx.now, ctx.root))
                .collect())
        })
    }
}
