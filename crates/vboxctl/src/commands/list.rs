//! `list`: every registered machine.

use super::{Ctx, ExitStatus};
use crate::output::{json::MachineRow, Table};
use anyhow::Result;
use vbox_types::Machine;

pub async fn run(ctx: &Ctx<'_>) -> Result<ExitStatus> {
    let machines = vbox_ops::list(ctx.backend().await?).await?;
    if ctx.json() {
        let rows: Vec<MachineRow> = machines.iter().map(MachineRow::new).collect();
        ctx.printer.json(&rows)?;
    } else if machines.is_empty() {
        ctx.printer.status("No machines are registered");
    } else {
        let mut table = Table::new(&["NAME", "STATE", "OS TYPE", "MEMORY", "CPUS", "ID"]);
        for m in &machines {
            table.row([
                m.name.clone(),
                state_label(m).to_string(),
                m.os_type_id.clone(),
                format!("{} MB", m.memory_mb),
                m.cpus.to_string(),
                m.id.clone(),
            ]);
        }
        ctx.printer.table(&table)?;
    }
    Ok(ExitStatus::Success)
}

/// The state column: the API name, or `inaccessible` when the settings cannot be read (the
/// state is then meaningless).
pub fn state_label(m: &Machine) -> &'static str {
    if m.accessible {
        m.state.api_name()
    } else {
        "inaccessible"
    }
}
