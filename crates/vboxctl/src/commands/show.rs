//! `show`: one machine in detail. `create` and `clone` report their new machine the same way.

use super::{
    adapters::adapter_table, backend_error, list::state_label, snapshot::snapshot_table, Ctx,
    ExitStatus,
};
use crate::output::json::{time_ms, MachineDetail};
use crate::output::{fields, indent};
use anyhow::Result;
use vbox_ops::addresses::{machine_addresses, AddressQuery, GuestAddress};
use vbox_types::{Backend, Machine, Snapshot};

pub async fn run(ctx: &Ctx<'_>, name: &str) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    let machine = vbox_ops::get(backend, name).await?;
    let (addresses, snapshots) = extras(backend, &machine).await?;
    if ctx.json() {
        ctx.printer
            .json(&MachineDetail::new(&machine, &addresses, &snapshots))?;
    } else {
        ctx.printer
            .data(&render(&machine, &addresses, &snapshots))?;
    }
    Ok(ExitStatus::Success)
}

/// Print a machine that was just made: its details as JSON, or a status line.
pub async fn report_new(ctx: &Ctx<'_>, machine: &Machine, status: String) -> Result<ExitStatus> {
    ctx.printer.status(status);
    if ctx.json() {
        let (addresses, snapshots) = extras(ctx.backend().await?, machine).await?;
        ctx.printer
            .json(&MachineDetail::new(machine, &addresses, &snapshots))?;
    }
    Ok(ExitStatus::Success)
}

/// What `show` reads besides the machine: its addresses (one probe, when running) and its
/// snapshots (when its settings are readable).
async fn extras(backend: &dyn Backend, m: &Machine) -> Result<(Vec<GuestAddress>, Vec<Snapshot>)> {
    let addresses = machine_addresses(backend, m, &AddressQuery::default()).await?;
    let snapshots = if m.accessible && m.snapshot_count > 0 {
        backend
            .list_snapshots(&m.id)
            .await
            .map_err(backend_error("list the snapshots of", &m.name))?
    } else {
        Vec::new()
    };
    Ok((addresses, snapshots))
}

fn render(m: &Machine, addresses: &[GuestAddress], snapshots: &[Snapshot]) -> String {
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
        ("Addresses", addresses.join(", ")),
    ]);
    let adapters: Vec<_> = m.enabled_adapters().collect();
    if !adapters.is_empty() {
        text.push_str("Adapters:\n");
        text.push_str(&indent(&adapter_table(adapters).render(), 2));
    }
    if !snapshots.is_empty() {
        text.push_str("Snapshots:\n");
        text.push_str(&indent(&snapshot_table(snapshots).render(), 2));
    }
    text
}
