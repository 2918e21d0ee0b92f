//! `show`: one machine in detail. `create` and `clone` report their new machine the same way.

use super::forward::forward_table;
use super::{
    adapters::adapter_table, backend_error, list::state_label, snapshot::snapshot_table, Ctx,
    ExitStatus,
};
use crate::output::config_json::ForwardJson;
use crate::output::json::{time_ms, MachineDetail};
use crate::output::storage_json::{SharedFolderJson, StorageJson};
use crate::output::{fields, indent};
use anyhow::Result;
use vbox_ops::addresses::{machine_addresses, AddressQuery, GuestAddress};
use vbox_types::{Backend, ErrorKind, Machine, MachineConfig, Medium, PortForward, Snapshot};

pub async fn run(ctx: &Ctx<'_>, name: &str) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    let machine = vbox_ops::get(backend, name).await?;
    let extras = extras(backend, &machine).await?;
    if ctx.json() {
        ctx.printer.json(&extras.detail(&machine))?;
    } else {
        ctx.printer.data(&render(&machine, &extras))?;
    }
    Ok(ExitStatus::Success)
}

/// Print a machine that was just made: its details as JSON, or a status line.
pub async fn report_new(ctx: &Ctx<'_>, machine: &Machine, status: String) -> Result<ExitStatus> {
    ctx.printer.status(status);
    if ctx.json() {
        let e = extras(ctx.backend().await?, machine).await?;
        ctx.printer.json(&e.detail(machine))?;
    }
    Ok(ExitStatus::Success)
}

/// What `show` reads besides the machine.
pub struct Extras {
    /// Its addresses (one probe, when running).
    pub addresses: Vec<GuestAddress>,
    /// Its snapshots (when its settings are readable).
    pub snapshots: Vec<Snapshot>,
    /// The disks of its current state.
    pub disks: Vec<Medium>,
    /// Port forwards of its NAT adapters.
    pub forwards: Vec<PortForward>,
    /// Its settings beyond the summary (storage, shares), when the backend reads them.
    pub config: Option<MachineConfig>,
}

impl Extras {
    /// The JSON of `m` with these extras.
    fn detail(&self, m: &Machine) -> MachineDetail {
        let mut detail = MachineDetail::new(m, &self.addresses, &self.snapshots, &self.disks);
        detail.forwards = self.forwards.iter().map(ForwardJson::new).collect();
        if let Some(c) = &self.config {
            detail.storage = Some(StorageJson::new(c));
            detail.shared_folders = c.shared_folders.iter().map(SharedFolderJson::new).collect();
        }
        detail
    }
}

async fn extras(backend: &dyn Backend, m: &Machine) -> Result<Extras> {
    let addresses = machine_addresses(backend, m, &AddressQuery::default()).await?;
    let snapshots = if m.accessible && m.snapshot_count > 0 {
        backend
            .list_snapshots(&m.id)
            .await
            .map_err(backend_error("list the snapshots of", &m.name))?
    } else {
        Vec::new()
    };
    let media = backend
        .list_media()
        .await
        .map_err(backend_error("list the disks of", &m.name))?;
    // Forwards, storage and shares in one read; a backend that cannot read them shows none.
    let config = if m.accessible {
        match backend.machine_config(&m.id).await {
            Ok(c) => Some(c),
            Err(e) if e.kind() == ErrorKind::Unsupported => None,
            Err(e) => return Err(backend_error("read the settings of", &m.name)(e).into()),
        }
    } else {
        None
    };
    Ok(Extras {
        addresses,
        snapshots,
        disks: current_disks(m, &media),
        forwards: config
            .as_ref()
            .map(|c| c.forwards.clone())
            .unwrap_or_default(),
        config,
    })
}

/// The disks a machine's current state uses: of the media it uses (snapshots included), those
/// that no other medium it uses descends from (a snapshot's disk has its successor as child).
pub fn current_disks(m: &Machine, media: &[Medium]) -> Vec<Medium> {
    let used: Vec<&Medium> = media
        .iter()
        .filter(|d| d.machine_ids.contains(&m.id))
        .collect();
    used.iter()
        .filter(|d| {
            !used
                .iter()
                .any(|o| o.parent_id.as_deref() == Some(d.id.as_str()))
        })
        .map(|d| (*d).clone())
        .collect()
}

/// `path (4096 MB)` per disk.
fn disk_lines(disks: &[Medium]) -> String {
    disks
        .iter()
        .map(|d| format!("{} ({} MB)", d.location, d.logical_size / (1024 * 1024)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render(m: &Machine, extras: &Extras) -> String {
    let (addresses, snapshots) = (&extras.addresses, &extras.snapshots);
    let state = match time_ms(m.last_state_change_ms) {
        Some(since) => format!("{} (since {since})", state_label(m)),
        None => state_label(m).to_string(),
    };
    let session = match &m.session_name {
        Some(frontend) => format!("{} ({frontend})", m.session_state),
        None => m.session_state.to_string(),
    };
    let addresses: Vec<String> = addresses.iter().map(|a| a.address.to_string()).collect();
    let mut text = fields(&[
        ("Name", m.name.clone()),
        ("UUID", m.id.clone()),
        ("State", state),
        ("Session", session),
        ("OS type", m.os_type_id.clone()),
        ("Memory", format!("{} MB", m.memory_mb)),
        ("CPUs", m.cpus.to_string()),
        ("Chipset", m.chipset.to_string()),
        ("Firmware", m.firmware.to_string()),
        ("Groups", m.groups.join(", ")),
        ("Description", m.description.clone()),
        ("Settings file", m.settings_file.clone()),
        ("Disks", disk_lines(&extras.disks)),
        ("Addresses", addresses.join(", ")),
    ]);
    let adapters: Vec<_> = m.enabled_adapters().collect();
    if !adapters.is_empty() {
        text.push_str("Adapters:\n");
        text.push_str(&indent(&adapter_table(adapters).render(), 2));
    }
    if !extras.forwards.is_empty() {
        text.push_str("Forwards:\n");
        text.push_str(&indent(&forward_table(&extras.forwards).render(), 2));
    }
    if let Some(c) = extras.config.as_ref().filter(|c| !c.attachments.is_empty()) {
        text.push_str("Storage:\n");
        text.push_str(&indent(&super::storage::attachment_table(c).render(), 2));
    }
    if let Some(c) = extras
        .config
        .as_ref()
        .filter(|c| !c.shared_folders.is_empty())
    {
        text.push_str("Shared folders:\n");
        text.push_str(&indent(
            &super::storage::share_table(&c.shared_folders).render(),
            2,
        ));
    }
    if !snapshots.is_empty() {
        text.push_str("Snapshots:\n");
        text.push_str(&indent(&snapshot_table(snapshots).render(), 2));
    }
    text
}
