//! `list`: every registered machine.

use super::{Ctx, ExitStatus};
use crate::output::{json::MachineRow, Table};
use anyhow::Result;
use vbox_types::{Machine, MachineFields};

/// What the table shows besides name, state and id; JSON rows add groups and the session
/// state. Over the web service each is a request per machine, so nothing else is read.
fn fields(json: bool) -> MachineFields {
    MachineFields {
        os_type: true,
        memory: true,
        cpus: true,
        groups: json,
        session: json,
    }
}

pub async fn run(ctx: &Ctx<'_>) -> Result<ExitStatus> {
    let machines = vbox_ops::list_with(ctx.backend().await?, fields(ctx.json())).await?;
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
